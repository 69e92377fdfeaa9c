"""How domain values are written to and read from SQLite rows and event JSON."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from queue_core.domain import Event, EventType, Ticket, TicketStatus

_TIME_FIELDS = {
    "issued_at",
    "queue_at",
    "called_at",
    "first_called_at",
    "started_at",
    "finished_at",
    "appointment_at",
}
_LATER_FIELDS = {"appointment_at", "awaiting_check_in"}
"""Ticket fields newer than some stored rows and event bodies: absent there, they are None."""
_BOOL_FIELDS = {"priority", "front", "awaiting_check_in"}
TICKET_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Ticket))


def to_db_time(moment: datetime) -> str:
    """UTC, fixed width, so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ticket_to_row(ticket: Ticket) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in TICKET_COLUMNS:
        value = getattr(ticket, name)
        if name in _TIME_FIELDS:
            value = None if value is None else to_db_time(value)
        elif name == "business_day":
            value = value.isoformat()
        elif name == "status":
            value = value.value
        elif name in _BOOL_FIELDS:
            value = int(value)
        row[name] = value
    return row


def row_to_ticket(row: dict[str, Any] | Any) -> Ticket:
    values: dict[str, Any] = {}
    present = row.keys()
    for name in TICKET_COLUMNS:
        if name in _LATER_FIELDS and name not in present:
            continue
        value = row[name]
        if name in _TIME_FIELDS:
            value = None if value is None else from_db_time(value)
        elif name == "business_day":
            value = date.fromisoformat(value)
        elif name == "status":
            value = TicketStatus(value)
        elif name in _BOOL_FIELDS:
            value = bool(value)
        values[name] = value
    return Ticket(**values)


def event_to_json(event: Event, ticket_row: dict[str, Any] | None = None) -> str:
    """The stored body of an event: everything needed to replay it.

    ``ticket_row`` is the ticket's row when the caller has just made it.
    """
    if ticket_row is None and event.ticket is not None:
        ticket_row = ticket_to_row(event.ticket)
    body: dict[str, Any] = {
        "seq": event.seq,
        "type": event.type.value,
        "at": to_db_time(event.at),
        "ticket": ticket_row,
        "counter": event.counter,
    }
    if event.detail:
        body["detail"] = event.detail
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def event_from_json(text: str) -> Event:
    body = json.loads(text)
    ticket = body.get("ticket")
    return Event(
        type=EventType(body["type"]),
        at=from_db_time(body["at"]),
        ticket=None if ticket is None else row_to_ticket(ticket),
        counter=body.get("counter"),
        detail=body.get("detail") or {},
        seq=body.get("seq"),
    )
