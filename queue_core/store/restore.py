"""Putting a backup back in place of the database: checked, the replaced file kept aside, and
today's numbers (and the event log's seq) moved past those the lost database may have given."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from queue_core.domain import (
    DayNumbering,
    NumberSkip,
    RecordRestore,
    Site,
    busiest_hour,
    day_start,
    open_minutes,
    restored_seq,
    skips_by_service,
)
from queue_core.errors import MaintenanceError
from queue_core.store import audit
from queue_core.store.backup import backup_facts, taken_at
from queue_core.store.database import connect
from queue_core.store.records import from_db_time
from queue_core.store.schema import MIGRATIONS, schema_version
from queue_core.store.serving import DatabaseLock
from queue_core.store.store import Store

RATE_DAYS = 7
"""A service's busiest hour is looked for over the backup's last this many business days."""
_SIDE_FILES = ("-wal", "-shm")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Restored:
    """What a restore did, for the technician who ran it."""

    db_path: Path
    backup: Path
    site_id: str
    site_name: str
    backup_at: datetime
    backup_seq: int
    backup_schema: int
    first_seq: int
    """The seq of the first event after the restore: ``day.restored``'s."""
    business_day: date
    skips: tuple[NumberSkip, ...]
    set_aside: Path | None
    """Where the replaced database went (its -wal and -shm beside it), or None if none."""
    replaced_readable: bool
    """Whether the replaced database could still be read (its numbers then count too)."""


@dataclass(frozen=True)
class _Replaced:
    """What the database being replaced still tells, each part None when it cannot be read."""

    site_id: str | None
    last_values: dict[str, int] | None
    last_seq: int | None

    @property
    def readable(self) -> bool:
        return self.last_values is not None and self.last_seq is not None


def restore_backup(db_path: Path, backup: Path, now: datetime, actor: str = "") -> Restored:
    """Put ``backup`` in place of the database at ``db_path``; refused while a core serves it.

    The backup is copied next to the database and checked there (integrity, a Lượt database
    of a schema this release can read, migrated if older, the same site as the database it
    replaces when that can be read); then the replaced database is renamed aside with its
    -wal and -shm, and the copy takes its place. Nothing changes until the copy is ready.
    ``actor``, when given, goes into the restored database's audit log with the restore.
    """
    db_path, backup = Path(db_path), Path(backup)
    with DatabaseLock(db_path, "restoring"):
        if not backup.is_file():
            raise MaintenanceError("no_backup", f"There is no backup file {backup}.")
        stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        staging = db_path.with_name(f".{db_path.name}.restoring-{stamp}")
        try:
            _copy_private(backup, staging)
            if _side(backup, "-wal").is_file():  # a file set aside: its commits come with it
                _copy_private(_side(backup, "-wal"), _side(staging, "-wal"))
            version = _check(staging, backup)
            aside = _aside_name(db_path, stamp)
            restored = _prepare(db_path, backup, staging, version, now, aside, actor)
            _same_owner(staging, db_path if db_path.exists() else db_path.parent)
            set_aside = _set_aside(db_path, stamp)
            os.replace(staging, db_path)
            _fsync_folder(db_path.parent)
        finally:
            for leftover in (staging, *(_side(staging, s) for s in ("-journal", *_SIDE_FILES))):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
    return replace(restored, set_aside=set_aside)


def _prepare(
    db_path: Path,
    backup: Path,
    staging: Path,
    version: int,
    now: datetime,
    aside: Path | None,
    actor: str,
) -> Restored:
    """The checked copy, migrated if older, with the restore recorded in it, ready to move."""
    store = Store(connect(staging, backup_before_migration=False))
    try:
        site = store.site
        day = site.business_day(now)
        replaced = _read_replaced(db_path, day)
        if replaced.site_id is not None and replaced.site_id != site.id:
            raise MaintenanceError(
                "wrong_site",
                f"{backup.name} is a backup of site {site.id!r}, but {db_path} is site "
                f"{replaced.site_id!r}: restore a backup of this centre.",
            )
        facts = backup_facts(store.conn)
        backup_at = taken_at(facts) or _last_event_at(store) or now
        backup_seq = store.last_seq()
        skips = _skips(store, site, day, backup_at, now, replaced)
        first_seq = restored_seq(
            backup_seq,
            busiest_hour(_event_times(store, backup_at)),
            (now - backup_at).total_seconds() / 3600,
            replaced.last_seq,
        )
        store.execute(
            RecordRestore(
                skips, first_seq, backup.name, backup_at, backup_seq, aside.name if aside else None
            ),
            now,
        )
        if actor:
            with store.transaction() as conn:
                audit.record(
                    conn, now, actor, "database.restore", backup.name, None,
                    {"backup_seq": backup_seq, "first_seq": first_seq},
                    f"taken {backup_at.isoformat(timespec='seconds')}; "
                    f"the replaced database kept as {aside.name if aside else 'nothing'}",
                )  # fmt: skip
        restored = Restored(
            db_path, backup, site.id, site.name, backup_at, backup_seq, version, first_seq, day,
            skips, None, replaced.readable,
        )  # fmt: skip
    finally:
        store.close()  # the last connection: its -wal is folded into the file and removed
    if _leftover_wal(staging):
        message = f"{staging} still has a -wal; nothing was changed."
        raise MaintenanceError("restore_failed", message)
    return restored


def _check(staging: Path, backup: Path) -> int:
    """The copy is sound and a Lượt database this release can read: its schema version."""
    try:
        conn = sqlite3.connect(staging, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError("backup_damaged", f"{backup} cannot be opened: {exc}") from None
    try:
        check = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise MaintenanceError("backup_damaged", f"{backup} is damaged: {check[0]}")
        version = schema_version(conn)
        has_site = (
            version > 0
            and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_source'"
            ).fetchone()
        )
        if not has_site or conn.execute("SELECT 1 FROM site_source").fetchone() is None:
            raise MaintenanceError("not_a_backup", f"{backup} is not a Lượt database with a site.")
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError("backup_damaged", f"{backup} is not a database: {exc}") from None
    finally:
        conn.close()
    if version > len(MIGRATIONS):
        raise MaintenanceError(
            "schema_too_new",
            f"{backup} was written by a newer Lượt (schema {version}, this one reads up to "
            f"{len(MIGRATIONS)}): restore it with that release or a newer one.",
        )
    return version


def _skips(
    store: Store, site: Site, day: date, backup_at: datetime, now: datetime, replaced: _Replaced
) -> tuple[NumberSkip, ...]:
    rows = store.conn.execute(
        "SELECT service_id, last_value, issued FROM numbering WHERE business_day = ?",
        (day.isoformat(),),
    ).fetchall()
    backed_up = {sid: DayNumbering(last, issued) for sid, last, issued in rows}
    recent = store.conn.execute(
        "SELECT min(business_day) FROM "
        "(SELECT DISTINCT business_day FROM tickets ORDER BY business_day DESC LIMIT ?)",
        (RATE_DAYS,),
    ).fetchone()[0]
    issued: dict[str, list[datetime]] = {}
    for sid, at in store.conn.execute(
        "SELECT issued_service_id, issued_at FROM tickets WHERE business_day >= ?",
        (recent or day.isoformat(),),
    ):
        issued.setdefault(sid, []).append(from_db_time(at))
    start = max(site.local(backup_at), day_start(day, site.day_reset_hour, site.timezone))
    end = site.local(now)
    return skips_by_service(
        site.services,
        backed_up,
        {sid: busiest_hour(times) for sid, times in issued.items()},
        {s.id: open_minutes(s.hours, start, end) for s in site.services},
        replaced.last_values,
    )


def _event_times(store: Store, backup_at: datetime) -> list[datetime]:
    since = backup_at - timedelta(days=RATE_DAYS)
    rows = store.conn.execute("SELECT at FROM events ORDER BY seq DESC LIMIT 100000")
    return [t for t in (from_db_time(r[0]) for r in rows) if t >= since]


def _last_event_at(store: Store) -> datetime | None:
    row = store.conn.execute("SELECT at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else from_db_time(row[0])


def _read_replaced(db_path: Path, day: date) -> _Replaced:
    """What the database being replaced still says: read from a copy of it (and its -wal),
    so that the file set aside stays exactly as it was found."""
    if not db_path.exists():
        return _Replaced(None, None, None)
    with tempfile.TemporaryDirectory(prefix="luot-replaced-") as folder:
        copy = Path(folder) / db_path.name
        try:
            shutil.copyfile(db_path, copy)
            if _side(db_path, "-wal").exists():
                shutil.copyfile(_side(db_path, "-wal"), _side(copy, "-wal"))
            conn = sqlite3.connect(copy, isolation_level=None)
        except (OSError, sqlite3.Error):
            return _Replaced(None, None, None)
        try:
            return _Replaced(
                _ask(conn, _site_of),
                _ask(conn, lambda c: _last_values(c, day)),
                _ask(conn, _last_seq),
            )
        finally:
            conn.close()


def _ask(conn: sqlite3.Connection, question: Callable[[sqlite3.Connection], _T]) -> _T | None:
    """One question to a database that may be damaged: its answer, or None."""
    try:
        return question(conn)
    except (sqlite3.Error, TypeError, ValueError, KeyError, tomllib.TOMLDecodeError):
        return None


def _last_seq(conn: sqlite3.Connection) -> int:
    """0 for a database with no events yet: that is an answer, not an unreadable file."""
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])


def _site_of(conn: sqlite3.Connection) -> str:
    toml = conn.execute("SELECT toml FROM site_source").fetchone()[0]
    return str(tomllib.loads(toml)["site"]["id"])


def _last_values(conn: sqlite3.Connection, day: date) -> dict[str, int]:
    rows = conn.execute(
        "SELECT service_id, last_value FROM numbering WHERE business_day = ?", (day.isoformat(),)
    )
    return {str(sid): int(last) for sid, last in rows if last is not None}


# --- files -------------------------------------------------------------------------------------


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _copy_private(source: Path, target: Path) -> None:
    """A copy only its owner may read, on disk before it is used."""
    for leftover in (target, *(_side(target, s) for s in ("-journal", *_SIDE_FILES))):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _leftover_wal(path: Path) -> bool:
    wal = _side(path, "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _aside_name(db_path: Path, stamp: str) -> Path | None:
    """Where the replaced database goes, or None when there is none to replace."""
    if not db_path.exists() and not _side(db_path, "-wal").exists():
        return None
    return db_path.with_name(f"{db_path.name}.replaced-{stamp}")


def _set_aside(db_path: Path, stamp: str) -> Path | None:
    """The replaced database renamed ``luot.db.replaced-<time>``, its -wal and -shm with it
    (the -wal holds commits the file may not have yet: the three stay together). The -shm and
    -wal go first, so that a crash midway never leaves a -wal beside the wrong file."""
    aside = _aside_name(db_path, stamp)
    if aside is None:
        return None
    for suffix in ("-shm", "-wal"):
        if _side(db_path, suffix).exists():
            os.replace(_side(db_path, suffix), _side(aside, suffix))
    if db_path.exists():
        os.replace(db_path, aside)
    for kept in (aside, _side(aside, "-wal"), _side(aside, "-shm")):
        with contextlib.suppress(FileNotFoundError):  # it holds all the database held
            os.chmod(kept, 0o600)
    return aside


def _same_owner(path: Path, reference: Path) -> None:
    """Run as root (by a technician), the restored file must still be the core's to open."""
    if os.geteuid() == 0:
        owner = reference.stat()
        os.chown(path, owner.st_uid, owner.st_gid)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
