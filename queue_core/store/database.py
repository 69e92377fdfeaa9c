"""Opening the SQLite file durably and privately: WAL, synchronous=FULL, a busy timeout, the file
its owner's alone, the schema migrated (after a verified copy of the database as it was)."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from queue_core.errors import MaintenanceError, StoreError
from queue_core.store.backup import copy_database
from queue_core.store.limits import BUSY_TIMEOUT_MS, WAL_AUTOCHECKPOINT_PAGES
from queue_core.store.schema import MIGRATIONS, migrate, schema_version

__all__ = [
    "BUSY_TIMEOUT_MS",
    "WAL_AUTOCHECKPOINT_PAGES",
    "before_migration",
    "connect",
    "latest_schema",
    "private_database",
    "schema_of",
    "upgrade",
]


def connect(
    path: str | Path,
    autocheckpoint: int = WAL_AUTOCHECKPOINT_PAGES,
    *,
    backup_before_migration: bool = True,
) -> sqlite_utils.Database:
    """A connection in autocommit mode: every transaction is an explicit ``BEGIN IMMEDIATE``.

    ``autocheckpoint=0`` leaves checkpoints to someone else (see ``api.checkpoint``). Before a
    migration, the database as it was is copied beside it (``before_migration``); a migration
    that fails changes nothing and closes the connection.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError("no_directory", f"The database's folder does not exist: {path.parent}")
    try:
        private_database(path)
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError("database_unusable", f"Cannot use the database {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        db = sqlite_utils.Database(conn)
        keep = (lambda v, t: before_migration(path, v, t)) if backup_before_migration else None
        migrate(db, keep)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError("database_unusable", f"Cannot use the database {path}: {exc}") from exc
    except BaseException:
        conn.close()  # the last connection gone, SQLite removes its -wal and -shm
        raise
    return db


def private_database(path: Path) -> None:
    """The database file readable and writable by its owner alone (0600), before SQLite opens
    it: made empty so when it is new (SQLite gives its -wal and -shm the file's mode), narrowed
    so with its -wal and -shm when an earlier release made it with the umask's (0644)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        return
    except FileExistsError:
        pass
    for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                os.chmod(file, mode & 0o700)
        except FileNotFoundError:
            continue
        except PermissionError:  # another user's file, opened to read: it stays as it is
            continue


def before_migration(path: Path, version: int, target: int) -> Path:
    """A verified copy of the database at schema ``version``, beside it, before it is migrated
    to ``target``: ``luot.db.before-schema-5-20261125T020000Z.db``."""
    now = datetime.now(UTC)
    name = f"{path.name}.before-schema-{target}-{now:%Y%m%dT%H%M%SZ}.db"
    return copy_database(path, lambda _site, _seq: path.with_name(name), now).path


def schema_of(path: Path) -> int:
    """The schema version of the database at ``path``, read without migrating it."""
    if not path.is_file():
        raise MaintenanceError("no_database", f"There is no database at {path}.")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return schema_version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("database_unusable", f"Cannot use the database {path}: {exc}") from exc


def upgrade(path: Path) -> tuple[int, int, Path | None]:
    """Run the migrations a database needs: the version found, the one reached, and where the
    copy of the database as it was went (None when nothing ran)."""
    found = schema_of(path)
    copies: list[Path] = []

    def keep(version: int, target: int) -> Path:
        copies.append(before_migration(path, version, target))
        return copies[-1]

    private_database(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        reached = migrate(sqlite_utils.Database(conn), keep)
    except sqlite3.DatabaseError as exc:
        raise StoreError("database_unusable", f"Cannot use the database {path}: {exc}") from exc
    finally:
        conn.close()
    return found, reached, copies[0] if copies else None


def latest_schema() -> int:
    return len(MIGRATIONS)
