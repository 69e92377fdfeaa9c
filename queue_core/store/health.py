"""What `luot-core doctor` reads of the database, on read-only connections so that it may run
while a core serves: its integrity, its size, the paired devices, and whether a core serves it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from queue_core.errors import StoreError
from queue_core.store.devices import Device, list_devices
from queue_core.store.limits import BUSY_TIMEOUT_MS
from queue_core.store.serving import lock_path

INTEGRITY_ROWS = 20
"""The most problems ``PRAGMA integrity_check`` lists: the first says enough to restore."""


def _read_only(db_path: Path) -> sqlite3.Connection:
    # mode=ro: never a write, so never in the serving core's way (in WAL mode a reader does not
    # block the writer, nor the writer it).
    uri = db_path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def integrity_problems(db_path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong with the database; empty when it says ok.

    The full check rather than ``quick_check``: it also checks that every index holds exactly
    its table's rows (the unique index of the day's ticket numbers among them), which
    quick_check skips. It reads the whole file: a year of a busy centre (1.5 GB) took 3 s.
    """
    try:
        conn = _read_only(db_path)
    except sqlite3.Error as exc:
        return [f"cannot open it: {exc}"]
    try:
        rows = conn.execute(f"PRAGMA integrity_check({INTEGRITY_ROWS})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def database_bytes(db_path: Path) -> int:
    """The database's size on disk, with the commits its WAL holds."""
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def paired_devices(db_path: Path) -> list[Device]:
    """The paired devices not revoked, in the order they were paired."""
    try:
        conn = _read_only(db_path)
        try:
            return [d for d in list_devices(conn) if d.revoked_at is None]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError("database_unusable", f"Cannot read the devices: {exc}") from None


def served_by(db_path: Path) -> int | None:
    """The pid of the core that serves the database, when one does: read from the lock file's
    note, not by taking the lock (a core starting at that moment would find it taken)."""
    try:
        note = lock_path(db_path).read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return None
    if len(note) != 4 or note[:3] != ["serving", "by", "pid"] or not note[3].isdigit():
        return None
    pid = int(note[3])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # the note of a core that has ended
    except PermissionError:
        pass  # alive, another user's
    return pid
