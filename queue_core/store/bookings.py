"""Bookings in the database: made within a slot's capacity (inside the caller's write
transaction, so that concurrent bookings are serialised by SQLite's one writer), read by code
and by day, cancelled, and marked missed once their grace is over."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from queue_core.domain import Site
from queue_core.domain.appointments import (
    CODE_ENTROPY_BYTES,
    AppointmentRules,
    Booking,
    BookingStatus,
    appointment_rules,
    cancel_booking,
    make_code,
    require_name,
    require_phone,
    require_room,
    require_slot,
    slot_capacity,
)
from queue_core.errors import DomainError, NotFound
from queue_core.store.estimate import average_minutes
from queue_core.store.records import from_db_time, to_db_time

_COLUMNS = (
    "code", "service_id", "slot_at", "holder_name", "phone", "booked_at", "source",
    "external_id", "status", "ticket_id", "checked_in_at", "closed_at", "cancel_reason",
)  # fmt: skip
_TIMES = {"slot_at", "booked_at", "checked_in_at", "closed_at"}
HOLDING = ("booked", "checked_in")
"""The statuses that hold a place in their slot."""


@dataclass(frozen=True)
class SlotRoom:
    slot_at: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def _row_to_booking(row: tuple[Any, ...]) -> Booking:
    values = dict(zip(_COLUMNS, row, strict=True))
    for name in _TIMES:
        if values[name] is not None:
            values[name] = from_db_time(values[name])
    values["status"] = BookingStatus(values["status"])
    return Booking(**values)


def _select(conn: sqlite3.Connection, where: str, params: Any) -> list[Booking]:
    rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM bookings WHERE {where}", params)
    return [_row_to_booking(r) for r in rows.fetchall()]


def capacity(conn: sqlite3.Connection, site: Site, service_id: str) -> int:
    """Bookings one slot of the service takes: its counters, its slot, its measured average."""
    rules = appointment_rules(site)
    settings = rules.service(service_id)
    if settings is None:
        return 0
    return slot_capacity(
        len(site.counters_serving(service_id)),
        settings.slot_minutes,
        average_minutes(conn, site, service_id),
        settings.walk_in_reserve,
    )


def slots_of_day(
    conn: sqlite3.Connection, site: Site, service_id: str, day: date
) -> list[SlotRoom]:
    """Every slot of the service on ``day`` with its capacity and the places taken."""
    settings = appointment_rules(site).service(service_id)
    if settings is None:
        return []
    each = capacity(conn, site, service_id)
    taken = dict(
        conn.execute(
            "SELECT slot_at, count(*) FROM bookings WHERE service_id = ? AND business_day = ? "
            f"AND status IN {HOLDING} GROUP BY slot_at",
            (service_id, day.isoformat()),
        ).fetchall()
    )
    return [
        SlotRoom(slot, each, int(taken.get(to_db_time(slot), 0)))
        for slot in settings.slots(day, site.timezone)
    ]


def book(
    conn: sqlite3.Connection,
    site: Site,
    now: datetime,
    *,
    service_id: str,
    slot_at: datetime,
    name: str,
    phone: str | None,
    source: str,
    external_id: str | None = None,
) -> Booking:
    """Take a place in a slot, or refuse (a slot past, full, not one of the service's…).

    Run it inside a write transaction (``BEGIN IMMEDIATE``): the count and the insert are then
    one step for every other writer, in this process or another. A booking pushed again with
    the same ``external_id`` from the same source is the one already made.
    """
    if external_id is not None:
        found = _select(conn, "source = ? AND external_id = ?", (source, external_id))
        if found:
            return found[0]
    rules = appointment_rules(site)
    require_slot(rules, service_id, slot_at, now, site.timezone)
    holder, number = require_name(name), require_phone(phone)
    booked = conn.execute(
        "SELECT count(*) FROM bookings WHERE service_id = ? AND slot_at = ? "
        f"AND status IN {HOLDING}",
        (service_id, to_db_time(slot_at)),
    ).fetchone()[0]
    require_room(int(booked), capacity(conn, site, service_id), slot_at, site.timezone)
    booking = Booking(
        code=_free_code(conn),
        service_id=service_id,
        slot_at=slot_at,
        holder_name=holder,
        phone=number,
        booked_at=now,
        source=source,
        external_id=external_id,
    )
    _insert(conn, site, booking)
    return booking


def _free_code(conn: sqlite3.Connection) -> str:
    while True:
        code = make_code(secrets.token_bytes(CODE_ENTROPY_BYTES))
        if conn.execute("SELECT 1 FROM bookings WHERE code = ?", (code,)).fetchone() is None:
            return code


def _insert(conn: sqlite3.Connection, site: Site, booking: Booking) -> None:
    row = _to_row(booking)
    row["business_day"] = site.business_day(booking.slot_at).isoformat()
    names = [*_COLUMNS, "business_day"]
    conn.execute(
        f"INSERT INTO bookings({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})",
        row,
    )


def _to_row(booking: Booking) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(booking, name) for name in _COLUMNS}
    for name in _TIMES:
        if row[name] is not None:
            row[name] = to_db_time(row[name])
    row["status"] = booking.status.value
    return row


def save_booking(conn: sqlite3.Connection, booking: Booking) -> None:
    row = _to_row(booking)
    conn.execute(
        "UPDATE bookings SET "
        + ", ".join(f"{c} = :{c}" for c in _COLUMNS if c != "code")
        + " WHERE code = :code",
        row,
    )


def get_booking(conn: sqlite3.Connection, code: str) -> Booking:
    found = _select(conn, "code = ?", (code,))
    if not found:
        raise NotFound("unknown_booking", f"There is no booking {code}.", field="code")
    return found[0]


def bookings_of_day(
    conn: sqlite3.Connection, day: date, service_id: str | None = None
) -> list[Booking]:
    """The day's bookings by slot, then by when they were made."""
    where, params = "business_day = ?", [day.isoformat()]
    if service_id is not None:
        where += " AND service_id = ?"
        params.append(service_id)
    return _select(conn, where + " ORDER BY slot_at, booked_at, code", params)


def cancel(conn: sqlite3.Connection, code: str, reason: str, now: datetime) -> Booking:
    if not reason.strip():
        raise DomainError("reason_required", "Say why the booking is cancelled.", field="reason")
    cancelled = cancel_booking(get_booking(conn, code), reason, now)
    save_booking(conn, cancelled)
    return cancelled


def missed_due(conn: sqlite3.Connection, site: Site, now: datetime) -> bool:
    """Whether a booking never checked in is past its grace and not yet marked missed."""
    cutoff = to_db_time(now - appointment_rules(site).grace)
    row = conn.execute(
        "SELECT 1 FROM bookings WHERE status = 'booked' AND slot_at < ? LIMIT 1", (cutoff,)
    ).fetchone()
    return row is not None


def mark_missed(conn: sqlite3.Connection, rules: AppointmentRules, now: datetime) -> int:
    """Every booking never checked in whose grace is over is missed; how many were."""
    cutoff = to_db_time(now - rules.grace)
    cursor = conn.execute(
        "UPDATE bookings SET status = 'missed', closed_at = ? "
        "WHERE status = 'booked' AND slot_at < ?",
        (to_db_time(now), cutoff),
    )
    return cursor.rowcount
