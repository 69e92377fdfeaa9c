"""An app's window saved as one PNG every few seconds (the demo hall's headless screenshots)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ui_common.qt import QObject, QTimer, QtWidgets

__all__ = ["WindowShots"]

log = logging.getLogger(__name__)


class WindowShots(QObject):
    """Saves ``window`` to ``path`` now and every ``every_s`` seconds, replacing the last one.

    Each PNG is written beside the target and renamed over it, so a reader never sees half
    a file.
    """

    def __init__(
        self, window: QtWidgets.QWidget, path: Path, every_s: float, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.window, self.path = window, path
        self.saved = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(100, round(every_s * 1000)))
        self._timer.timeout.connect(self.shoot)

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.shoot()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def shoot(self) -> bool:
        part = self.path.with_name(self.path.name + ".part")
        if not self.window.grab().save(str(part), "PNG"):
            log.warning("could not save a screenshot to %s", part)
            return False
        os.replace(part, self.path)
        self.saved += 1
        return True
