"""Appointments as the core shows them: a booking (the holder masked) and a check-in's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_core.client.models.reading import Reader
from queue_core.client.models.tickets import Named, TicketInfo
from queue_core.domain.appointments import CODE_ALPHABET, CODE_LENGTH, Arrival

__all__ = [
    "BOOKING_CODE_ALPHABET",
    "BOOKING_CODE_LENGTH",
    "Arrival",
    "BookingInfo",
    "CheckInAnswer",
]

BOOKING_CODE_ALPHABET = CODE_ALPHABET
"""The letters and digits of a booking's code (no 0/O, no 1/I): what the kiosk's pad offers."""
BOOKING_CODE_LENGTH = CODE_LENGTH


@dataclass(frozen=True)
class BookingInfo:
    code: str
    service: Named
    slot_at: datetime
    holder: str
    """Masked (``Nguyễn V*** A**``)."""
    status: str
    """``booked``, ``checked_in``, ``cancelled`` or ``missed``."""

    @classmethod
    def from_json(cls, data: object, what: str = "booking") -> BookingInfo:
        r = Reader(data, what)
        return cls(
            code=r.text("code"),
            service=r.one("service", Named.from_json),
            slot_at=r.moment("slot_at"),
            holder=r.text("holder"),
            status=r.text("status"),
        )


@dataclass(frozen=True)
class CheckInAnswer:
    """``POST /bookings/check-in``: on time, the ticket (with its public token); too early,
    when to come back; too late, the booking missed. ``booking`` None: the code was a number's
    taken by text, its holder now checked in (always on time)."""

    arrival: Arrival
    booking: BookingInfo | None
    come_back_at: datetime | None = None
    ticket: TicketInfo | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "check-in") -> CheckInAnswer:
        r = Reader(data, what)
        return cls(
            arrival=r.enum("arrival", Arrival),
            booking=r.opt_one("booking", BookingInfo.from_json),
            come_back_at=r.opt_moment("come_back_at"),
            ticket=r.opt_one("ticket", TicketInfo.from_json),
        )
