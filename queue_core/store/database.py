"""Opening the SQLite file durably: WAL, synchronous=FULL, a busy timeout, the schema migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from queue_core.errors import StoreError
from queue_core.store.schema import migrate

BUSY_TIMEOUT_MS = 15_000
WAL_AUTOCHECKPOINT_PAGES = 1_000
"""SQLite's own default; the server turns it off and checkpoints on a thread of its own."""


def connect(
    path: str | Path, autocheckpoint: int = WAL_AUTOCHECKPOINT_PAGES
) -> sqlite_utils.Database:
    """A connection in autocommit mode: every transaction is an explicit ``BEGIN IMMEDIATE``.

    ``autocheckpoint=0`` leaves checkpoints to someone else (see ``api.checkpoint``).
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError("no_directory", f"The database's folder does not exist: {path.parent}")
    try:
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError("database_unusable", f"Cannot use the database {path}: {exc}") from exc
    return db
