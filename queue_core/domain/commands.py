"""The commands that change the queue, as plain data the store executes atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from queue_core.domain.backups import NumberSkip
from queue_core.domain.site import CounterState
from queue_core.domain.tickets import Position


@dataclass(frozen=True)
class IssueTicket:
    service_id: str
    priority: bool = False
    priority_kind: str | None = None
    channel: str = "kiosk"
    lang: str = "vi"
    appointment_at: datetime | None = None
    """A booked holder's ticket (issued by ``CheckIn``): their slot's start."""
    from_afar: bool = False
    """Taken by text: not called until its holder checks in at a kiosk."""


@dataclass(frozen=True)
class CallNext:
    counter: int
    staff: str | None = None


@dataclass(frozen=True)
class CallTicket:
    """Call one chosen waiting ticket out of turn, with the reason kept in the event."""

    counter: int
    ticket_id: int
    reason: str
    staff: str | None = None


@dataclass(frozen=True)
class Recall:
    counter: int


@dataclass(frozen=True)
class StartService:
    counter: int


@dataclass(frozen=True)
class FinishService:
    counter: int


@dataclass(frozen=True)
class MarkNoShow:
    counter: int


@dataclass(frozen=True)
class Transfer:
    counter: int
    to_service: str | None = None
    to_counter: int | None = None
    position: Position = Position.FRONT


@dataclass(frozen=True)
class SetCounterState:
    counter: int
    state: CounterState
    staff: str | None = None


@dataclass(frozen=True)
class RateTicket:
    """The citizen's rating, sent by the display of ``counter`` (the one paired to it)."""

    ticket_id: int
    score: int
    reason: str | None = None
    counter: int = field(kw_only=True)


@dataclass(frozen=True)
class CancelTicket:
    ticket_id: int
    reason: str


@dataclass(frozen=True)
class ResetDay:
    """End the business day: unserved tickets are cancelled, counters close."""

    reason: str = "day end"


@dataclass(frozen=True)
class SetNotices:
    notices: tuple[str, ...]


@dataclass(frozen=True)
class SetServiceClosed:
    """Close a service for today with a reason the kiosk shows, or reopen it (reason None)."""

    service_id: str
    reason: str | None


@dataclass(frozen=True)
class ChangeCounterServices:
    """Give a counter a new ordered list of services (kept over the site file's list)."""

    counter: int
    services: tuple[str, ...]


@dataclass(frozen=True)
class ScheduleNotice:
    """A notice shown on the boards from ``show_at`` until ``hide_at`` (None: until withdrawn)."""

    text: str
    show_at: datetime
    hide_at: datetime | None = None


@dataclass(frozen=True)
class WithdrawNotice:
    """Take one notice off the boards (and out of the schedule)."""

    text: str


@dataclass(frozen=True)
class ApplyNoticeSchedule:
    """Show the scheduled notices that are due and take down those past their end."""


@dataclass(frozen=True)
class Alert:
    """Something a supervisor should look at; ``key`` names it so it is raised once."""

    key: str
    kind: str
    subject: str
    message: str
    message_en: str


@dataclass(frozen=True)
class SyncAlerts:
    """The alerts that hold now: new ones are raised, those gone are cleared, once each."""

    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class RecordRestore:
    """A backup has been restored into this database: today's numbers move past those the
    lost database may have handed out, and the event log's seq past those it may have given.
    ``backup_at`` is when the backup was taken; ``set_aside`` the replaced file's name."""

    skips: tuple[NumberSkip, ...]
    first_seq: int
    backup: str
    backup_at: datetime
    backup_seq: int
    set_aside: str | None = None


@dataclass(frozen=True)
class Book:
    """Take a place in one of a service's slots (refused when it would overbook)."""

    service_id: str
    slot_at: datetime
    name: str
    phone: str | None = None
    source: str = "web"
    external_id: str | None = None


@dataclass(frozen=True)
class CheckIn:
    """A booked holder at the kiosk: on time, a ticket in the appointment lane; too early or
    too late, no ticket (the kiosk offers a walk-in's) and a late booking is missed."""

    code: str
    lang: str = "vi"
    channel: str = "kiosk"


@dataclass(frozen=True)
class CancelBooking:
    code: str
    reason: str


@dataclass(frozen=True)
class SweepBookings:
    """Mark missed every booking never checked in whose grace is over."""


@dataclass(frozen=True)
class Audited:
    """A supervisor's change: the command runs, and who, what, before and after are recorded."""

    actor: str
    command: Command


Command = (
    IssueTicket
    | CallNext
    | CallTicket
    | Recall
    | StartService
    | FinishService
    | MarkNoShow
    | Transfer
    | SetCounterState
    | RateTicket
    | CancelTicket
    | ResetDay
    | SetNotices
    | SetServiceClosed
    | ChangeCounterServices
    | ScheduleNotice
    | WithdrawNotice
    | ApplyNoticeSchedule
    | SyncAlerts
    | RecordRestore
    | Book
    | CheckIn
    | CancelBooking
    | SweepBookings
    | Audited
)

SUPERVISORS_CHANGES = (
    SetServiceClosed,
    ChangeCounterServices,
    SetNotices,
    ScheduleNotice,
    WithdrawNotice,
    CancelTicket,
    ResetDay,
    CancelBooking,
)
"""The commands that only a supervisor gives, each of which goes into the audit log (as
``Audited``) from wherever it comes: the console or ``luot-core``."""
