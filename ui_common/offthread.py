"""Blocking work (a printer) on a worker thread, its answer back on the Qt thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from ui_common.handoff import Handoff
from ui_common.qt import QObject

__all__ = ["OffThread"]

T = TypeVar("T")


class OffThread(QObject):
    """Runs a function on one worker thread; ``on_done(result)`` runs on the Qt thread.

    One worker: printer operations take turns anyway, and order is kept. An exception
    the function did not turn into a result is a bug: it is logged with its trace.
    """

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._handoff = Handoff(name, self)

    def run(self, work: Callable[[], T], on_done: Callable[[T], None]) -> Future[T]:
        future = self._pool.submit(work)
        self._handoff.when_done(future, on_done)
        return future

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
