"""The kiosk: the touchscreen where a citizen takes a ticket and looks up a procedure.

Logic lives in view-models (``flow.KioskFlow``, ``live.LiveCatalogue``,
``taking.TicketTaker``, ``heartbeat.Heartbeat``); ``widgets`` only draws them.
"""

from kiosk.catalogue import AgencyEntry, Catalogue, KioskSite, ServiceEntry
from kiosk.flow import KioskFlow, Screen, SearchMode, Timeouts
from kiosk.live import LiveCatalogue
from kiosk.search import fold, matches
from kiosk.taking import Outcome, TakeResult, TicketRequest, TicketTaker

__all__ = [
    "AgencyEntry",
    "Catalogue",
    "KioskFlow",
    "KioskSite",
    "LiveCatalogue",
    "Outcome",
    "Screen",
    "SearchMode",
    "ServiceEntry",
    "TakeResult",
    "TicketRequest",
    "TicketTaker",
    "Timeouts",
    "fold",
    "matches",
]
