"""The kiosk: the touchscreen where a citizen takes a ticket and looks up a procedure.

Logic lives in view-models (``flow.KioskFlow``, ``live.LiveCatalogue``,
``taking.TicketTaker``); ``widgets`` only draws them. Its heartbeat is every paired app's
(``ui_common.heartbeat``), with what ``printer_state`` says of its printer.
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
