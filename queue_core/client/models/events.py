"""The stream's events: one type per family of the domain's EventType, and the unknown one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from queue_core.client.models.reading import Reader
from queue_core.client.models.tickets import TicketInfo
from queue_core.domain import EventType, Position

__all__ = [
    "AlertEvent",
    "CounterEvent",
    "DayReset",
    "DayRestored",
    "DossierChanged",
    "KnownEvent",
    "NoticesChanged",
    "NumbersSkipped",
    "ServiceChanged",
    "TicketEvent",
    "Transfer",
    "UnknownEvent",
    "event_from_json",
]

_TICKET_KINDS = frozenset(k for k in EventType if k.value.startswith("ticket."))
_COUNTER_KINDS = frozenset(k for k in EventType if k.value.startswith("counter."))
_ALERT_KINDS = frozenset(k for k in EventType if k.value.startswith("alert."))
_AT_A_COUNTER = {EventType.TICKET_CALLED, EventType.TICKET_RECALLED, EventType.TICKET_STARTED}
"""Ticket events that always name their counter."""


@dataclass(frozen=True)
class Transfer:
    """Where a ``ticket.transferred`` ticket went: to a service, or to one counter."""

    from_service: str
    to_service: str | None
    to_counter: int | None
    position: Position

    @classmethod
    def from_json(cls, r: Reader) -> Transfer:
        return cls(
            r.text("from_service"),
            r.opt_text("to_service"),
            r.opt_int("to_counter"),
            r.enum("position", Position),
        )


@dataclass(frozen=True)
class TicketEvent:
    """``ticket.*``: what happened to a ticket, and at which counter (None for an issue or a
    cancellation)."""

    kind: EventType
    seq: int
    at: datetime
    ticket: TicketInfo
    counter: int | None = None
    """Always there for a call, a recall and a start."""
    reason: str | None = None
    """Why: a call out of turn, a cancellation, a close at day end, a rating's reason."""
    out_of_turn: bool = False
    """``ticket.called``: a chosen ticket called out of turn."""
    score: int | None = None
    """``ticket.rated``: 1 (the first, most satisfied level) to the number of levels."""
    transfer: Transfer | None = None
    """``ticket.transferred``: where it went."""

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> TicketEvent:
        r = Reader(data, what)
        kind = r.enum("type", EventType)
        if kind not in _TICKET_KINDS:
            raise r.fault("type", f"is {kind.value!r}, not a ticket event")
        return cls(
            kind=kind,
            seq=r.integer("seq"),
            at=r.moment("at"),
            ticket=r.one("ticket", TicketInfo.from_json),
            counter=r.integer("counter") if kind in _AT_A_COUNTER else r.opt_int("counter"),
            reason=r.opt_text("reason"),
            out_of_turn=r.opt_flag("out_of_turn"),
            score=r.integer("score") if kind is EventType.TICKET_RATED else None,
            transfer=Transfer.from_json(r) if kind is EventType.TICKET_TRANSFERRED else None,
        )

    @property
    def is_call(self) -> bool:
        """A call or a recall: a number to show and say."""
        return self.kind in (EventType.TICKET_CALLED, EventType.TICKET_RECALLED)


@dataclass(frozen=True)
class CounterEvent:
    """``counter.opened``, ``counter.paused``, ``counter.closed``."""

    kind: EventType
    seq: int
    at: datetime
    counter: int
    staff: str | None = None
    """The clerk who did it; None when the day's end closed it."""
    reason: str | None = None
    """At day end: why the counter was closed."""

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> CounterEvent:
        r = Reader(data, what)
        kind = r.enum("type", EventType)
        if kind not in _COUNTER_KINDS:
            raise r.fault("type", f"is {kind.value!r}, not a counter event")
        return cls(
            kind, r.integer("seq"), r.moment("at"), r.integer("counter"),
            r.opt_text("staff"), r.opt_text("reason"),
        )  # fmt: skip


@dataclass(frozen=True)
class DayReset:
    """``day.reset``: a business day ended; its live tickets were closed, then its counters."""

    kind: ClassVar[EventType] = EventType.DAY_RESET
    seq: int
    at: datetime
    business_day: date
    """The day that ended."""
    reason: str
    closed: int
    """How many live tickets were closed."""

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> DayReset:
        r = Reader(data, what)
        return cls(
            r.integer("seq"), r.moment("at"), r.day("business_day"), r.text("reason"),
            r.integer("closed"),
        )  # fmt: skip


@dataclass(frozen=True)
class NumbersSkipped:
    """One service's numbers of the day after a restore: those after ``from_number`` up to
    ``to_number`` may be in the hall on tickets the restored database does not have, so the
    next ticket gets the number after ``to_number``."""

    service: str
    from_number: str | None
    """The last number the backup had handed out that day (None: none)."""
    to_number: str | None
    """The last number now counted as handed out (None: none)."""
    skipped: int
    basis: str
    """Why so far: ``closed``, ``estimate``, ``replaced_database``, ``daily_cap``,
    ``range_end``."""
    per_hour: int
    """The busiest hour the estimate used."""
    open_minutes: int
    """How long the service was open between the backup and the restore."""

    @classmethod
    def from_json(cls, data: object, what: str = "service") -> NumbersSkipped:
        r = Reader(data, what)
        return cls(
            r.text("service"), r.opt_text("from"), r.opt_text("to"), r.integer("skipped"),
            r.text("basis"), r.integer("per_hour"), r.integer("open_minutes"),
        )  # fmt: skip


@dataclass(frozen=True)
class DayRestored:
    """``day.restored``: the database was restored from a backup; tickets issued after it are
    gone, and each service's numbers skip past those that may still be in the hall. The seq
    jumps past every seq the lost database may have given: an app re-reads what it shows."""

    kind: ClassVar[EventType] = EventType.DAY_RESTORED
    seq: int
    at: datetime
    business_day: date
    backup: str
    """The backup file's name."""
    backup_at: datetime
    backup_seq: int
    """The last event the backup held."""
    services: tuple[NumbersSkipped, ...]
    set_aside: str | None = None
    """The replaced database's file name, kept aside."""

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> DayRestored:
        r = Reader(data, what)
        return cls(
            r.integer("seq"), r.moment("at"), r.day("business_day"), r.text("backup"),
            r.moment("backup_at"), r.integer("backup_seq"),
            r.items("services", NumbersSkipped.from_json), r.opt_text("set_aside"),
        )  # fmt: skip


@dataclass(frozen=True)
class NoticesChanged:
    """``notice.changed``: the notices shown now, in order."""

    kind: ClassVar[EventType] = EventType.NOTICE_CHANGED
    seq: int
    at: datetime
    notices: tuple[str, ...]

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> NoticesChanged:
        r = Reader(data, what)
        return cls(r.integer("seq"), r.moment("at"), r.strings("notices"))


@dataclass(frozen=True)
class ServiceChanged:
    """``service.changed``: a service closed for today (``closed_reason``) or reopened (None),
    or a counter given other services (``counter`` and ``services``)."""

    kind: ClassVar[EventType] = EventType.SERVICE_CHANGED
    seq: int
    at: datetime
    service: str | None = None
    closed_reason: str | None = None
    counter: int | None = None
    services: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> ServiceChanged:
        r = Reader(data, what)
        counter = r.opt_int("counter")
        if counter is not None:  # a counter's services
            return cls(r.integer("seq"), r.moment("at"), counter=counter,
                       services=r.strings("services"))  # fmt: skip
        return cls(r.integer("seq"), r.moment("at"), r.text("service"), r.opt_text("closed_reason"))


@dataclass(frozen=True)
class AlertEvent:
    """``alert.raised`` and ``alert.cleared``: something a supervisor should look at."""

    kind: EventType
    seq: int
    at: datetime
    key: str
    """Names the alert, so that it is raised once."""
    alert: str
    """What kind: ``service_wait``, ``counter_paused``, ``device_lost``…"""
    subject: str
    message: str
    message_en: str

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> AlertEvent:
        r = Reader(data, what)
        kind = r.enum("type", EventType)
        if kind not in _ALERT_KINDS:
            raise r.fault("type", f"is {kind.value!r}, not an alert event")
        return cls(
            kind, r.integer("seq"), r.moment("at"), r.text("key"), r.text("kind"),
            r.text("subject"), r.text("message"), r.text("message_en"),
        )  # fmt: skip


@dataclass(frozen=True)
class DossierChanged:
    """``dossier.changed``: a dossier new or changed in an import, named by its code's hash
    (never its code or holder), with what the figures read of it."""

    kind: ClassVar[EventType] = EventType.DOSSIER_CHANGED
    seq: int
    at: datetime
    dossier: str
    agency: str
    status: str
    received_at: datetime
    due_at: datetime
    resolved_at: datetime | None

    @classmethod
    def from_json(cls, data: object, what: str = "event") -> DossierChanged:
        r = Reader(data, what)
        return cls(
            r.integer("seq"), r.moment("at"), r.text("dossier"), r.text("agency"),
            r.text("status"), r.moment("received_at"), r.moment("due_at"),
            r.opt_moment("resolved_at"),
        )  # fmt: skip


@dataclass(frozen=True)
class UnknownEvent:
    """An event of a type this client does not know, from a newer core: only its place in the
    stream is kept, so that nothing is lost or repeated; apps pass over it."""

    type: str
    seq: int


KnownEvent = (
    TicketEvent
    | CounterEvent
    | DayReset
    | DayRestored
    | NoticesChanged
    | ServiceChanged
    | AlertEvent
    | DossierChanged
)
"""One event of the stream, of a type this client knows."""

_KNOWN = frozenset(k.value for k in EventType)
_PARSERS: dict[EventType, Callable[[object, str], KnownEvent]] = {
    **{k: TicketEvent.from_json for k in _TICKET_KINDS},
    **{k: CounterEvent.from_json for k in _COUNTER_KINDS},
    **{k: AlertEvent.from_json for k in _ALERT_KINDS},
    EventType.DAY_RESET: DayReset.from_json,
    EventType.DAY_RESTORED: DayRestored.from_json,
    EventType.NOTICE_CHANGED: NoticesChanged.from_json,
    EventType.SERVICE_CHANGED: ServiceChanged.from_json,
    EventType.DOSSIER_CHANGED: DossierChanged.from_json,
}


def event_from_json(data: object, what: str = "event") -> KnownEvent | UnknownEvent:
    """One event's JSON as its family's type, ``kind`` the domain's EventType. A type this
    client does not know (from a newer core) is an UnknownEvent, which apps pass over; a
    known event missing a key of its type is a CoreFault."""
    r = Reader(data, what)
    seq, type_ = r.integer("seq"), r.text("type")
    parse = _PARSERS.get(EventType(type_)) if type_ in _KNOWN else None
    return UnknownEvent(type_, seq) if parse is None else parse(data, what)
