"""The serving core's texts to citizens' phones: which are due as the queue moves, sent on a
thread of its own at the site's pace, tried again, and how the modem or gateway is doing."""

from queue_core.notifier.notifier import Notifier, NotifierState, driver_for
from queue_core.notifier.wording import text_of

__all__ = ["Notifier", "NotifierState", "driver_for", "text_of"]
