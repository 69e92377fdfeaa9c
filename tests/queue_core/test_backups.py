"""The core's own backups: which are kept (a pure rule, and on real files), each copy one
consistent, verified, private snapshot however busy the writer, taken by the serving core's
thread when due, and a failure or a stale one raised as an alert."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_core.cli import main
from queue_core.console.live import backup_alerts
from queue_core.domain import (
    BackupPlan,
    BackupState,
    Due,
    IssueTicket,
    backup_due,
    retained,
)
from queue_core.errors import MaintenanceError
from queue_core.store import (
    BackupScheduler,
    DatabaseLock,
    Store,
    list_backups,
    prune_backups,
    take_backup,
    verify_copy,
)
from tests.queue_core.conftest import MORNING, SMALL_SITE, open_store

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi_day(moment: datetime) -> date:
    return moment.astimezone(HANOI).date()


# --- retention, the rule --------------------------------------------------------------------

moments = st.lists(
    st.datetimes(
        min_value=datetime(2026, 11, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
    ),
    max_size=80,
    unique=True,
)


@given(moments, st.integers(0, 12), st.integers(0, 12))
def test_retention_keeps_the_newest_n_one_a_day_for_d_days_and_nothing_else(
    taken: list[datetime], keep_last: int, keep_days: int
) -> None:
    kept = retained(taken, keep_last, keep_days, hanoi_day)
    newest = sorted(taken, reverse=True)
    assert set(newest[:keep_last]) <= kept
    days = sorted({hanoi_day(t) for t in taken}, reverse=True)[:keep_days]
    of_day = {d: max(t for t in taken if hanoi_day(t) == d) for d in days}
    assert set(of_day.values()) <= kept
    assert kept <= set(newest[:keep_last]) | set(of_day.values())


@given(moments, st.integers(1, 12), st.integers(0, 12))
def test_pruning_after_each_backup_keeps_what_one_prune_at_the_end_would(
    taken: list[datetime], keep_last: int, keep_days: int
) -> None:
    """The scheduler prunes after every backup: what it removed never comes back in."""
    folder: set[datetime] = set()
    for moment in sorted(taken):
        folder.add(moment)
        folder = retained(folder, keep_last, keep_days, hanoi_day)
    assert folder == retained(taken, keep_last, keep_days, hanoi_day)


def _week() -> list[datetime]:
    """A week of a centre open 07:30-11:30 and 13:30-17:00, Monday to Friday: a backup every
    15 minutes while open and one as it closes, as the scheduler takes them."""
    taken = []
    for offset in range(7):
        day = date(2026, 11, 23) + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for start, end in ((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)):
            for minute in range(start, end + 1, 15):
                local = datetime(day.year, day.month, day.day, tzinfo=HANOI)
                taken.append((local + timedelta(minutes=minute)).astimezone(UTC))
    return taken


def test_a_simulated_week_keeps_the_last_eight_and_each_days_last() -> None:
    week = _week()
    kept = sorted(retained(week, 8, 14, hanoi_day))
    friday_last = sorted(week)[-8:]
    days_last = [max(t for t in week if hanoi_day(t) == d) for d in sorted(map(hanoi_day, week))]
    assert kept == sorted(set(friday_last) | set(days_last))
    assert len(kept) == 8 + 4  # Friday's last is among the eight
    assert [hanoi_day(t).weekday() for t in kept[:4]] == [0, 1, 2, 3]
    assert all(t.astimezone(HANOI).hour == 17 for t in kept[:4])  # each day's closing one


def test_retention_on_real_files(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db")
    store.close()
    folder = tmp_path / "backups"
    plan = BackupPlan(keep_last=3, keep_days=2)
    day_starts = [MORNING + timedelta(days=d) for d in range(3)]
    moments = [start + timedelta(hours=h) for start in day_starts for h in range(4)]
    for moment in moments:
        take_backup(tmp_path / "luot.db", folder, moment)
        prune_backups(folder, "test-centre", plan, hanoi_day)
    stray = folder / "notes.txt"
    stray.write_text("a technician's own file")
    left = [b.taken_at for b in list_backups(folder)]
    assert left == [moments[7], *moments[-3:]]  # the second day's last, and the last three
    assert stray.exists()  # only the site's backups are the plan's to remove
    for backup in list_backups(folder):
        assert os.stat(backup.path).st_mode & 0o777 == 0o600


# --- a copy ----------------------------------------------------------------------------------


def test_a_backup_is_one_verified_private_snapshot_of_what_was_committed(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db")
    for _ in range(5):
        store.execute(IssueTicket("lltp"), MORNING)
    copied = take_backup(tmp_path / "luot.db", tmp_path / "backups", MORNING)
    assert copied.path.name == "luot-test-centre-20261125T020000.000Z-seq5.db"
    assert (copied.seq, copied.events) == (5, 5)
    assert os.stat(copied.path).st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path / "backups") == [copied.path.name]  # no temporary left
    with open(copied.path, "rb") as data:
        assert data.read(20)[18:20] == b"\x01\x01"  # a rollback journal: one file, no -wal
    copy = Store.open(copied.path)
    try:
        assert copy.table_tickets() == store.table_tickets()
        assert copy.integrity_check() == "ok"
    finally:
        copy.close()
        store.close()


def test_each_backup_taken_while_the_writer_commits_holds_exactly_what_it_says(
    tmp_path: Path,
) -> None:
    db = tmp_path / "luot.db"
    open_store(db).close()
    stop = threading.Event()

    def kiosk() -> None:
        writer = Store.open(db)
        try:
            while not stop.is_set():
                writer.execute_many([(IssueTicket("chungthuc"), MORNING)] * 3)
                writer.execute(IssueTicket("datdai"), MORNING)
        finally:
            writer.close()

    thread = threading.Thread(target=kiosk)
    thread.start()
    try:
        copies = [take_backup(db, tmp_path / "b", MORNING + timedelta(seconds=s)) for s in range(6)]
    finally:
        stop.set()
        thread.join()
    seqs = [c.seq for c in copies]
    assert seqs == sorted(seqs) and len(set(seqs)) > 1  # the writer went on meanwhile
    for copied in copies:
        conn = sqlite3.connect(copied.path)
        try:
            issued = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
            logged = conn.execute("SELECT coalesce(max(seq), 0), count(*) FROM events").fetchone()
        finally:
            conn.close()
        assert logged == (copied.seq, copied.events) and issued == copied.events


def test_a_copy_that_does_not_hold_what_was_committed_is_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db")
    store.execute(IssueTicket("lltp"), MORNING)
    store.close()
    copied = take_backup(tmp_path / "luot.db", tmp_path / "b", MORNING)
    with pytest.raises(MaintenanceError, match=r"holds events up to seq 1 .1., not 2 .2."):
        verify_copy(copied.path, 2, 2)
    with open(copied.path, "r+b") as data:
        data.seek(4096)
        data.write(bytes(range(256)) * 64)  # the pages after the first, garbled
    with pytest.raises(MaintenanceError, match="is damaged") as refused:
        verify_copy(copied.path, 1, 1)
    assert refused.value.code == "backup_unverified"


def test_a_backup_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db")
    store.close()
    blocked = tmp_path / "share"
    blocked.write_text("not a folder: the share is not mounted")
    with pytest.raises(MaintenanceError, match="Cannot make the backup folder") as refused:
        take_backup(tmp_path / "luot.db", blocked / "luot", MORNING)
    assert refused.value.code == "backup_failed"
    with pytest.raises(MaintenanceError, match="no database"):
        take_backup(tmp_path / "missing.db", tmp_path / "b", MORNING)
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())


# --- when one is due, and when to worry ------------------------------------------------------


def test_a_backup_is_due_every_interval_while_open_and_as_the_centre_closes() -> None:
    every = timedelta(minutes=15)
    assert backup_due(MORNING, None, every, True, False) is Due.INTERVAL
    assert backup_due(MORNING, MORNING - every / 2, every, True, True) is None
    assert backup_due(MORNING, MORNING - every, every, True, True) is Due.INTERVAL
    assert backup_due(MORNING, MORNING - every / 2, every, False, True) is Due.CLOSING
    assert backup_due(MORNING, None, every, False, False) is None  # closed: none needed
    assert backup_due(MORNING, MORNING + every, every, True, True) is Due.INTERVAL  # a future one


def test_a_failed_or_stale_backup_raises_its_alert_and_a_good_one_clears_both() -> None:
    every = timedelta(minutes=15)
    opened = MORNING
    fresh = BackupState(every, last_good=opened, open_since=opened)
    assert backup_alerts(fresh, opened + 2 * every) == ()
    stale = backup_alerts(fresh, opened + 2 * every + timedelta(minutes=1))
    assert [(a.key, a.kind) for a in stale] == [("backup:stale", "backup_stale")]
    assert "31 min" in stale[0].message_en and "31 phút" in stale[0].message
    failed = BackupState(
        every, last_good=opened, last_failure=opened + every, failure="disk full", open_since=opened
    )
    alerts = backup_alerts(failed, opened + every)
    assert [(a.kind, a.message_en) for a in alerts] == [
        ("backup_failed", "The backup failed: disk full")
    ]
    good_again = BackupState(
        every, opened + 2 * every, opened + every, "disk full", open_since=opened
    )
    assert backup_alerts(good_again, opened + 2 * every) == ()
    closed = BackupState(every, last_good=opened - timedelta(days=1), open_since=None)
    assert backup_alerts(closed, opened) == ()  # no backups are due while closed
    assert backup_alerts(None, opened) == ()  # the site takes none by itself


# --- the serving core's thread -----------------------------------------------------------------

HOURS_SITE = SMALL_SITE.replace(
    'periods = ["00:00-24:00"]', 'periods = ["07:30-11:30", "13:30-17:00"]'
)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def scheduled(tmp_path: Path) -> Iterator[tuple[BackupScheduler, Store, Clock]]:
    store = open_store(tmp_path / "luot.db", HOURS_SITE + '\n[backup]\nfolder = "b"\n')
    clock = Clock(MORNING)  # 09:00 in Hà Nội, open
    yield BackupScheduler(tmp_path / "luot.db", clock), store, clock
    store.close()


def _taken(tmp_path: Path) -> list[str]:
    return [b.taken_at.astimezone(HANOI).strftime("%H:%M") for b in list_backups(tmp_path / "b")]


def test_the_scheduler_backs_up_while_open_every_interval_and_as_it_closes(
    scheduled: tuple[BackupScheduler, Store, Clock], tmp_path: Path
) -> None:
    scheduler, store, clock = scheduled
    for minutes in (0, 5, 14, 15, 29, 30, 150, 160, 200):  # 09:00 … 12:20 (closed at 11:30)
        clock.now = MORNING + timedelta(minutes=minutes)
        scheduler.check(store)
    assert _taken(tmp_path) == ["09:00", "09:15", "09:30", "11:30"]
    state = scheduler.state()
    assert state is not None and not state.failing and state.open_since is None
    clock.now = MORNING + timedelta(minutes=270)  # 13:30: open again
    scheduler.check(store)
    assert _taken(tmp_path)[-1] == "13:30"


def test_the_scheduler_says_why_it_failed_and_clears_it_with_a_good_one(
    scheduled: tuple[BackupScheduler, Store, Clock],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scheduler, store, clock = scheduled
    (tmp_path / "b").write_text("the share is not mounted")
    with caplog.at_level(logging.WARNING, logger="luot.store.backup"):
        scheduler.check(store)
    state = scheduler.state()
    assert (
        state is not None
        and state.failing
        and "Cannot make the backup folder" in str(state.failure)
    )
    assert [a.kind for a in backup_alerts(state, clock.now)] == ["backup_failed"]
    assert "backup failed (interval)" in caplog.text
    (tmp_path / "b").unlink()
    clock.now += timedelta(minutes=1)
    scheduler.check(store)  # still due: the last good one is none
    state = scheduler.state()
    assert state is not None and not state.failing and backup_alerts(state, clock.now) == ()


def test_the_scheduler_takes_none_when_the_site_says_not_to(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db", SMALL_SITE + "\n[backup]\nenabled = false\n")
    try:
        scheduler = BackupScheduler(tmp_path / "luot.db", Clock(MORNING))
        scheduler.check(store)
        assert scheduler.state() is None
        assert not (tmp_path / "backups").exists()
    finally:
        store.close()


# --- the command line --------------------------------------------------------------------------


def test_luot_core_backup_takes_one_now_into_the_sites_folder_or_one_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "luot.db"
    open_store(db).close()
    at = ["--db", str(db), "--at", "2026-11-25T09:00+07:00"]
    assert main([*at, "backup"]) == 0
    out = capsys.readouterr().out
    assert f"backup: {tmp_path}/backups/luot-test-centre-20261125T020000.000Z-seq0.db" in out
    assert "integrity ok" in out
    assert main([*at, "backup", str(tmp_path / "usb"), "--json"]) == 0
    assert len(list_backups(tmp_path / "usb")) == 1
    assert main(["--db", str(tmp_path / "none.db"), "backup"]) == 2
    assert "There is no database" in capsys.readouterr().err


def test_one_core_has_the_database_to_itself(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    open_store(db).close()
    refused = pytest.raises(MaintenanceError, match=rf"in use \(serving by pid {os.getpid()}\)")
    with DatabaseLock(db, "serving"), refused:
        DatabaseLock(db, "restoring").acquire()
    with DatabaseLock(db, "restoring"):  # free again once released
        pass
