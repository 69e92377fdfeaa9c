"""What the province derives equals the core's own figures for a real day: a day at the sample
centre run through the core's store (``tests.queue_core.reports_day``, then an evening with a
transfer, a cancellation, no-shows and people still waiting), its event log shipped over HTTP as
the shipper does, and the province's live state and day figures per service compared with the
core's (``queue_core.store`` stats, waiting counts, counters) — after a restore of the core from a
backup too."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from harness.province import add_centre, ship
from province.centres import load_site_file
from province.db import connect
from province.reads import day_rows, live
from queue_core.config import SAMPLE_SITE, open_around_the_clock
from queue_core.domain import (
    CallNext,
    CancelTicket,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    Recall,
    ResetDay,
    SetCounterState,
    StartService,
    Ticket,
    TicketStatus,
    Transfer,
)
from queue_core.store import GroupBy, Store, restore_backup, stats, take_backup
from tests.province.conftest import Province
from tests.queue_core.reports_day import make_day

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 11, 25)


def local(hours: float) -> datetime:
    return (datetime.combine(DAY, time(0), tzinfo=ZONE) + timedelta(hours=hours)).astimezone(UTC)


def evening(store: Store) -> datetime:
    """After the simulated day: new people, one sent on to another service, one who left
    (cancelled by hand), one called after a long wait who does not come, and some still
    waiting. The moment it ends."""
    # The sample centre closes at 17:00; its evening here is a late opening.
    store.import_site(open_around_the_clock(SAMPLE_SITE.read_text(encoding="utf-8")), local(17))
    run = store.execute
    for minute, service in enumerate(("stp-lltp", "stp-lltp", "stp-chungthuc", "stp-quoctich")):
        run(IssueTicket(service), local(17.1 + minute / 60))
    for minute, service in enumerate(("sgtvt-gplx", "sgtvt-gplx", "bhxh-bhyt")):
        run(IssueTicket(service), local(17.2 + minute / 60))
    moved = run(CallNext(1), local(17.3)).result
    assert isinstance(moved, Ticket)
    run(Transfer(1, to_service="stp-chungthuc"), local(17.35))
    waiting = store.tickets(day=DAY, status=TicketStatus.WAITING)
    left = next(t for t in waiting if t.service_id == "sgtvt-gplx")
    run(CancelTicket(left.id, "người dân đã về"), local(17.4))
    late = run(CallNext(7), local(18.2)).result  # a gplx ticket, 59 minutes after its issue
    assert isinstance(late, Ticket) and late.service_id == "sgtvt-gplx"
    run(Recall(7), local(18.22))
    run(MarkNoShow(7), local(18.25))
    served = run(CallNext(10), local(18.3)).result
    assert isinstance(served, Ticket)
    run(StartService(10), local(18.31))
    run(FinishService(10), local(18.4))
    run(SetCounterState(3, CounterState.PAUSED, "hoa.le"), local(18.45))
    run(SetCounterState(4, CounterState.CLOSED, "tuan.pham"), local(18.5))
    return local(18.5)


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, datetime]:
    """The day's database as it stood in the evening, and a copy whose day was then ended."""
    folder = tmp_path_factory.mktemp("day")
    open_day = make_day(folder / "open.db", tickets=160)
    store = Store.open(open_day)
    try:
        end_of_evening = evening(store)
    finally:
        store.close()
    closed = folder / "closed.db"
    shutil.copyfile(open_day, closed)
    store = Store.open(closed)
    try:
        store.execute(ResetDay(), local(19))
    finally:
        store.close()
    return open_day, closed, end_of_evening


def shipped(province: Province, db: Path, batch: int, site: bool = True) -> str:
    """The day's log shipped to a new centre; the centre's code."""
    token = add_centre(province.dsn, "hcc-tinh", "Trung tâm tỉnh", SAMPLE_SITE if site else None)
    store = Store.open(db)
    try:
        log = store.events_since(0, 1_000_000)
    finally:
        store.close()
    acked = ship(province.client, province.url, token, "hcc-tinh", log, batch)
    assert acked == log[-1]["seq"]
    return "hcc-tinh"


def core_groups(db: Path) -> tuple[dict[str, dict[str, Any]], list[Ticket], Any]:
    store = Store.open(db)
    try:
        groups = {g["service"]["id"]: g for g in stats(store, DAY, DAY, GroupBy.SERVICE)["groups"]}
        return groups, store.tickets(day=DAY), store.site
    finally:
        store.close()


def gave_up(tickets: list[Ticket], site: Any) -> dict[str, int]:
    """The definition, worked out on the core's own tickets."""
    out: dict[str, int] = {}
    for t in tickets:
        target = site.service(t.service_id).target_wait_minutes
        wait = None
        if t.first_called_at is not None:
            wait = (t.first_called_at - t.issued_at).total_seconds() / 60
        left = (t.status is TicketStatus.CANCELLED and wait is None) or (
            t.status is TicketStatus.NO_SHOW and wait is not None and wait > target
        )
        out[t.service_id] = out.get(t.service_id, 0) + left
    return out


def assert_same_figures(province: Province, db: Path) -> list[dict[str, Any]]:
    core, tickets, site = core_groups(db)
    with connect(province.dsn) as conn:
        rows = day_rows(conn, "hcc-tinh", DAY, DAY)
    assert {row["service"]["id"] for row in rows} == set(core)
    expected_gave_up = gave_up(tickets, site)
    for row in rows:
        service = row["service"]["id"]
        mine, theirs = row, core[service]
        assert mine["service"]["name"] == theirs["service"]["name"]
        assert mine["agency"]["id"] == site.service(service).agency_id
        for key in ("issued", "served", "no_show", "cancelled", "within_target_share", "ratings"):
            assert mine[key] == theirs[key], (service, key)
        for kind in ("wait_minutes", "service_minutes"):
            for part in ("p50", "p90"):
                assert mine[kind][part] == theirs[kind][part], (service, kind, part)
            if theirs[kind]["mean"] is None:
                assert mine[kind]["mean"] is None
            else:  # a sum of microseconds, not of floats: the last digit may round otherwise
                assert mine[kind]["mean"] == pytest.approx(theirs[kind]["mean"], abs=0.11)
        assert mine["gave_up"] == expected_gave_up[service], service
    return rows


@pytest.mark.parametrize("batch", [2000, 37])
def test_the_days_figures_equal_the_cores_whatever_the_batches(
    province: Province, days: tuple[Path, Path, datetime], batch: int
) -> None:
    _open, closed, _end = days
    shipped(province, closed, batch)
    rows = assert_same_figures(province, closed)
    assert sum(row["cancelled"] for row in rows) >= 3  # by hand, and at the day's end
    assert sum(row["gave_up"] for row in rows) >= 3
    assert province.one("SELECT count(*) FROM tickets WHERE transfers > 0") == 1


def test_the_live_state_equals_the_cores_in_the_evening(
    province: Province, days: tuple[Path, Path, datetime]
) -> None:
    open_day, _closed, end = days
    shipped(province, open_day, 500)
    now = end + timedelta(minutes=7)
    with connect(province.dsn) as conn:
        state = live(conn, "hcc-tinh", now)
    store = Store.open(open_day)
    try:
        waiting = {s: n for s, n in store.waiting_counts(DAY).items() if n}
        oldest = store.oldest_waiting(DAY)
        counters = {c.number: c.state.value for c in store.counter_statuses()}
        last = store.events_since(store.last_seq() - 1)[-1]
    finally:
        store.close()
    assert waiting  # people are still waiting in the evening
    assert {s["service"]: s["waiting"] for s in state["services"] if s["waiting"]} == waiting
    assert state["waiting"] == sum(waiting.values())
    longest = {s["service"]: s["longest_wait_minutes"] for s in state["services"] if s["waiting"]}
    assert longest == {
        service: round((now - since).total_seconds() / 60, 1) for service, since in oldest.items()
    }
    assert state["longest_wait_minutes"] == max(longest.values())
    shown = {c["number"]: c["state"] for c in state["counters"]}
    assert shown == {n: s for n, s in counters.items() if n in shown}
    assert {n for n, s in counters.items() if s != "closed"} <= set(shown)
    assert state["counters_open"] == sum(1 for s in counters.values() if s == "open")
    assert {"paused", "closed"} <= set(shown.values())
    assert state["last_event_at"] == datetime.fromisoformat(last["at"]).isoformat()
    assert state["business_day"] == DAY.isoformat()


def test_the_days_end_empties_the_live_state(
    province: Province, days: tuple[Path, Path, datetime]
) -> None:
    _open, closed, _end = days
    shipped(province, closed, 2000)
    with connect(province.dsn) as conn:
        state = live(conn, "hcc-tinh", local(19.5))
    assert state["waiting"] == 0 and state["longest_wait_minutes"] is None
    assert state["counters_open"] == 0
    assert {c["state"] for c in state["counters"]} == {"closed"}


def test_a_site_given_later_derives_the_days_again(
    province: Province, days: tuple[Path, Path, datetime]
) -> None:
    _open, closed, _end = days
    shipped(province, closed, 2000, site=False)
    with connect(province.dsn) as conn:
        before = day_rows(conn, "hcc-tinh", DAY, DAY)
    assert {row["within_target_share"] for row in before} == {None}
    assert before[0]["service"]["name"] == before[0]["service"]["id"]  # no names yet
    with connect(province.dsn) as conn:
        loaded = load_site_file(conn, "hcc-tinh", SAMPLE_SITE)
    assert loaded.groups == len(before)
    assert_same_figures(province, closed)


def test_a_restore_of_the_core_is_followed(province: Province, tmp_path: Path) -> None:
    """Shipped up to past the backup; the core restored from it and going on: the province
    sets aside what the backup lost, as the core lost it, and its figures equal the core's."""
    db = tmp_path / "luot.db"
    store = Store.open(db)
    store.import_site(SAMPLE_SITE.read_text(encoding="utf-8"), local(7))
    run = store.execute
    for counter in (1, 2, 7):
        run(SetCounterState(counter, CounterState.OPEN, f"clerk{counter}"), local(7.5))
    for minute in range(10):
        run(IssueTicket(("stp-lltp", "sgtvt-gplx")[minute % 2]), local(8 + minute / 60))
    for counter in (1, 7):
        run(CallNext(counter), local(8.3))
        run(StartService(counter), local(8.32))
    token = add_centre(province.dsn, "hcc-tinh", "Trung tâm tỉnh", SAMPLE_SITE)
    client = province.client
    ship(client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    backup = take_backup(db, tmp_path / "backups", local(8.4))
    for minute in range(4):  # lost with the database
        run(IssueTicket("stp-lltp"), local(8.5 + minute / 60))
    run(FinishService(1), local(8.6))
    run(CallNext(2), local(8.62))
    run(SetCounterState(7, CounterState.PAUSED, "clerk7"), local(8.65))
    held = ship(client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    store.close()
    done = restore_backup(db, backup.path, local(9))
    assert done.backup_seq == backup.seq < held < done.first_seq
    store = Store.open(db)
    run = store.execute
    run(IssueTicket("stp-lltp"), local(9.1))
    run(FinishService(7), local(9.2))
    run(CallNext(7), local(9.25))
    acked = ship(client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    assert acked == store.last_seq()
    waiting = {s: n for s, n in store.waiting_counts(DAY).items() if n}
    counters = {c.number: c.state.value for c in store.counter_statuses() if c.number in (1, 2, 7)}
    store.close()
    assert province.rows("SELECT backup_seq, first_seq, held_seq FROM restores") == [
        (backup.seq, done.first_seq, held)
    ]
    assert province.one("SELECT count(*) FROM events WHERE set_aside_by IS NOT NULL") == (
        held - backup.seq
    )
    assert_same_figures(province, db)
    with connect(province.dsn) as conn:
        state = live(conn, "hcc-tinh", local(9.3))
    assert {s["service"]: s["waiting"] for s in state["services"] if s["waiting"]} == waiting
    assert {c["number"]: c["state"] for c in state["counters"]} == counters
