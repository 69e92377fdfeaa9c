"""Work done on another thread handed back to the Qt thread: the one way the apps do it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from ui_common.qt import QObject, Signal, Slot

__all__ = ["Handoff"]

log = logging.getLogger(__name__)
T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


class Handoff(QObject):
    """Runs, on the thread it lives on (the Qt thread), what another thread hands it.

    The bridge hands back the core's answers through one, ``OffThread`` the answers of
    blocking work (the printer). A Qt signal emitted on a worker thread is queued to the
    receiver's thread, so the callbacks run where the widgets live.
    """

    _deliver = Signal(object)

    def __init__(self, what: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.what = what
        """Named in the log when the work fails: ``core call``, ``kiosk-printer``…"""
        self._deliver.connect(self._on_deliver)

    def when_done(
        self,
        future: Future[T],
        on_result: Callable[[T], None] | None,
        on_error: Callable[[E], None] | None = None,
        expected: type[E] | tuple[type[E], ...] = (),
    ) -> None:
        """Once ``future`` is done (on any thread): ``on_result(value)`` on this thread; an
        ``expected`` error to ``on_error`` (logged as a warning without one); any other error
        is a bug, logged with its trace. A cancelled future calls nothing."""
        future.add_done_callback(
            lambda done: self._deliver.emit(
                lambda: self._finish(done, on_result, on_error, expected)
            )
        )

    def _finish(
        self,
        done: Future[Any],
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[Any], None] | None,
        expected: type[BaseException] | tuple[type[BaseException], ...],
    ) -> None:
        if done.cancelled():
            return
        error = done.exception()
        if error is None:
            if on_result is not None:
                on_result(done.result())
        elif isinstance(error, expected):
            if on_error is not None:
                on_error(error)
            else:
                log.warning("%s failed: %s", self.what, error)
        else:
            log.error("%s crashed", self.what, exc_info=error)

    @Slot(object)
    def _on_deliver(self, deliver: Callable[[], None]) -> None:
        deliver()
