"""Checkpointing the WAL beside the writer, so that no request waits for the main file's fsync."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from queue_core.store import BUSY_TIMEOUT_MS

log = logging.getLogger("luot.api.checkpoint")

INTERVAL_S = 1.0


class Checkpointer:
    """Every second, a PASSIVE checkpoint on its own connection: it copies what it can from
    the WAL into the database file and never blocks the writer (whose own automatic
    checkpoints are off while the server runs)."""

    def __init__(self, db_path: Path, interval: float = INTERVAL_S) -> None:
        self._path, self._interval = db_path, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="luot-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            while not self._stop.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.OperationalError as exc:  # busy now: the next second will do
                    log.debug("checkpoint skipped: %s", exc)
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()
