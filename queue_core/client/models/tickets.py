"""Tickets and counters as the core shows them: a ticket, a counter with its queue and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from queue_core.client.models.reading import Reader
from queue_core.domain import CounterState, PriorityKind, TicketStatus, WaitRange

__all__ = ["CounterFigures", "CounterInfo", "Named", "TicketInfo", "wait_range_from_json"]

_FROM_COUNTER = "counter:"


@dataclass(frozen=True)
class Named:
    """An agency or a service as a ticket names it."""

    id: str
    name: str
    name_en: str = ""

    @classmethod
    def from_json(cls, data: object, what: str = "name") -> Named:
        r = Reader(data, what)
        return cls(r.text("id"), r.text("name"), r.text("name_en"))


def wait_range_from_json(data: object, what: str = "estimate_range") -> WaitRange:
    """``{"low", "high"}``: whole minutes within which about 80 % in that position are called."""
    r = Reader(data, what)
    low, high = r.integer("low"), r.integer("high")
    if low < 0 or high < low:
        raise r.fault("high", f"is not a range of minutes: {low}–{high}")
    return WaitRange(low, high)


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as the core shows it. ``ahead`` and ``estimate_minutes`` are live in the
    answers to an issue, a read by id and a transfer (and in ``ticket.issued``); 0 elsewhere."""

    id: int
    number: str
    service: Named
    agency: Named
    priority: bool
    status: TicketStatus
    issued_at: datetime
    called_at: datetime | None
    counter: int | None
    """The counter it is at, or the one it was transferred to."""
    ahead: int
    estimate_minutes: int
    recalls: int
    business_day: date
    priority_kind: PriorityKind | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    transferred_from: str | None = None
    """``"counter:N"`` when it was sent here from counter N."""
    channel: str = "kiosk"
    lang: str = "vi"
    rating: int | None = None
    estimate_range: WaitRange | None = None
    """Live where ``estimate_minutes`` is (the issue's answer, a read by id, a transfer); None
    elsewhere."""
    appointment_at: datetime | None = None
    """A booked holder's ticket: the start of their slot (the board and displays mark it)."""
    awaiting_check_in: bool = False
    """A number taken by text whose holder has not checked in at a kiosk: no counter calls it."""
    public_token: str | None = None
    """The key to the citizen's phone page (``/t/{public_token}``, the QR code): only in the
    answer to the issue that made the ticket; never in events or other reads."""

    @property
    def from_counter(self) -> int | None:
        """The counter it was sent from, when ``transferred_from`` names one."""
        origin = self.transferred_from or ""
        tail = origin.removeprefix(_FROM_COUNTER)
        return int(tail) if origin.startswith(_FROM_COUNTER) and tail.isdigit() else None

    @classmethod
    def from_json(cls, data: object, what: str = "ticket") -> TicketInfo:
        r = Reader(data, what)
        return cls(
            id=r.integer("id"),
            number=r.text("number"),
            service=r.one("service", Named.from_json),
            agency=r.one("agency", Named.from_json),
            priority=r.flag("priority"),
            status=r.enum("status", TicketStatus),
            issued_at=r.moment("issued_at"),
            called_at=r.opt_moment("called_at"),
            counter=r.opt_int("counter"),
            ahead=r.integer("ahead"),
            estimate_minutes=r.integer("estimate_minutes"),
            estimate_range=r.opt_one("estimate_range", wait_range_from_json),
            public_token=r.opt_text("public_token"),
            recalls=r.integer("recalls"),
            business_day=r.day("business_day"),
            priority_kind=r.opt_enum("priority_kind", PriorityKind),
            started_at=r.opt_moment("started_at"),
            finished_at=r.opt_moment("finished_at"),
            transferred_from=r.opt_text("transferred_from"),
            channel=r.text("channel"),
            lang=r.text("lang"),
            rating=r.opt_int("rating"),
            appointment_at=r.opt_moment("appointment_at"),
            awaiting_check_in=r.opt_flag("awaiting_check_in"),
        )


@dataclass(frozen=True)
class CounterFigures:
    """Today's figures for a counter or for the clerk on duty there."""

    called: int = 0
    served: int = 0
    no_show: int = 0
    average_service_minutes: float | None = None
    """None until a ticket has been served."""

    @classmethod
    def from_json(cls, data: object, what: str = "figures") -> CounterFigures:
        r = Reader(data, what)
        return cls(
            r.integer("called"),
            r.integer("served"),
            r.integer("no_show"),
            r.opt_number("average_service_minutes"),
        )


@dataclass(frozen=True)
class CounterInfo:
    """A counter: its state, services and ticket, the clerk on duty, the next tickets waiting
    for it (at most 12, roughly in calling order) and today's figures."""

    number: int
    name: str
    state: CounterState
    services: tuple[str, ...]
    ticket: TicketInfo | None
    staff: str | None = None
    """The clerk's username; ``staff_name`` and ``staff_title`` are for people."""
    zone: str = ""
    since: datetime | None = None
    staff_name: str | None = None
    staff_title: str | None = None
    waiting: tuple[TicketInfo, ...] = ()
    today: CounterFigures = field(default_factory=CounterFigures)
    staff_today: CounterFigures = field(default_factory=CounterFigures)

    @classmethod
    def from_json(cls, data: object, what: str = "counter") -> CounterInfo:
        r = Reader(data, what)
        return cls(
            number=r.integer("number"),
            name=r.text("name"),
            state=r.enum("state", CounterState),
            services=r.strings("services"),
            ticket=r.opt_one("ticket", TicketInfo.from_json),
            staff=r.opt_text("staff"),
            zone=r.text("zone"),
            since=r.opt_moment("since"),
            staff_name=r.opt_text("staff_name"),
            staff_title=r.opt_text("staff_title"),
            waiting=r.items("waiting", TicketInfo.from_json),
            today=r.one("today", CounterFigures.from_json),
            staff_today=r.one("staff_today", CounterFigures.from_json),
        )


@dataclass(frozen=True)
class TextsAsked:
    """The core's answer to a citizen asking for texts: the number as shown back to them
    (masked) and how many ahead the first text waits for."""

    ticket_id: int
    phone: str
    near: int

    @classmethod
    def from_json(cls, data: object, what: str = "texts") -> TextsAsked:
        r = Reader(data, what)
        return cls(r.integer("ticket_id"), r.text("phone"), r.integer("near"))
