"""What is past the site's [retention] leaves the database at a business day's end: dossiers'
holder names (the dossiers stay), ratings' reasons (the scores stay; in the tickets and in the
event log), audit rows; what is newer stays, and every figure is as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from queue_core.config import ConfigError, parse_site
from queue_core.domain import (
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    RateTicket,
    ResetDay,
    Retention,
    SetCounterState,
    StartService,
    retention_limits,
)
from queue_core.domain.dossiers import Dossier, DossierStatus
from queue_core.domain.retention import holder_name_kept, last_step
from queue_core.dossiers.repository import agency_figures, get_dossier
from queue_core.dossiers.service import import_json_text
from queue_core.shipping.batches import shipped_event
from queue_core.store import GroupBy, Store, audit_entries, record_audit, retention_of, stats
from queue_core.store import retention as retention_module
from tests.queue_core.conftest import SMALL_SITE, open_store

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
RETENTION = """
[retention]
holder_name_days = 15
rating_reason_days = 20
audit_days = 25
"""
END = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
"""The day whose start ends the others: 1 December 2026, 08:00 in Hà Nội. Kept from then: holder
names of 16 November on, rating reasons of 11 November on, audit rows of 6 November on."""


def at(day: int, month: int = 11, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=HANOI)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "luot.db", SMALL_SITE + RETENTION)
    yield store
    store.close()


def serve_and_rate(store: Store, moment: datetime, reason: str | None, score: int = 2) -> int:
    """A ticket issued, served at counter 1 and rated at ``moment``: its id."""
    issued = store.execute(IssueTicket("lltp"), moment).result
    ticket_id = issued.ticket.id  # type: ignore[union-attr]
    store.execute(SetCounterState(1, CounterState.OPEN), moment)
    store.execute(CallNext(1), moment + timedelta(minutes=1))
    store.execute(StartService(1), moment + timedelta(minutes=2))
    store.execute(FinishService(1), moment + timedelta(minutes=9))
    store.execute(RateTicket(ticket_id, score, reason, counter=1), moment + timedelta(minutes=10))
    store.execute(SetCounterState(1, CounterState.CLOSED), moment + timedelta(minutes=11))
    return ticket_id


def reasons(store: Store) -> dict[int, tuple[int | None, str | None]]:
    """Each ticket's score and reason."""
    rows = store.conn.execute("SELECT id, rating, rating_reason FROM tickets ORDER BY id")
    return {ticket_id: (score, reason) for ticket_id, score, reason in rows}


def rated_events(store: Store) -> dict[int, tuple[int, str | None, str | None]]:
    """Each ``ticket.rated`` event's ticket: its score, its reason and the reason in its ticket."""
    found = {}
    for (body,) in store.conn.execute("SELECT body FROM events WHERE type = 'ticket.rated'"):
        event = json.loads(body)
        ticket = event["ticket"]
        found[ticket["id"]] = (
            event["detail"]["score"], event["detail"]["reason"], ticket["rating_reason"]
        )  # fmt: skip
    return found


DOSSIERS = [
    # code, holder, received, resolved, returned, status
    ("000.00.12.H55-261101-0001", "Nguyễn Văn An", "01/11/2026 08:00", "02/11/2026 10:00",
     "02/11/2026 15:00", "Đã trả kết quả"),
    ("000.00.12.H55-261101-0002", "Trần Thị Bích Ngọc", "01/11/2026 08:00", "20/11/2026 10:00",
     "", "Đã có kết quả"),
    ("000.00.12.H55-261101-0003", "Lê Hoàng Minh", "01/11/2026 09:00", "", "", "Đang xử lý"),
    ("000.00.12.H55-261118-0004", "Phạm Thị Hoa", "18/11/2026 09:00", "", "", "Đang xử lý"),
]  # fmt: skip


def export(rows: list[tuple[str, ...]]) -> str:
    return json.dumps(
        [
            {"Mã hồ sơ": code, "Thủ tục": "Cấp phiếu lý lịch tư pháp", "Cơ quan": "Sở Tư pháp",
             "Chủ hồ sơ": holder, "Ngày tiếp nhận": received, "Ngày hẹn trả": "30/11/2026 17:00",
             "Trạng thái": status, "Ngày có kết quả": resolved, "Ngày trả kết quả": returned}
            for code, holder, received, resolved, returned, status in rows
        ],
        ensure_ascii=False,
    )  # fmt: skip


def holders(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT code, holder_name FROM dossiers ORDER BY code"))


def test_a_day_end_takes_out_what_is_past_its_time_and_keeps_the_rest(store: Store) -> None:
    old = serve_and_rate(store, at(5), "Cán bộ Nguyễn Văn B hướng dẫn chậm")
    unworded = serve_and_rate(store, at(6), None, score=1)
    recent = serve_and_rate(store, at(20), "Chờ lâu", score=3)
    import_json_text(store, export(DOSSIERS), at(3), "e-system")  # every name then in its time
    assert "" not in holders(store).values()
    with store.transaction() as conn:
        record_audit(conn, at(1), "boss", "staff.add", "hoa", None, {"role": "clerk"})
        record_audit(conn, at(10), "boss", "staff.disable", "hoa", None, {"active": False})
    month = (date(2026, 11, 1), date(2026, 11, 30))
    figures = stats(store, *month, GroupBy.SERVICE), stats(store, *month, GroupBy.COUNTER)
    dossier_figures = agency_figures(store.conn, at(1), at(1, 12), END, HANOI)

    store.execute(IssueTicket("lltp"), END)  # the first command of 1 December ends 30 November

    assert reasons(store)[old] == (2, None)
    assert reasons(store)[unworded] == (1, None)
    assert reasons(store)[recent] == (3, "Chờ lâu")
    assert rated_events(store) == {old: (2, None, None), unworded: (1, None, None),
                                   recent: (3, "Chờ lâu", "Chờ lâu")}  # fmt: skip
    assert holders(store) == {
        "000.00.12.H55-261101-0001": "",  # returned on 2 November
        "000.00.12.H55-261101-0002": "Trần Thị Bích Ngọc",  # resolved on 20 November
        "000.00.12.H55-261101-0003": "",  # still open, received on 1 November
        "000.00.12.H55-261118-0004": "Phạm Thị Hoa",
    }
    entries = audit_entries(store.conn)
    assert [(e.actor, e.action) for e in entries] == [
        ("core", "retention.remove"),
        ("boss", "staff.disable"),
    ]
    assert entries[0].after == {
        "holder_names": 2, "rating_reasons": 1, "rated_events": 1, "audit_rows": 1,
        "phone_numbers": 0,
    }  # fmt: skip
    assert "Nguyễn" not in str(entries[0]) and "chậm" not in str(entries[0])
    assert (stats(store, *month, GroupBy.SERVICE), stats(store, *month, GroupBy.COUNTER)) == (
        figures
    )
    assert agency_figures(store.conn, at(1), at(1, 12), END, HANOI) == dossier_figures
    kept = get_dossier(store.conn, "000.00.12.H55-261101-0001")
    assert kept is not None and kept.dossier.status is DossierStatus.RETURNED


def test_the_text_removed_is_not_left_in_the_file(store: Store, tmp_path: Path) -> None:
    serve_and_rate(store, at(5), "Một lời phàn nàn riêng tư 7f3a")
    serve_and_rate(store, at(20), "Chờ lâu")  # rows after it: its bytes are not at a page's end
    import_json_text(store, export(DOSSIERS), at(5), "e-system")
    store.conn.execute("PRAGMA secure_delete = OFF")  # SQLite's own default; Debian's is ON
    store.execute(IssueTicket("lltp"), END)
    assert store.conn.execute("PRAGMA secure_delete").fetchone() == (0,)  # set back after
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    held = b"".join(p.read_bytes() for p in tmp_path.glob("luot.db*"))
    assert "riêng tư 7f3a".encode() not in held
    assert "Nguyễn Văn An".encode() not in held


def test_an_event_without_its_reason_is_shipped_as_before(store: Store) -> None:
    serve_and_rate(store, at(5), "Chậm")
    store.execute(IssueTicket("lltp"), END)
    seq, body = store.conn.execute(
        "SELECT seq, body FROM events WHERE type = 'ticket.rated'"
    ).fetchone()
    shipped = json.loads(shipped_event(seq, body))
    assert "public_token" not in shipped["ticket"]
    assert shipped["seq"] == seq and shipped["detail"] == {"score": 2, "reason": None}


def test_a_name_past_its_time_is_not_taken_back_in_by_an_import(store: Store) -> None:
    import_json_text(store, export(DOSSIERS), at(25), "e-system")
    store.execute(IssueTicket("lltp"), END)
    again = import_json_text(store, export(DOSSIERS), END + timedelta(hours=1), "e-system")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 4)
    assert holders(store)["000.00.12.H55-261101-0001"] == ""
    late = export([("000.00.12.H55-261101-0009", "Vũ Văn Tư", *DOSSIERS[0][2:])])
    import_json_text(store, late, END + timedelta(hours=2), "e-system")  # new, already past
    assert holders(store)["000.00.12.H55-261101-0009"] == ""


def test_a_long_history_goes_a_slice_at_each_day_end_and_nothing_newer_goes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = [serve_and_rate(store, at(day), f"lý do {day}") for day in (2, 3, 4, 5)]
    recent = serve_and_rate(store, at(20), "vẫn giữ")
    events_old = store.conn.execute(
        "SELECT count(*) FROM events WHERE at < ?", (at(11).astimezone(UTC).isoformat(),)
    ).fetchone()[0]
    monkeypatch.setattr(retention_module, "EVENTS_PER_DAY_END", 7)
    store.execute(IssueTicket("lltp"), END)
    assert all(reasons(store)[t][1] is None for t in old)  # the tickets: by their day's index
    left = [t for t, (_, reason, _) in rated_events(store).items() if reason is not None]
    assert recent in left and len(left) > 1  # not every old event was read yet
    ends = 1
    while len(left) > 1:
        store.execute(ResetDay("day end"), END + timedelta(minutes=ends))
        left = [t for t, (_, reason, _) in rated_events(store).items() if reason is not None]
        ends += 1
    assert left == [recent]
    assert ends == -(-events_old // 7)  # every old event read once, 7 at each day's end
    for _ in range(3):  # and nothing newer goes, however often the day ends
        store.execute(ResetDay("day end"), END + timedelta(hours=1))
    assert rated_events(store)[recent] == (2, "vẫn giữ", "vẫn giữ")


def test_the_site_file_says_how_long_and_the_defaults_are_stated() -> None:
    site, _ = parse_site(SMALL_SITE, "site.toml")
    assert retention_of(site) == Retention(90, 365, 730)
    site, _ = parse_site(SMALL_SITE + RETENTION, "site.toml")
    assert retention_of(site) == Retention(15, 20, 25)
    with pytest.raises(ConfigError, match=r"retention, field 'audit_days'"):
        parse_site(SMALL_SITE + "[retention]\naudit_days = 0\n", "site.toml")
    with pytest.raises(ConfigError, match=r"retention.*'names_days'"):
        parse_site(SMALL_SITE + "[retention]\nnames_days = 30\n", "site.toml")


def test_kept_days_are_whole_business_days_before_today() -> None:
    limits = retention_limits(Retention(15, 20, 25), date(2026, 12, 1), 0, HANOI)
    assert limits.holder_names == datetime(2026, 11, 16, tzinfo=HANOI)
    assert limits.rating_reasons == datetime(2026, 11, 11, tzinfo=HANOI)
    assert limits.rating_reasons_day == date(2026, 11, 11)
    assert limits.audit == datetime(2026, 11, 6, tzinfo=HANOI)
    late = retention_limits(Retention(1, 1, 1), date(2026, 12, 1), 4, HANOI)
    assert late.audit == datetime(2026, 11, 30, 4, tzinfo=HANOI)


def test_a_dossier_counts_from_its_last_step() -> None:
    received = datetime(2026, 11, 1, 8, tzinfo=HANOI)
    dossier = Dossier(
        "000.00.12.H55-261101-0001", "LLTP", "stp", "Nguyễn Văn An", received,
        received + timedelta(days=14), DossierStatus.PROCESSING,
    )  # fmt: skip
    assert last_step(dossier) == received
    limits = retention_limits(Retention(15, 20, 25), date(2026, 11, 17), 0, HANOI)
    assert holder_name_kept(dossier, limits).holder_name == ""
    resolved = dossier.__class__(**{**dossier.__dict__, "resolved_at": received + timedelta(16)})
    assert last_step(resolved) == received + timedelta(16)
    assert holder_name_kept(resolved, limits) == resolved
