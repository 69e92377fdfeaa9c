"""The demo hall's counter autopilot: nobody sits at the panel, so every few seconds it presses
the clerk's next step (start the ticket called, finish the one served, call the next), through
the panel's own intents."""

from __future__ import annotations

from counter_display.panel_model import PanelViewModel
from counter_display.state import Action
from ui_common.qt import QObject, QTimer

__all__ = ["STEPS", "PanelAutopilot"]

STEPS = (Action.START, Action.FINISH, Action.NEXT)
"""Tried in this order; the first one the panel enables now is pressed."""


class PanelAutopilot(QObject):
    def __init__(self, model: PanelViewModel, every_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.presses = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(200, round(every_s * 1000)))
        self._timer.timeout.connect(self.step)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def step(self) -> Action | None:
        for action in STEPS:
            if self.model.trigger(action):
                self.presses += 1
                return action
        return None
