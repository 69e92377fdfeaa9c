"""Bookings from outside the hall: a portal's export (CSV, JSON, XLSX) or push taken whole or not
at all, each bad row named; and a booking as a citizen's pages and the apps show it."""

from queue_core.bookings.importer import BookingRow, parse_bookings
from queue_core.bookings.service import (
    booking_json,
    import_bookings,
    import_file,
    services_json,
)

__all__ = [
    "BookingRow",
    "booking_json",
    "import_bookings",
    "import_file",
    "parse_bookings",
    "services_json",
]
