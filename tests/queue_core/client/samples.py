"""Contract-shaped JSON for the unit tests and the fake servers, as a real core sends it.

Each shape was taken from a real `luot-core serve` (tests/queue_core/client/test_real_core.py
holds the client to the real answers, so these cannot drift far from them).
"""

from __future__ import annotations

import copy
from typing import Any

Json = dict[str, Any]

DAY = "2026-11-25"
AT = "2026-11-25T09:00:00+07:00"
SERVICE = {"id": "lltp", "name": "Cấp phiếu lý lịch tư pháp", "name_en": "Judicial record"}
AGENCY = {"id": "stp", "name": "Sở Tư pháp", "name_en": "Department of Justice"}


def ticket(
    ticket_id: int = 1, number: str = "1001", status: str = "called", **changes: Any
) -> Json:
    """A ticket at counter 2 (waiting: at none), as every answer and event carries one."""
    called = status != "waiting"
    return {
        "id": ticket_id,
        "number": number,
        "service": dict(SERVICE),
        "agency": dict(AGENCY),
        "priority": False,
        "priority_kind": None,
        "status": status,
        "business_day": DAY,
        "issued_at": AT,
        "called_at": "2026-11-25T09:05:00+07:00" if called else None,
        "started_at": "2026-11-25T09:06:00+07:00" if status in ("serving", "done") else None,
        "finished_at": "2026-11-25T09:12:00+07:00" if status == "done" else None,
        "counter": 2 if called else None,
        "ahead": 0,
        "estimate_minutes": 0,
        "estimate_range": None,
        "public_token": "tok-abc",
        "recalls": 0,
        "transferred_from": None,
        "channel": "kiosk",
        "lang": "vi",
        "rating": None,
        "appointment_at": None,
        "awaiting_check_in": False,
        **changes,
    }


def figures(
    called: int = 0, served: int = 0, no_show: int = 0, average: float | None = None
) -> Json:
    return {
        "called": called,
        "served": served,
        "no_show": no_show,
        "average_service_minutes": average,
    }


def counter(number: int = 2, state: str = "open", current: Json | None = None) -> Json:
    """``GET /counters``' counter: its clerk, its ticket, the next two waiting, today."""
    return {
        "number": number,
        "name": f"Quầy {number}",
        "zone": "",
        "state": state,
        "services": ["lltp", "chungthuc"],
        "staff": "lan",
        "since": "2026-11-25T07:30:00+07:00",
        "ticket": current,
        "staff_name": "Nguyễn Thị Lan",
        "staff_title": "Chuyên viên",
        "waiting": [
            ticket(8, "1008", "waiting", priority=True, priority_kind="elderly"),
            ticket(9, "1009", "waiting", lang="en"),
        ],
        "today": figures(12, 10, 1, 6.5),
        "staff_today": figures(7, 6, 1, 5.8),
    }


def procedure() -> Json:
    return {
        "documents": ["Tờ khai", "CCCD"],
        "processing_time": "10 ngày",
        "fee": "200.000 đồng",
        "documents_en": ["Form", "ID card"],
        "processing_time_en": "10 days",
        "fee_en": "VND 200,000",
    }


def site() -> Json:
    """The ``site`` block each agency of ``GET /services`` carries."""
    return {
        "id": "test-centre",
        "name": "Trung tâm thử nghiệm",
        "name_en": "Test centre",
        "footer": "Xin cảm ơn",
        "public_url": "http://192.168.1.10:8470",
        "paperless_tickets": False,
        "sms": False,
    }


def service(**changes: Any) -> Json:
    return {
        "id": "lltp",
        "name": SERVICE["name"],
        "name_en": SERVICE["name_en"],
        "waiting": 2,
        "estimate_minutes": 9,
        "estimate_range": {"low": 6, "high": 14},
        "open_counters": 1,
        "target_wait_minutes": 30,
        "available": True,
        "reason": None,
        "reason_message": None,
        "procedure": procedure(),
        **changes,
    }


def agency() -> Json:
    """One agency of ``GET /services``: two services, one closed for today."""
    closed = service(
        id="chungthuc",
        name="Chứng thực bản sao",
        name_en="Certified copies",
        waiting=0,
        available=False,
        reason="closed_today",
        reason_message="Hôm nay tạm dừng: mất điện",
    )
    return {**AGENCY, "waiting": 2, "services": [service(), closed], "site": site()}


def board_site() -> Json:
    return {
        "id": "test-centre",
        "name": "Trung tâm thử nghiệm",
        "name_en": "Test centre",
        "rating": {
            "levels": ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"],
            "levels_en": [],
            "reasons": ["Chờ lâu"],
        },
        "recalls_before_no_show": 1,
        "board": {
            "ground": "#071A3D",
            "ink": "#FFFFFF",
            "number": "#FFD400",
            "accent": "#C8102E",
            "logo": None,
            "read_numbers": "number",
            "zero_tens": "linh",
            "four": "bốn",
            "english": False,
            "repeat_priority": False,
        },
    }


def board(seq: int = 10) -> Json:
    """``GET /board`` (and the stream's snapshot's ``board``)."""
    return {
        "seq": seq,
        "site": board_site(),
        "agencies": [
            {**AGENCY, "waiting": 2},
            {
                "id": "stnmt",
                "name": "Sở Tài nguyên và Môi trường",
                "name_en": "Natural Resources and Environment",
                "waiting": 0,
            },
        ],
        "counters": [counter(2, current=ticket(7, "1007")), counter(3, "closed")],
        "recent_calls": [event(seq, "ticket.called")],
        "waiting": [{"service": dict(SERVICE), "agency": "stp", "waiting": 2}],
        "today": {
            "issued": 14,
            "served": 10,
            "waiting": 2,
            "no_show": 1,
            "within_target_share": 0.917,
            "average_wait_minutes": 7.4,
        },
        "notices": ["Trung tâm làm việc từ 7:30."],
    }


def snapshot(seq: int = 10) -> Json:
    return {"type": "snapshot", "seq": seq, "board": board(seq)}


HEALTH = {
    "status": "ok",
    "site": {"id": "test-centre", "name": "Trung tâm thử nghiệm"},
    "version": "0.1.0",
    "seq": 15,
    "dossiers": {"last_pull": None, "last_error": None},
}
PAIRING = {"token": "luot_d_dXXdC8l0IT", "role": "counter", "device_id": 2, "name": "Quầy 1"}
SESSION = {
    "token": "luot_s_g4utkaTzxF",
    "staff": {"username": "lan", "name": "Lan", "role": "clerk", "title": ""},
    "counter": 1,
}
HEARTBEAT = {"device_id": 1, "last_seen": "2026-11-25T09:00:17+07:00"}
DOSSIERS = {
    "month": "2026-11",
    "agencies": [
        {
            **AGENCY,
            "received": 3,
            "resolved": 2,
            "early": 1,
            "on_time": 0,
            "late": 1,
            "on_time_share": 0.5,
            "ready_codes": ["000.00.12.H55-000001-0001"],
        }
    ],
}
DOSSIER = {
    "code": "000.00.12.H55-000001-0001",
    "procedure": "Cấp phiếu lý lịch tư pháp",
    "agency": dict(AGENCY),
    "holder": "Nguyễn T*** K*** Đ**",
    "status": "ready",
    "status_text": "Đã có kết quả — chờ trả",
    "status_text_en": "Result ready — waiting to be collected",
    "received_at": "2026-11-24T11:49:00+07:00",
    "due_at": "2026-11-26T12:29:00+07:00",
    "resolved_at": "2026-11-25T08:09:00+07:00",
    "returned_at": None,
    "timeliness": "early",
    "ready": True,
    "result": {
        "service": "tra_kq",
        "counters": [5, 6],
        "bring": "Giấy hẹn; CCCD",
        "bring_en": "The receipt; your ID card",
    },
    "updated_at": "2026-11-25T09:00:17+07:00",
}
_MINUTES = {"mean": 4.2, "p50": 3.5, "p90": 9.0}
STATS_FIGURES = {
    "issued": 3,
    "served": 1,
    "no_show": 1,
    "cancelled": 0,
    "wait_minutes": _MINUTES,
    "service_minutes": {"mean": None, "p50": None, "p90": None},
    "within_target_share": 1.0,
    "ratings": {"count": 1, "mean": 2.0, "levels": {"1": 0, "2": 1, "3": 0, "4": 0}},
}
STATS = {
    "from": DAY,
    "to": DAY,
    "by": "staff",
    "groups": [{"staff": {"username": "lan", "name": "Lan"}, **STATS_FIGURES}],
    "total": STATS_FIGURES,
    "hours": [{"hour": 9, "issued": 3, "called": 3, "wait_minutes": _MINUTES}],
}

_EXTRAS: dict[str, Json] = {
    "ticket.issued": {"counter": None},
    "ticket.called": {},
    "ticket.recalled": {},
    "ticket.started": {},
    "ticket.finished": {},
    "ticket.no_show": {},
    "ticket.transferred": {
        "from_service": "lltp",
        "to_service": None,
        "to_counter": 3,
        "position": "front",
    },
    "ticket.rated": {"score": 2, "reason": "Chờ lâu"},
    "ticket.cancelled": {"counter": None, "reason": "Xin huỷ"},
    "counter.opened": {"staff": "lan"},
    "counter.paused": {"staff": "lan"},
    "counter.closed": {"staff": None, "reason": "day end"},
    "day.reset": {"business_day": "2026-11-24", "reason": "day end", "closed": 2},
    "day.restored": {
        "business_day": "2026-11-25",
        "backup": "luot-test-centre-20261125T023000.000Z-seq30.db",
        "backup_at": "2026-11-25T09:30:00+07:00",
        "backup_seq": 30,
        "set_aside": "luot.db.replaced-20261125T024500Z",
        "services": [
            {"service": "lltp", "from": None, "to": "1025", "skipped": 25},
            {"service": "datdai", "from": "A030", "to": "A055", "skipped": 25},
        ],
    },
    "notice.changed": {"notices": ["Thông báo"]},
    "service.changed": {"service": "chungthuc", "closed_reason": "Mất điện"},
    "alert.raised": {
        "key": "paused:1",
        "kind": "counter_paused",
        "subject": "counter:1",
        "message": "Quầy 1 tạm dừng",
        "message_en": "Counter 1 paused",
    },
    "alert.cleared": {
        "key": "paused:1",
        "kind": "counter_paused",
        "subject": "counter:1",
        "message": "Quầy 1 tạm dừng",
        "message_en": "Counter 1 paused",
    },
    "dossier.changed": {
        "dossier": "5f1c0e3b9a2d4c6e8f0a1b2c3d4e5f60",
        "agency": "stp",
        "status": "ready",
        "received_at": "2026-11-20T01:30:00.000000+00:00",
        "due_at": "2026-11-27T10:00:00.000000+00:00",
        "resolved_at": "2026-11-25T02:00:00.000000+00:00",
    },
}
_STATUS = {
    "ticket.issued": "waiting",
    "ticket.started": "serving",
    "ticket.finished": "done",
    "ticket.no_show": "no_show",
    "ticket.transferred": "waiting",
    "ticket.rated": "done",
    "ticket.cancelled": "cancelled",
}
for _skip in _EXTRAS["day.restored"]["services"]:
    _skip.update(basis="estimate", per_hour=30, open_minutes=15)
EVENT_TYPES = tuple(_EXTRAS)


def event(seq: int, kind: str = "ticket.issued", **changes: Any) -> Json:
    """An event of this type as the stream sends it, ``ticket`` and ``counter`` first."""
    if kind.startswith("ticket."):
        status = _STATUS.get(kind, "called")
        front = {"ticket": ticket(seq, str(1000 + seq), status), "counter": 2}
    else:
        front = {"ticket": None, "counter": 1 if kind.startswith("counter.") else None}
    body = {"seq": seq, "type": kind, "at": "2026-11-25T09:00:00.123+07:00", **front}
    return {**body, **copy.deepcopy(_EXTRAS.get(kind, {})), **changes}
