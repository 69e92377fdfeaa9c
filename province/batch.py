"""A centre's batch as the contract has it (docs/province.md): the body unzipped within its
limits, its JSON checked whole (the centre, the order, each event and its ticket), and what it
adds to the events the province holds (``plan``): runs of events to store, the jump into a
restore from a backup between them, or a gap. Pure: no database, no clock."""

from __future__ import annotations

import dataclasses
import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from province.errors import Gap, InvalidBatch

__all__ = [
    "COUNTER_STATES",
    "MAX_BYTES",
    "MAX_EVENTS",
    "Batch",
    "Event",
    "Restore",
    "Segment",
    "Ticket",
    "decode",
    "gunzip",
    "plan",
    "ticket_from_body",
]

MAX_EVENTS = 2000
"""The most events one batch may carry."""
MAX_BYTES = 4 * 1024 * 1024
"""The most bytes a batch's JSON may take once unzipped."""
EARLIEST, LATEST = 2000, 2099
"""The years an event's time and a business day may fall in: a clock far off is refused here,
not stored as a partition of its own."""
STATUSES = frozenset({"waiting", "called", "serving", "done", "no_show", "cancelled"})
RESTORED = "day.restored"
TYPE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
COUNTER_STATES = {"counter.opened": "open", "counter.paused": "paused", "counter.closed": "closed"}


TicketKey = tuple[date, int]
"""A ticket's key at the province, after its centre: (business day, id)."""


@dataclass(frozen=True)
class Ticket:
    """A ticket as an event left it: the row ``province.derive`` stores, in TICKET_COLUMNS'
    order after the centre (``business_day`` and ``ticket_id`` first)."""

    business_day: date
    ticket_id: int
    service_id: str
    values: tuple[Any, ...]
    """``derive.TICKET_COLUMNS`` from ``number`` on, without the seqs."""


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    at: datetime
    ticket_key: TicketKey | None
    """Its ticket's key, when it has a ticket."""
    ticket: Ticket | None
    """Its ticket read whole, on the batch's last event of each ticket (the version stored)."""
    counter: int | None
    staff: str | None
    """A counter event's clerk (``detail.staff``)."""
    backup_seq: int | None
    """A ``day.restored``'s ``detail.backup_seq``."""
    body: str
    """The body stored: the event as sent, less the ticket's ``public_token``."""
    copy_row: str = ""
    """Its row in COPY's text format after the centre's id: seq, at, type, ticket, counter,
    body, each after a tab, and the line's end."""


@dataclass(frozen=True)
class Batch:
    centre: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Restore:
    """A jump of the log into a restore: held events past ``backup_seq`` are set aside."""

    event: Event
    backup_seq: int
    first_seq: int
    """Where the log went on: the first event after the jump."""
    held_seq: int
    """The last seq held before the jump."""


@dataclass(frozen=True)
class Segment:
    """Events to store, contiguous; ``restore`` when the log jumped into a restore first."""

    events: tuple[Event, ...]
    restore: Restore | None = None


# --- reading the body ----------------------------------------------------------------------


def _too_large(message: str) -> InvalidBatch:
    return InvalidBatch(message, code="batch_too_large")


def gunzip(body: bytes) -> bytes:
    """The body unzipped, at most MAX_BYTES; one gzip stream and nothing after it."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, MAX_BYTES + 1)
    except zlib.error as bad:
        raise InvalidBatch(f"the body is not gzip ({bad}); send it gzipped") from None
    if len(out) > MAX_BYTES or inflater.unconsumed_tail:
        raise _too_large(f"the batch is over {MAX_BYTES // (1024 * 1024)} MiB unzipped; send less")
    if not inflater.eof:
        raise InvalidBatch("the gzip stream is cut short; send the whole batch")
    if inflater.unused_data:
        raise InvalidBatch("there is more after the gzip stream; send one gzip stream")
    return out


def _bad(seq: object, what: str) -> InvalidBatch:
    return InvalidBatch(f"event seq {seq}: {what}")


@functools.lru_cache(maxsize=1 << 16)
def _parsed(value: str) -> datetime | str:
    """A time, or what is wrong with it. Cached: a ticket's times come again in each of its
    events."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "is not an ISO 8601 time"
    if moment.tzinfo is None:
        return "has no offset"
    if not EARLIEST <= moment.year <= LATEST:
        return f"is not within {EARLIEST}..{LATEST}"
    return moment


def _moment(value: object, seq: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise _bad(seq, f"{name} is not a time")
    moment = _parsed(value)
    if isinstance(moment, str):
        raise _bad(seq, f"{name} {value!r} {moment}")
    return moment


def _maybe_moment(value: object, seq: object, name: str) -> datetime | None:
    return None if value is None else _moment(value, seq, name)


def _text(value: object, seq: object, name: str, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _bad(seq, f"{name} is not a text of 1 to 200 characters")
    return value


def _whole(value: object, seq: object, name: str, nullable: bool = True) -> int | None:
    if value is None and nullable:
        return None
    if type(value) is not int or not -(2**31) < value < 2**31:
        raise _bad(seq, f"{name} is not a whole number")
    return value


@functools.lru_cache(maxsize=1 << 12)
def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if EARLIEST <= day.year <= LATEST else None


def _ticket_key(data: object, seq: int) -> TicketKey:
    """The ticket's key, checked: every version of a ticket in a batch is read this far."""
    if not isinstance(data, dict):
        raise _bad(seq, "ticket is not an object")
    ticket_id = data.get("id")
    if type(ticket_id) is not int or not 0 < ticket_id < 2**63:
        raise _bad(seq, "ticket.id is not a whole number")
    day_text = data.get("business_day")
    day = _day(day_text) if isinstance(day_text, str) else None
    if day is None:
        raise _bad(seq, f"ticket.business_day {day_text!r} is not a day")
    return day, ticket_id


def _ticket(data: object, seq: int) -> Ticket:
    """A ticket row of the core's (``queue_core.store`` records.ticket_to_row), checked whole."""
    day, ticket_id = _ticket_key(data, seq)
    assert isinstance(data, dict)
    get = data.get
    status = get("status")
    if status not in STATUSES:
        raise _bad(seq, f"ticket.status {status!r} is not one of {', '.join(sorted(STATUSES))}")
    service = _text(get("service_id"), seq, "ticket.service_id")
    assert service is not None
    rating = _whole(get("rating"), seq, "ticket.rating")
    if rating is not None and not 1 <= rating <= 10:
        raise _bad(seq, "ticket.rating is not within 1..10")
    values = (
        _text(get("number"), seq, "ticket.number"),
        service,
        _text(get("agency_id"), seq, "ticket.agency_id"),
        _text(get("issued_service_id"), seq, "ticket.issued_service_id", nullable=True),
        status,
        bool(_whole(get("priority", 0), seq, "ticket.priority", nullable=False)),
        _text(get("priority_kind"), seq, "ticket.priority_kind", nullable=True),
        _text(get("channel"), seq, "ticket.channel", nullable=True),
        _text(get("lang"), seq, "ticket.lang", nullable=True),
        _whole(get("counter"), seq, "ticket.counter"),
        _text(get("staff"), seq, "ticket.staff", nullable=True),
        _moment(get("issued_at"), seq, "ticket.issued_at"),
        _maybe_moment(get("queue_at"), seq, "ticket.queue_at"),
        _maybe_moment(get("called_at"), seq, "ticket.called_at"),
        _maybe_moment(get("first_called_at"), seq, "ticket.first_called_at"),
        _maybe_moment(get("started_at"), seq, "ticket.started_at"),
        _maybe_moment(get("finished_at"), seq, "ticket.finished_at"),
        _whole(get("recalls", 0), seq, "ticket.recalls", nullable=False),
        _whole(get("transfers", 0), seq, "ticket.transfers", nullable=False),
        _text(get("transferred_from"), seq, "ticket.transferred_from", nullable=True),
        _whole(get("estimate_minutes"), seq, "ticket.estimate_minutes"),
        _whole(get("ahead_at_issue"), seq, "ticket.ahead_at_issue"),
        rating,
    )
    return Ticket(day, ticket_id, service, values)


def ticket_from_body(data: object, seq: int) -> Ticket:
    """The ticket of a stored event's body (a restore puts tickets back from them)."""
    return _ticket(data, seq)


def _event(data: object, previous: int) -> Event:
    if not isinstance(data, dict):
        raise InvalidBatch(f"the event after seq {previous} is not an object")
    seq = data.get("seq")
    if type(seq) is not int or not 0 < seq < 2**63:
        raise InvalidBatch(f"the event after seq {previous} has no seq (a whole number from 1)")
    if seq <= previous:
        raise InvalidBatch(
            f"seq {seq} comes after seq {previous}: send the events in ascending seq order"
        )
    kind = data.get("type")
    if not isinstance(kind, str) or not TYPE.match(kind):
        raise _bad(seq, "type is not a word like ticket.issued (a-z, 0-9, '.', '_')")
    at = _moment(data.get("at"), seq, "at")
    counter = _whole(data.get("counter"), seq, "counter")
    detail = data.get("detail")
    if detail is not None and not isinstance(detail, dict):
        raise _bad(seq, "detail is not an object")
    detail = detail or {}
    key = None
    raw_ticket = data.get("ticket")
    if raw_ticket is not None:
        if isinstance(raw_ticket, dict):
            # The citizen's secret never stays here, whoever forgot to strip it.
            raw_ticket.pop("public_token", None)
        key = _ticket_key(raw_ticket, seq)
    backup_seq = None
    if kind == RESTORED:
        backup_seq = detail.get("backup_seq")
        if type(backup_seq) is not int or backup_seq < 0:
            raise _bad(seq, "a day.restored without detail.backup_seq")
    staff = detail.get("staff") if kind in COUNTER_STATES else None
    if kind in COUNTER_STATES and counter is None:
        raise _bad(seq, f"a {kind} without its counter")
    body = orjson.dumps(data).decode("utf-8")
    # The event's row for COPY (text format) after its centre: JSON has no raw tab or line
    # break, so doubling its backslashes is all the escaping it needs; the type is a plain word.
    row = "\t".join(
        (
            str(seq),
            at.isoformat(),
            kind,
            r"\N" if key is None else str(key[1]),
            r"\N" if counter is None else str(counter),
            body.replace("\\", "\\\\"),
        )
    )
    return Event(
        seq=seq,
        type=kind,
        at=at,
        ticket_key=key,
        ticket=None,
        counter=counter,
        staff=staff if isinstance(staff, str) else None,
        backup_seq=backup_seq,
        body=body,
        copy_row=row + "\n",
    )


def decode(raw: bytes, centre: str) -> Batch:
    """A batch's unzipped JSON, checked whole for the centre ``centre``; InvalidBatch names the
    first fault."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as bad:
        raise InvalidBatch(f"the batch is not JSON in UTF-8: {bad}") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise InvalidBatch('the batch is not {"centre": ID, "events": [...]}')
    if data.get("centre") != centre:
        raise InvalidBatch(
            f"this token is centre {centre!r}'s; the batch says {data.get('centre')!r}"
        )
    items = data["events"]
    if len(items) > MAX_EVENTS:
        raise _too_large(f"{len(items)} events in one batch; send at most {MAX_EVENTS}")
    events = []
    last: dict[TicketKey, int] = {}
    previous = 0
    for index, item in enumerate(items):
        event = _event(item, previous)
        events.append(event)
        previous = event.seq
        if event.ticket_key is not None:
            last[event.ticket_key] = index
    for index in last.values():  # each ticket's version the province keeps, read whole
        event = events[index]
        events[index] = dataclasses.replace(
            event, ticket=_ticket(items[index]["ticket"], event.seq)
        )
    return Batch(centre, tuple(events))


# --- what a batch adds to what is held -----------------------------------------------------


def _restore_ahead(events: Sequence[Event], start: int) -> Event | None:
    """The ``day.restored`` in the run of consecutive seqs from ``start``, if there is one (a
    restore on a new day closes the old day first, in the same commit)."""
    for index in range(start, len(events)):
        if index > start and events[index].seq != events[index - 1].seq + 1:
            return None
        if events[index].type == RESTORED:
            return events[index]
    return None


def plan(acked: int, events: Sequence[Event]) -> tuple[Segment, ...]:
    """The segments of ``events`` to store over a log held up to ``acked``: Gap when the first
    new event is past ``acked`` + 1 and not a restore's, InvalidBatch for such a jump later in
    the batch."""
    new = [event for event in events if event.seq > acked]
    segments: list[Segment] = []
    start, last, restore = 0, acked, None
    for index, event in enumerate(new):
        if event.seq == last + 1:
            last = event.seq
            continue
        restored = _restore_ahead(new, index)
        if restored is None or restored.backup_seq is None or restored.backup_seq > last:
            if index == 0:
                raise Gap(
                    f"the province holds this centre's events up to seq {acked} and the batch "
                    f"goes on at seq {event.seq}: send again from seq {acked + 1}",
                    acked,
                )
            raise InvalidBatch(
                f"seq jumps from {last} to {event.seq} inside the batch, and not into a restore "
                "from a backup the province holds"
            )
        if index > start:
            segments.append(Segment(tuple(new[start:index]), restore))
        restore = Restore(restored, restored.backup_seq, event.seq, last)
        start, last = index, event.seq
    if start < len(new):
        segments.append(Segment(tuple(new[start:]), restore))
    return tuple(segments)
