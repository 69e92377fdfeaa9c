"""Appointments, pure: which services take them, their slots and capacity, a booking's code and
life (booked -> checked in | cancelled | missed), and how an arrival at the kiosk is judged."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from queue_core.domain.site import Site
from queue_core.errors import Conflict, DomainError, NotFound

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""No 0/O and no 1/I: a code read aloud or typed from paper cannot be mistaken."""
CODE_LENGTH = 6
CODE_ENTROPY_BYTES = CODE_LENGTH
"""Random bytes ``make_code`` takes: one per character (32 letters: 5 bits of each byte)."""


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    MISSED = "missed"


class Arrival(enum.StrEnum):
    """How a holder's arrival at the kiosk stands to their slot."""

    ON_TIME = "on_time"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"


@dataclass(frozen=True)
class AppointmentService:
    """One service that takes appointments: on which days, in which windows, how long a slot
    is and what share of its counters' time is kept for those who walk in."""

    service_id: str
    windows: tuple[tuple[time, time], ...]
    slot_minutes: int = 15
    walk_in_reserve: float = 0.5
    weekdays: frozenset[int] = frozenset(range(5))

    def slots(self, day: date, timezone: tzinfo) -> list[datetime]:
        """Every slot's start on ``day`` (none on a day it takes no appointments)."""
        if day.weekday() not in self.weekdays:
            return []
        step = timedelta(minutes=self.slot_minutes)
        found: list[datetime] = []
        for start, end in self.windows:
            moment = datetime.combine(day, start, tzinfo=timezone)
            last = datetime.combine(day, end, tzinfo=timezone)
            while moment + step <= last:
                found.append(moment)
                moment += step
        return found

    def is_slot(self, moment: datetime, timezone: tzinfo) -> bool:
        local = moment.astimezone(timezone)
        return local in self.slots(local.date(), timezone)


@dataclass(frozen=True)
class AppointmentRules:
    """The site's ``[appointments]``: its services and the margins of an arrival."""

    services: tuple[AppointmentService, ...] = ()
    early_minutes: int = 30
    """How long before their slot a holder may check in (earlier: come back at…)."""
    grace_minutes: int = 10
    """How long after their slot's start a holder may still check in; later they are missed."""
    days_ahead: int = 14
    """How far ahead a slot may be booked."""
    call_ahead_minutes: int = 0
    """How long before their slot's start a checked-in holder may be called ahead of walk-ins:
    a counter free a few minutes early takes them rather than a long walk-in visit that would
    keep them waiting past their time."""

    def service(self, service_id: str) -> AppointmentService | None:
        return next((s for s in self.services if s.service_id == service_id), None)

    @property
    def early(self) -> timedelta:
        return timedelta(minutes=self.early_minutes)

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.grace_minutes)

    @property
    def call_ahead(self) -> timedelta:
        return timedelta(minutes=self.call_ahead_minutes)


NO_APPOINTMENTS = AppointmentRules()


def appointment_rules(site: Site) -> AppointmentRules:
    """The site's ``[appointments]`` (none: no service takes any)."""
    found = site.extra.get("appointments", NO_APPOINTMENTS)
    return found if isinstance(found, AppointmentRules) else NO_APPOINTMENTS


def slot_capacity(counters: int, slot_minutes: int, average_minutes: float, reserve: float) -> int:
    """Bookings one slot takes: the visits its counters finish in a slot (at the service's
    measured average), less the share kept for walk-ins, rounded down."""
    if counters <= 0 or average_minutes <= 0:
        return 0
    visits = counters * slot_minutes / average_minutes
    return max(math.floor(visits * (1 - reserve) + 1e-9), 0)


def make_code(entropy: bytes) -> str:
    """A booking's code from ``CODE_ENTROPY_BYTES`` random bytes (the caller draws them)."""
    if len(entropy) < CODE_LENGTH:
        raise ValueError(f"a code needs {CODE_LENGTH} random bytes")
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in entropy[:CODE_LENGTH])


def normalise_booking_code(text: str) -> str | None:
    """The code as typed or scanned (spaces, dashes, lower case, a QR's URL all allowed), or
    None when it cannot be one."""
    code = text.strip().rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    code = "".join(ch for ch in code.upper() if ch not in " -")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


@dataclass(frozen=True)
class Booking:
    code: str
    service_id: str
    slot_at: datetime
    holder_name: str
    phone: str | None
    booked_at: datetime
    source: str = "web"
    """Where it came from: ``web`` (/book), ``console``, ``import``, ``api``."""
    external_id: str | None = None
    """The portal's own id, which makes an import or a push idempotent."""
    status: BookingStatus = BookingStatus.BOOKED
    ticket_id: int | None = None
    checked_in_at: datetime | None = None
    closed_at: datetime | None = None
    """When it was cancelled or marked missed."""
    cancel_reason: str | None = None


@dataclass(frozen=True)
class ArrivalJudgement:
    arrival: Arrival
    come_back_at: datetime | None = None
    """Too early: the first moment the holder may check in."""


def judge_arrival(booking: Booking, now: datetime, rules: AppointmentRules) -> ArrivalJudgement:
    """On time from ``early`` before the slot to ``grace`` after its start."""
    opens = booking.slot_at - rules.early
    if now < opens:
        return ArrivalJudgement(Arrival.TOO_EARLY, opens)
    if now > booking.slot_at + rules.grace:
        return ArrivalJudgement(Arrival.TOO_LATE)
    return ArrivalJudgement(Arrival.ON_TIME)


def _refuse(booking: Booking, action: str) -> Conflict:
    return Conflict(
        "booking_closed",
        f"Booking {booking.code} is {booking.status.value.replace('_', ' ')}; it cannot be "
        f"{action}.",
        field="code",
    )


def check_in(booking: Booking, ticket_id: int, now: datetime) -> Booking:
    if booking.status is not BookingStatus.BOOKED:
        raise _refuse(booking, "checked in")
    return replace(booking, status=BookingStatus.CHECKED_IN, ticket_id=ticket_id, checked_in_at=now)


def cancel_booking(booking: Booking, reason: str, now: datetime) -> Booking:
    if booking.status is not BookingStatus.BOOKED:
        raise _refuse(booking, "cancelled")
    return replace(
        booking, status=BookingStatus.CANCELLED, closed_at=now, cancel_reason=reason.strip()
    )


def is_missed(booking: Booking, now: datetime, rules: AppointmentRules) -> bool:
    """Booked and never checked in, and the grace after its slot's start is over."""
    return booking.status is BookingStatus.BOOKED and now > booking.slot_at + rules.grace


def mark_missed(booking: Booking, now: datetime) -> Booking:
    if booking.status is not BookingStatus.BOOKED:
        raise _refuse(booking, "marked missed")
    return replace(booking, status=BookingStatus.MISSED, closed_at=now)


def require_slot(
    rules: AppointmentRules,
    service_id: str,
    slot_at: datetime,
    now: datetime,
    timezone: tzinfo,
) -> AppointmentService:
    """The service's appointment settings when ``slot_at`` is one of its slots still to come
    and within ``days_ahead``; else the refusal a person can act on."""
    settings = rules.service(service_id)
    if settings is None:
        raise NotFound(
            "no_appointments",
            f"Service {service_id!r} takes no appointments.",
            field="service",
        )
    if not settings.is_slot(slot_at, timezone):
        raise DomainError(
            "not_a_slot",
            f"{slot_at.astimezone(timezone):%d/%m/%Y %H:%M} is not one of the service's slots.",
            field="slot",
        )
    if slot_at <= now:
        raise Conflict("slot_past", "That slot has begun; choose a later one.", field="slot")
    local_today = now.astimezone(timezone).date()
    if (slot_at.astimezone(timezone).date() - local_today).days > rules.days_ahead:
        raise DomainError(
            "too_far_ahead",
            f"Slots may be booked at most {rules.days_ahead} days ahead.",
            field="slot",
        )
    return settings


def require_room(booked: int, capacity: int, slot_at: datetime, timezone: tzinfo) -> None:
    """Refuse a booking that would take a slot past its capacity."""
    if booked >= capacity:
        raise Conflict(
            "slot_full",
            f"The slot at {slot_at.astimezone(timezone):%H:%M %d/%m/%Y} is full; choose another.",
            field="slot",
        )


def require_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not 2 <= len(cleaned) <= 80:
        raise DomainError(
            "invalid_name", "Give the holder's full name (2 to 80 letters).", field="name"
        )
    return cleaned


def require_phone(phone: str | None) -> str | None:
    """A Vietnamese mobile number as digits (``0912345678`` or ``+84912345678``), or None."""
    if phone is None or not phone.strip():
        return None
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not (len(digits) == 10 and digits.startswith("0") and digits.isdigit()):
        raise DomainError(
            "invalid_phone", "A phone number is 10 digits, like 0912 345 678.", field="phone"
        )
    return digits


def count_by_slot(bookings: Iterable[Booking]) -> dict[datetime, int]:
    """Bookings that hold a place in their slot (booked or checked in), per slot."""
    counts: dict[datetime, int] = {}
    for booking in bookings:
        if booking.status in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN):
            counts[booking.slot_at] = counts.get(booking.slot_at, 0) + 1
    return counts
