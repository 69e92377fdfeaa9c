"""Taking a portal's bookings whole or not at all (from a file or a push), and a booking and the
services that take them as the contract shows them (the holder's name masked)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_core.bookings.importer import BookingRow, parse_bookings
from queue_core.domain import DomainError, Site
from queue_core.domain.appointments import Booking, appointment_rules
from queue_core.domain.dossiers import mask_name
from queue_core.domain.sms import mask_phone
from queue_core.dossiers.importer import Row
from queue_core.dossiers.importer import read_rows as export_rows
from queue_core.errors import BookingsRefused, DossierImportError
from queue_core.store import Store, book_slot, record_audit

PORTAL = "portal"
"""The source of every booking from outside (an export or a push): one portal id, one booking."""


def read_rows(path: Path) -> list[Row]:
    """The rows of an export: CSV or XLSX read as a dossiers' export is, or JSON (a list, or
    ``{"bookings": [...]}``)."""
    if path.suffix.lower() != ".json":
        try:
            return export_rows(path)
        except DossierImportError as exc:
            raise BookingsRefused([str(p) for p in exc.problems], str(path)) from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BookingsRefused([f"file: {exc}"], str(path)) from None
    return json_rows(text, str(path))


def json_rows(text: str, source: str = "bookings") -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookingsRefused([f"file: not JSON: {exc}"], source) from None
    return json_items(data, source)


def json_items(data: Any, source: str = "bookings") -> list[Row]:
    if isinstance(data, dict):
        data = data.get("bookings")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise BookingsRefused(['expected a list of objects (or {"bookings": [...]})'], source)
    return [(f"item {i}", item) for i, item in enumerate(data, start=1)]


def take_bookings(
    conn: sqlite3.Connection, site: Site, rows: list[Row], now: datetime, source: str
) -> list[Booking]:
    """Inside a write transaction: every row booked, or BookingsRefused naming each bad row
    (the caller's transaction then rolls back: nothing is taken). A row booked before (the
    portal's same id) is the booking already made."""
    wanted, problems = parse_bookings(rows, site)
    made: list[Booking] = []
    for row in wanted:
        try:
            made.append(_book(conn, site, row, now))
        except DomainError as refused:
            problems.append(f"{row.label}, {refused.field or 'slot'}: {refused.message}")
    if problems:
        raise BookingsRefused(problems, source)
    return made


def _book(conn: sqlite3.Connection, site: Site, row: BookingRow, now: datetime) -> Booking:
    return book_slot(
        conn, site, now, service_id=row.service_id, slot_at=row.slot_at, name=row.name,
        phone=row.phone, source=PORTAL, external_id=row.external_id,
    )  # fmt: skip


def import_bookings(
    store: Store, rows: list[Row], now: datetime, source: str, actor: str = ""
) -> list[Booking]:
    """Take the rows in one transaction, whole or not at all; audited when ``actor`` is given."""
    site = store.site
    with store.transaction() as conn:
        made = take_bookings(conn, site, rows, now, source)
        if actor:
            detail = f"{len(made)} booking(s)"
            record_audit(conn, now, actor, "bookings.import", source, None, None, detail)
        return made


def import_file(store: Store, path: Path, now: datetime, actor: str = "") -> list[Booking]:
    return import_bookings(store, read_rows(path), now, str(path), actor)


def booking_json(site: Site, booking: Booking, *, whole: bool = False) -> dict[str, Any]:
    """A booking as the contract shows it: the holder's name and phone masked, unless
    ``whole`` (the console's own list, for the staff who book for a caller)."""
    service = site.service(booking.service_id)
    local = site.local(booking.slot_at)
    return {
        "code": booking.code,
        "service": {
            "id": booking.service_id,
            "name": service.name if service else booking.service_id,
            "name_en": service.name_en if service else booking.service_id,
        },
        "slot_at": local.isoformat(),
        "holder": booking.holder_name if whole else mask_name(booking.holder_name),
        "phone": (booking.phone if whole else mask_phone(booking.phone)) if booking.phone else None,
        "status": booking.status.value,
        "source": booking.source,
        "ticket_id": booking.ticket_id,
        "checked_in_at": None
        if booking.checked_in_at is None
        else site.local(booking.checked_in_at).isoformat(),
    }


def services_json(site: Site) -> list[dict[str, Any]]:
    """The services that take appointments, with their slot length and margins."""
    rules = appointment_rules(site)
    found = []
    for settings in rules.services:
        service = site.service(settings.service_id)
        if service is None:
            continue
        found.append(
            {
                "id": service.id,
                "name": service.name,
                "name_en": service.name_en,
                "agency": service.agency_id,
                "slot_minutes": settings.slot_minutes,
            }
        )
    return found
