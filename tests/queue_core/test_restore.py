"""A restore never hands out again a number of the day that may be in the hall: the skip-ahead
rule (pure, with its properties), a day of issues, a backup, more issues, a restore and issues
again (no number twice, the event there), and what a restore refuses or keeps aside."""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queue_core.cli import main
from queue_core.config import number_range
from queue_core.console import live
from queue_core.domain import (
    MARGIN,
    MIN_TICKETS_PER_HOUR,
    DayNumbering,
    DomainError,
    IssueTicket,
    OpeningHours,
    Service,
    SkipBasis,
    busiest_hour,
    open_minutes,
    restored_seq,
    skip_numbers,
)
from queue_core.domain.backups import EXTRA_NUMBERS
from queue_core.errors import MaintenanceError
from queue_core.store import Store, restore_backup, take_backup
from tests.queue_core.conftest import MORNING, SMALL_SITE, open_store
from tests.queue_core.console.conftest import log_in
from tests.support.server import running_core

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# --- the rule --------------------------------------------------------------------------------


def _service(numbers: str = "1001-1999", cap: int | None = None) -> Service:
    return Service("s", "a", "S", "S", number_range(numbers), daily_cap=cap)


@given(
    backed_up=st.integers(0, 400),
    per_hour=st.integers(0, 200),
    minutes=st.floats(0, 600),
    lost_share=st.floats(0, 1),
    cap=st.none() | st.integers(1, 999),
    replaced=st.none() | st.integers(0, 999),
)
def test_the_skip_covers_every_number_the_lost_database_may_have_given(
    backed_up: int,
    per_hour: int,
    minutes: float,
    lost_share: float,
    cap: int | None,
    replaced: int | None,
) -> None:
    """Whatever the hall did after the backup, at no more than twice its busiest hour (or
    twice the minimum rate), the restored core's next number is past all of it; and never past
    the range, or the cap, where nothing more can have been handed out."""
    service = _service(cap=cap)
    first, last = service.numbers.first, service.numbers.last
    issued = min(backed_up, cap or backed_up)
    backed = DayNumbering(first + issued - 1 if issued else None, issued)
    bound = min(last, first + cap - 1) if cap else last
    allowed = MARGIN * max(per_hour, MIN_TICKETS_PER_HOUR) * minutes / 60 if minutes else 0
    lost = int(allowed * lost_share)  # what the hall took after the backup, within the rule
    lost_last = min((backed.last_value or first - 1) + lost, bound)
    known = None if replaced is None else first + min(replaced, bound - first)
    skip = skip_numbers(service, backed, per_hour, minutes, known)
    reached = skip.skip_to if skip.skip_to is not None else first - 1
    assert reached >= lost_last
    assert known is None or reached >= known
    assert reached <= max(bound, backed.last_value or first - 1)
    assert skip.skipped == reached - (backed.last_value or first - 1) >= 0
    if minutes == 0 and known is None:
        assert (skip.basis, skip.skipped) == (SkipBasis.CLOSED, 0)
    rate = max(per_hour, MIN_TICKETS_PER_HOUR)
    estimate = math.ceil(MARGIN * rate * minutes / 60) + EXTRA_NUMBERS if minutes else 0
    if skip.basis is SkipBasis.ESTIMATE:
        assert skip.skipped == estimate
    if minutes > 0 and known is None and reached < bound:
        assert skip.basis is SkipBasis.ESTIMATE
    assert (skip.printed_to is None) == (skip.skip_to is None)


def test_a_skip_stops_at_the_cap_or_the_end_of_the_range() -> None:
    capped = skip_numbers(_service(cap=30), DayNumbering(1020, 20), 60, 60)
    assert (capped.skip_to, capped.basis, capped.printed_to) == (1030, SkipBasis.DAILY_CAP, "1030")
    ended = skip_numbers(_service("A001-A040"), DayNumbering(35, 35), 60, 60)
    assert (ended.printed_from, ended.printed_to, ended.basis) == ("A035", "A040", "range_end")
    shown = skip_numbers(_service(), DayNumbering(1010, 10), 0, 30, replaced_last=1200)
    assert (shown.skip_to, shown.basis) == (1200, SkipBasis.REPLACED)


@given(st.lists(st.integers(0, 3 * 24 * 60), max_size=60))
def test_the_busiest_hour_is_the_most_in_any_sliding_hour(minutes: list[int]) -> None:
    moments = [MORNING + timedelta(minutes=m) for m in minutes]
    brute = max(
        (sum(1 for m in minutes if start <= m < start + 60) for start in minutes), default=0
    )
    assert busiest_hour(moments) == brute


periods = st.lists(
    st.tuples(st.integers(0, 23 * 60), st.integers(1, 12 * 60)), min_size=1, max_size=3
)


@given(periods, st.frozensets(st.integers(0, 6)), st.integers(0, 4000), st.integers(0, 3000))
@settings(max_examples=60)
def test_open_minutes_count_each_minute_the_hours_are_open(
    spans: list[tuple[int, int]], weekdays: frozenset[int], start: int, length: int
) -> None:
    hours = OpeningHours(
        weekdays,
        tuple(
            (time(s // 60, s % 60), time(min(s + n, 1439) // 60, min(s + n, 1439) % 60))
            for s, n in spans
        ),
    )
    begin = datetime(2026, 11, 23, tzinfo=HANOI) + timedelta(minutes=start)
    end = begin + timedelta(minutes=length)
    counted = sum(
        1 for m in range(length) if hours.is_open(begin + timedelta(minutes=m, seconds=30))
    )
    assert open_minutes(hours, begin, end) == pytest.approx(counted, abs=1e-6)


@given(st.integers(0, 10**6), st.integers(0, 5000), st.floats(0, 1000), st.none() | st.integers())
def test_the_seq_after_a_restore_is_past_the_backup_and_the_replaced_log(
    backup_seq: int, per_hour: int, hours: float, replaced: int | None
) -> None:
    first = restored_seq(backup_seq, per_hour, hours, replaced)
    assert first > backup_seq and (replaced is None or first > replaced)


# --- a day, a backup, a restore ---------------------------------------------------------------

SERVICES = ("lltp", "chungthuc", "datdai")


def _issue_each(
    store: Store, counts: dict[str, int], start: datetime, pace: timedelta
) -> tuple[list[str], datetime]:
    """Issue ``counts`` per service, a ticket of each in turn every ``pace``; the numbers
    handed out (refusals, such as a used-up range, hand none out) and the time after."""
    numbers, moment = [], start
    for round_ in range(max(counts.values(), default=0)):
        for service in SERVICES:
            if round_ < counts[service]:
                moment += pace / len(SERVICES)
                try:
                    numbers.append(store.execute(IssueTicket(service), moment).result.ticket.number)
                except DomainError as refused:
                    assert refused.code in ("number_range_exhausted", "daily_cap_reached")
    return numbers, moment


counts = st.fixed_dictionaries({s: st.integers(0, 12) for s in SERVICES})


@given(
    before=counts,
    after=counts,
    again=counts,
    readable=st.booleans(),
    wait=st.integers(0, 90),
)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_after_a_restore_no_number_of_the_day_is_handed_out_twice(
    tmp_path_factory: pytest.TempPathFactory,
    before: dict[str, int],
    after: dict[str, int],
    again: dict[str, int],
    readable: bool,
    wait: int,
) -> None:
    """The hall after the backup takes a ticket of each service every 2 minutes (30 an hour:
    within the rule); the replaced database can still be read, or is lost with its disk."""
    folder = tmp_path_factory.mktemp("day")
    db = folder / "luot.db"
    store = open_store(db)
    pace = timedelta(minutes=2)
    handed, moment = _issue_each(store, before, MORNING, pace)
    backup = take_backup(db, folder / "backups", moment)
    lost, moment = _issue_each(store, after, moment, pace)
    lost_seq = store.last_seq()
    store.close()
    if not readable:
        for name in ("luot.db", "luot.db-wal", "luot.db-shm"):
            if (folder / name).exists():
                (folder / name).unlink()
    restored_at = moment + timedelta(minutes=wait)
    done = restore_backup(db, backup.path, restored_at)
    store = Store.open(db)
    try:
        later, _ = _issue_each(store, again, restored_at, pace)
        events = store.events_since(backup.seq)
    finally:
        store.close()
    everything = handed + lost + later
    assert len(everything) == len(set(everything)), sorted(everything)
    first = events[0]
    assert first["type"] == "day.restored" and first["seq"] == done.first_seq > lost_seq
    assert first["detail"]["backup"] == backup.path.name
    assert {s["service"] for s in first["detail"]["services"]} == set(SERVICES)
    assert done.replaced_readable is readable and (done.set_aside is not None) is readable


def test_the_replaced_database_is_kept_aside_with_its_wal(tmp_path: Path) -> None:
    """A core killed mid-day leaves commits in the -wal only: they stay with the file."""
    live_dir, crashed = tmp_path / "live", tmp_path / "crashed"
    live_dir.mkdir()
    crashed.mkdir()
    store = open_store(live_dir / "luot.db")
    store.execute(IssueTicket("lltp"), MORNING)
    take = take_backup(live_dir / "luot.db", tmp_path / "b", MORNING)
    writer = Store.open(live_dir / "luot.db", autocheckpoint=0)
    for _ in range(4):
        writer.execute(IssueTicket("datdai"), MORNING + timedelta(minutes=1))
    for name in ("luot.db", "luot.db-wal"):  # the files as a SIGKILL leaves them
        shutil.copyfile(live_dir / name, crashed / name)
    writer.close()
    store.close()
    done = restore_backup(crashed / "luot.db", take.path, MORNING + timedelta(minutes=5))
    aside = done.set_aside
    assert aside is not None and (crashed / (aside.name + "-wal")).exists()
    assert not (crashed / "luot.db-wal").exists() or (crashed / "luot.db-wal").stat().st_size == 0
    copy = tmp_path / "kept"
    copy.mkdir()
    shutil.copyfile(aside, copy / "kept.db")
    shutil.copyfile(aside.with_name(aside.name + "-wal"), copy / "kept.db-wal")
    conn = sqlite3.connect(copy / "kept.db")
    try:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 5
    finally:
        conn.close()
    datdai = next(s for s in done.skips if s.service_id == "datdai")
    assert (datdai.basis, datdai.printed_from) == (SkipBasis.ESTIMATE, None)
    assert datdai.skip_to is not None and datdai.skip_to >= 4  # the four the -wal held


def test_day_restored_is_the_first_event_past_the_jump_even_when_the_backup_is_of_another_day(
    tmp_path: Path,
) -> None:
    """A backup of yesterday with a ticket still waiting: the restore ends yesterday too, and
    ``day.restored`` comes first past the jump (the province takes the log's one gap only on it),
    then yesterday's end."""
    db = tmp_path / "luot.db"
    store = open_store(db)
    store.execute(IssueTicket("lltp"), MORNING - timedelta(days=1))
    backup = take_backup(db, tmp_path / "backups", MORNING - timedelta(days=1, minutes=-5))
    store.close()
    done = restore_backup(db, backup.path, MORNING)
    store = Store.open(db)
    try:
        events = store.events_since(backup.seq)
    finally:
        store.close()
    assert [e["type"] for e in events] == ["day.restored", "ticket.cancelled", "day.reset"]
    assert [e["seq"] for e in events] == [done.first_seq + i for i in range(3)]
    detail = events[0]["detail"]
    assert (detail["backup_seq"], detail["first_seq"]) == (backup.seq, done.first_seq)
    assert events[2]["detail"]["business_day"] == "2026-11-24"


def test_a_replaced_database_with_no_events_yet_is_read_not_lost(tmp_path: Path) -> None:
    open_store(tmp_path / "luot.db").close()
    take = take_backup(tmp_path / "luot.db", tmp_path / "b", MORNING)
    done = restore_backup(tmp_path / "luot.db", take.path, MORNING + timedelta(minutes=5))
    assert done.replaced_readable


# --- what a restore refuses ----------------------------------------------------------------------


@pytest.fixture
def day(tmp_path: Path) -> tuple[Path, Path]:
    store = open_store(tmp_path / "luot.db")
    store.execute(IssueTicket("lltp"), MORNING)
    store.close()
    return tmp_path / "luot.db", take_backup(tmp_path / "luot.db", tmp_path / "b", MORNING).path


def _untouched(db: Path, backup: Path, code: str, now: datetime = MORNING) -> None:
    before = db.read_bytes()
    with pytest.raises(MaintenanceError) as refused:
        restore_backup(db, backup, now)
    assert refused.value.code == code, refused.value.message
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".luot")) == []


def test_a_damaged_file_or_another_centres_is_refused_and_nothing_changes(
    day: tuple[Path, Path], tmp_path: Path
) -> None:
    db, backup = day
    _untouched(db, tmp_path / "nowhere.db", "no_backup")
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    _untouched(db, text, "backup_damaged")
    damaged = tmp_path / "damaged.db"
    data = bytearray(backup.read_bytes())
    data[4096:8192] = bytes(range(256)) * 16
    damaged.write_bytes(bytes(data))
    _untouched(db, damaged, "backup_damaged")
    other = tmp_path / "other"
    other.mkdir()
    open_store(
        other / "luot.db", SMALL_SITE.replace('id = "test-centre"', 'id = "elsewhere"')
    ).close()
    elsewhere = take_backup(other / "luot.db", other / "b", MORNING).path
    _untouched(db, elsewhere, "wrong_site")
    newer = tmp_path / "newer.db"
    shutil.copyfile(backup, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    _untouched(db, newer, "schema_too_new")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t(x)").connection.close()
    _untouched(db, empty, "not_a_backup")


def test_luot_core_restore_refuses_while_a_core_serves_then_restores_and_the_console_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_core(tmp_path, SMALL_SITE) as core:
        kiosk = core.pair_device("kiosk")
        issue = {"Authorization": f"Bearer {kiosk}"}
        for _ in range(3):
            httpx.post(core.base_url + "/api/v1/tickets", json={"service": "datdai"}, headers=issue)
        backup = take_backup(core.db_path, tmp_path / "b", datetime.now(UTC))
        db = ["--db", str(core.db_path)]
        before = core.db_path.read_bytes()
        assert main([*db, "restore", str(backup.path)]) == 2
        assert "is in use (serving by pid" in capsys.readouterr().err
        assert core.db_path.read_bytes() == before
        core.stop()
        assert main([*db, "restore", str(backup.path)]) == 0
        out = capsys.readouterr().out
        assert f"restored {backup.path}" in out and "datdai" in out and "next after A0" in out
        core.start()
        with httpx.Client(base_url=core.base_url, timeout=10) as console:
            log_in(console, "boss", "999999")
            hall = console.get("/console/fragment/hall").text
        assert 'id="restored"' in hall and 'id="restored-datdai"' in hall and "A003 →" in hall
        store = core.store()
        try:
            shown = live.hall(store, datetime.now(UTC))["restored"]
        finally:
            store.close()
    assert shown is not None and shown["backup"] == backup.path.name
    assert [s["service"] for s in shown["skipped"]] == list(SERVICES)
    assert os.stat(core.db_path).st_mode & 0o777 == 0o600
