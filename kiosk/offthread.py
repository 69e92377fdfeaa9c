"""Blocking work (the printer, discovery) on a worker thread, its answer back on the Qt thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from ui_common.qt import QObject, Signal, Slot

__all__ = ["OffThread"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class OffThread(QObject):
    """Runs a function on one worker thread; ``on_done(result)`` runs on the Qt thread.

    One worker: printer operations take turns anyway, and order is kept. An exception
    the function did not turn into a result is a bug: it is logged with its trace.
    """

    _deliver = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._deliver.connect(self._on_deliver)

    def run(self, work: Callable[[], T], on_done: Callable[[T], None]) -> Future[T]:
        future = self._pool.submit(work)
        future.add_done_callback(lambda done: self._deliver.emit(lambda: _finish(done, on_done)))
        return future

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    @Slot(object)
    def _on_deliver(self, deliver: Callable[[], None]) -> None:
        deliver()


def _finish(done: Future[Any], on_done: Callable[[Any], None]) -> None:
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        log.error("off-thread work crashed", exc_info=error)
        return
    on_done(done.result())
