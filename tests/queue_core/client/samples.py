"""Contract-shaped JSON for the fake servers of the unit tests."""

from __future__ import annotations

from typing import Any


def ticket(ticket_id: int = 1, number: str = "1001", status: str = "called") -> dict[str, Any]:
    return {
        "id": ticket_id,
        "number": number,
        "service": {
            "id": "lltp",
            "name": "Cấp phiếu lý lịch tư pháp",
            "name_en": "Judicial record",
        },
        "agency": {"id": "stp", "name": "Sở Tư pháp", "name_en": "Department of Justice"},
        "priority": False,
        "status": status,
        "issued_at": "2026-11-25T09:00:00+07:00",
        "called_at": "2026-11-25T09:05:00+07:00" if status != "waiting" else None,
        "counter": 2,
        "ahead": 0,
        "estimate_minutes": 0,
        "public_token": "tok-abc",
        "recalls": 0,
    }


def event(seq: int, kind: str = "ticket.issued") -> dict[str, Any]:
    return {"seq": seq, "type": kind, "at": "2026-11-25T09:00:00+07:00", "ticket": ticket(seq)}
