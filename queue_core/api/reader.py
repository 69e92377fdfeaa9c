"""Reads off the event loop: a second connection on its own thread, each read one snapshot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from queue_core.store import Store

T = TypeVar("T")


class Reader:
    """Runs read functions on one thread with its own Store; WAL lets them overlap the writer."""

    def __init__(self, db_path: Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="luot-reader")
        self._store: Store = self._pool.submit(Store.open, db_path).result()

    async def read(self, work: Callable[[Store], T]) -> T:
        """Run ``work`` in one read transaction, so that what it sees is one moment."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._snapshot, work)

    def _snapshot(self, work: Callable[[Store], T]) -> T:
        conn = self._store.conn
        conn.execute("BEGIN")
        try:
            return work(self._store)
        finally:
            conn.execute("COMMIT")

    def close(self) -> None:
        self._pool.submit(self._store.close).result()
        self._pool.shutdown(wait=True)
