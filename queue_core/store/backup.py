"""Copies of the database taken online: consistent, verified, private, written atomically; the
backup folder's list and its retention."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from queue_core.config import parse_site
from queue_core.domain import BackupPlan, Site, retained
from queue_core.errors import MaintenanceError, StoreError
from queue_core.store.limits import BUSY_TIMEOUT_MS
from queue_core.store.records import from_db_time, to_db_time

log = logging.getLogger("luot.store.backup")

PAGES_PER_STEP = -1
"""The whole copy in one step of SQLite's backup API, inside one read transaction: in WAL mode
a reader never blocks the writer, and bench/backup_bench.py measured no gain from smaller steps
(nor from VACUUM INTO, which cannot share the read transaction that dates the copy)."""
STALE_TEMP_SECONDS = 3600
"""A temporary copy older than this was left by a process that died mid-copy: removed."""

BACKUP_META = ("backup_taken_at", "backup_seq", "backup_events", "backup_copy_ms")
"""What a copy says of itself in its ``meta`` table (a restore reads them, then drops them)."""

_NAME = re.compile(
    r"^luot-(?P<site>[a-z0-9][a-z0-9_.-]*)-(?P<at>\d{8}T\d{6}\.\d{3}Z)-seq(?P<seq>\d+)\.db$"
)
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_SIDE_FILES = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class BackupFile:
    """A verified backup in a folder, known by its name alone."""

    path: Path
    site_id: str
    taken_at: datetime
    """In UTC."""
    seq: int
    """The last event it holds."""


@dataclass(frozen=True)
class Copied:
    """A copy just written: what it holds and how long it took."""

    path: Path
    taken_at: datetime
    site_id: str | None
    seq: int
    events: int
    size: int
    copy_seconds: float
    """Reading the snapshot into the copy (the part that shares the disk with the writer)."""
    seconds: float
    """All of it: copy, integrity check, fsync, rename."""


def backup_name(site_id: str, taken_at: datetime, seq: int) -> str:
    stamp = taken_at.astimezone(UTC).strftime(_STAMP)
    return f"luot-{site_id}-{stamp[:-4]}Z-seq{seq}.db"  # milliseconds


def parse_backup_name(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    at = datetime.strptime(match["at"][:-1] + "000Z", _STAMP).replace(tzinfo=UTC)
    return BackupFile(path, match["site"], at, int(match["seq"]))


def stored_site(db_path: Path) -> Site:
    """The site kept in the database, read without opening it as a Store (which migrates)."""
    if not db_path.is_file():
        raise MaintenanceError("no_database", f"There is no database at {db_path}.")
    conn = _connect(db_path)
    try:
        row = conn.execute("SELECT toml FROM site_source WHERE id = 1").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    if row is None:
        raise StoreError("not_initialised", f"The database {db_path} has no site yet.")
    return parse_site(row[0], "site stored in the database", stored=True)[0]


def plan_of(site: Site) -> BackupPlan:
    plan = site.extra.get("backup")
    return plan if isinstance(plan, BackupPlan) else BackupPlan()


def backup_folder(db_path: Path, plan: BackupPlan) -> Path:
    """Where the site's backups go: its folder (relative to the database's), or ``backups/``."""
    folder = Path(plan.folder).expanduser() if plan.folder else Path("backups")
    return folder if folder.is_absolute() else db_path.parent / folder


def list_backups(folder: Path, site_id: str | None = None) -> list[BackupFile]:
    """The verified backups in ``folder`` (of one site when named), oldest first."""
    try:
        names = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        message = f"Cannot read the backup folder {folder}: {exc}"
        raise MaintenanceError("backup_folder", message) from None
    found = [b for b in map(parse_backup_name, names) if b is not None]
    return sorted(
        (b for b in found if site_id is None or b.site_id == site_id),
        key=lambda b: (b.taken_at, b.seq),
    )


# --- taking one --------------------------------------------------------------------------------


def take_backup(
    db_path: Path,
    folder: Path,
    now: datetime,
    *,
    pages: int = PAGES_PER_STEP,
    pause: float = 0.0,
) -> Copied:
    """A verified backup of the database as committed now, into ``folder`` under its name.

    The copy is read inside one read transaction (which also dates it: its last seq and event
    count), so it is the database as of one commit, whatever the writer does meanwhile; it is
    checked (``PRAGMA integrity_check``, the same seq and count) before it takes its name.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        message = f"Cannot make the backup folder {folder}: {exc}"
        raise MaintenanceError("backup_failed", message) from None

    def name(site_id: str | None, seq: int) -> Path:
        if site_id is None:
            raise StoreError("not_initialised", f"The database {db_path} has no site yet.")
        return folder / backup_name(site_id, now, seq)

    return copy_database(db_path, name, now, pages=pages, pause=pause)


def copy_database(
    db_path: Path,
    target: Callable[[str | None, int], Path],
    now: datetime,
    *,
    pages: int = PAGES_PER_STEP,
    pause: float = 0.0,
) -> Copied:
    """The database as committed now, copied to ``target(site_id, seq)`` (no site id before
    one is imported): consistent, 0600, verified, then fsync'd and renamed into place; on any
    failure nothing is left behind."""
    if not db_path.is_file():
        raise MaintenanceError("no_database", f"There is no database at {db_path}.")
    began = time.perf_counter()
    source = _connect(db_path)
    temp: Path | None = None
    try:
        source.execute("BEGIN")  # one snapshot: what the copy holds and what dates it
        seq, events = source.execute(
            "SELECT coalesce(max(seq), 0), count(*) FROM events"
        ).fetchone()
        site_id = _site_id(source)
        final = target(site_id, seq)
        temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        _create_private(temp)
        copy = sqlite3.connect(temp, isolation_level=None)
        try:
            _progress = None if pause <= 0 else (lambda _s, _r, _t: time.sleep(pause))
            source.backup(copy, pages=pages, progress=_progress)
            source.execute("COMMIT")
            copied = time.perf_counter() - began
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            copy.execute("PRAGMA synchronous=FULL")
            copy.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                zip(
                    BACKUP_META,
                    (to_db_time(now), str(seq), str(events), str(round(copied * 1000))),
                    strict=True,
                ),
            )
        finally:
            copy.close()
        verify_copy(temp, seq, events)
        _fsync(temp)
        os.replace(temp, final)
        temp = None
        _fsync_folder(final.parent)
        return Copied(
            final, now, site_id, seq, events, final.stat().st_size, copied,
            time.perf_counter() - began,
        )  # fmt: skip
    except sqlite3.Error as exc:
        raise MaintenanceError("backup_failed", f"Backup of {db_path} failed: {exc}") from None
    except OSError as exc:
        raise MaintenanceError("backup_failed", f"Backup of {db_path} failed: {exc}") from None
    finally:
        if source.in_transaction:
            source.execute("ROLLBACK")
        source.close()
        if temp is not None:
            for leftover in (temp, *(temp.with_name(temp.name + x) for x in _SIDE_FILES)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def verify_copy(path: Path, seq: int, events: int) -> None:
    """``PRAGMA integrity_check`` on a copy, and its events as counted when it was taken."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        check = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        held = conn.execute("SELECT coalesce(max(seq), 0), count(*) FROM events").fetchone()
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError(
            "backup_unverified", f"The copy {path.name} is damaged: {exc}"
        ) from None
    finally:
        conn.close()
    if check != ["ok"]:
        raise MaintenanceError("backup_unverified", f"The copy {path.name} is damaged: {check[0]}")
    if tuple(held) != (seq, events):
        raise MaintenanceError(
            "backup_unverified",
            f"The copy {path.name} holds events up to seq {held[0]} ({held[1]}), "
            f"not {seq} ({events}) as committed when it was taken.",
        )


def backup_facts(conn: sqlite3.Connection) -> dict[str, str]:
    """What a copy says of itself (``BACKUP_META``), empty for a database that is not one."""
    marks = ", ".join("?" for _ in BACKUP_META)
    rows = conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", BACKUP_META)
    return {str(k): str(v) for k, v in rows}


def taken_at(facts: dict[str, str]) -> datetime | None:
    stamp = facts.get("backup_taken_at")
    return None if stamp is None else from_db_time(stamp)


# --- retention ---------------------------------------------------------------------------------


def prune_backups(
    folder: Path, site_id: str, plan: BackupPlan, day_of: Callable[[datetime], date]
) -> list[Path]:
    """Remove the site's backups the plan does not keep (and temporary copies left by a process
    that died mid-copy); return what was removed."""
    backups = list_backups(folder, site_id)
    keep = retained((b.taken_at for b in backups), plan.keep_last, plan.keep_days, day_of)
    removed = []
    for backup in backups:
        if backup.taken_at not in keep:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
            removed.append(backup.path)
    for temp in _stale_temps(folder):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        removed.append(temp)
    return removed


def _stale_temps(folder: Path) -> Iterator[Path]:
    cutoff = time.time() - STALE_TEMP_SECONDS
    for path in folder.glob(".luot-*.tmp*"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                yield path


# --- files -------------------------------------------------------------------------------------


def _connect(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def _site_id(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT toml FROM site_source WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # no table yet
        return None
    return None if row is None else str(tomllib.loads(row[0])["site"]["id"])


def _create_private(path: Path) -> None:
    """An empty file only its owner may read: SQLite gives its journals the same mode."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; some shares (CIFS) cannot sync a folder, and say so: ignored."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
