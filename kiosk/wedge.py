"""The USB barcode/QR scanner (a keyboard wedge): characters typed fast, then Enter, on any screen.

``WedgeBuffer`` is the rule, without Qt: characters closer than ``gap_ms`` to the one
before are one burst; Enter after a burst of at least ``min_chars`` is a scan. A person
typing (slower, or without Enter) never makes one. ``ScanWedge`` feeds it from an event
filter on the QApplication and emits ``scanned(text)``; it swallows only the Enter that
ends a scan, so other typing reaches its widget as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ui_common.qt import QObject, Qt, QtCore, QtGui, QtWidgets, Signal

__all__ = ["ScanWedge", "WedgeBuffer", "WedgeTimings"]

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class WedgeTimings:
    gap_ms: float = 50.0
    """Scanners type a character every few ms; people need 100 ms or more."""
    min_chars: int = 5
    """The shortest dossier code."""


class WedgeBuffer:
    """Characters of the burst under way; ``enter`` says whether they were a scan."""

    def __init__(self, timings: WedgeTimings | None = None) -> None:
        self.timings = timings or WedgeTimings()
        self.chars: list[str] = []
        self._last: float | None = None

    def char(self, text: str, now_ms: float) -> None:
        if self._last is None or now_ms - self._last > self.timings.gap_ms:
            self.chars = []
        self.chars.append(text)
        self._last = now_ms

    def enter(self, now_ms: float) -> str | None:
        """The scanned text when Enter closes a burst, else None; the buffer empties."""
        fresh = self._last is not None and now_ms - self._last <= self.timings.gap_ms
        text = "".join(self.chars)
        self.reset()
        return text if fresh and len(text) >= self.timings.min_chars else None

    def reset(self) -> None:
        self.chars = []
        self._last = None


class ScanWedge(QObject):
    """An application-wide event filter turning scanner bursts into ``scanned(text)``."""

    scanned = Signal(str)

    def __init__(
        self,
        timings: WedgeTimings | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.buffer = WedgeBuffer(timings)
        self.clock = clock
        self._app: QtCore.QCoreApplication | None = None

    def install(self) -> None:
        self._app = QtWidgets.QApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    def remove(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        # A key event travels from the focus widget up to its window; it is read once, at
        # the window (no kiosk widget takes keys, so every key press reaches it).
        if event.type() != QtCore.QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QtWidgets.QWidget) or not watched.isWindow():
            return False
        assert isinstance(event, QtGui.QKeyEvent)
        now_ms = self.clock() * 1000
        if event.key() in _ENTER:
            text = self.buffer.enter(now_ms)
            if text is None:
                return False
            self.scanned.emit(text)
            return True
        text = event.text()
        if event.modifiers() & Qt.KeyboardModifier.KeypadModifier:
            self.buffer.reset()  # the tactile keypad's digits (kiosk.keypad), not a scanner's
        elif len(text) == 1 and text.isprintable() and not text.isspace():
            self.buffer.char(text, now_ms)
        else:
            self.buffer.reset()
        return False
