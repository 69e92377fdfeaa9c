"""The counter: the clerk's panel, the counter-facing display with the citizen's rating, and the
LED line display driver."""

from counter_display.display_model import DisplayViewModel
from counter_display.led import Framing, LedDisplay, LedError, LedSettings, frame
from counter_display.panel_model import PanelViewModel, SignIn
from counter_display.rating import RatingLevels, RatingPhase, RatingViewModel
from counter_display.state import SHORTCUTS, Action, CounterSnapshot, enabled_actions

__all__ = [
    "SHORTCUTS",
    "Action",
    "CounterSnapshot",
    "DisplayViewModel",
    "Framing",
    "LedDisplay",
    "LedError",
    "LedSettings",
    "PanelViewModel",
    "RatingLevels",
    "RatingPhase",
    "RatingViewModel",
    "SignIn",
    "enabled_actions",
    "frame",
]
