"""A ticket and its state machine: every legal move, and a refusal for the rest."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from queue_core.errors import AccessDenied, Conflict, DomainError

RATING_WINDOW = timedelta(minutes=5)
"""How long after its service ends a ticket may be rated: the display asks at once and gives
up after 30 s (a minute with a reason), so a rating later than this is nobody's at the counter."""


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_live(self) -> bool:
        return self in (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class Position(enum.StrEnum):
    """Where a transferred ticket joins its new queue."""

    FRONT = "front"
    BACK = "back"


@dataclass(frozen=True)
class Ticket:
    """A ticket as stored: the facts, not the live figures (``ahead`` is computed on read)."""

    id: int
    number: str
    service_id: str
    agency_id: str
    issued_service_id: str
    business_day: date
    issued_at: datetime
    queue_at: datetime
    """The moment the ticket's place in its queue counts from (its issue time unless sent back)."""
    public_token: str
    status: TicketStatus = TicketStatus.WAITING
    priority: bool = False
    priority_kind: str | None = None
    channel: str = "kiosk"
    lang: str = "vi"
    front: bool = False
    """Transferred to the front of its service's queue."""
    target_counter: int | None = None
    """Transferred to one counter, which takes it before anything else."""
    counter: int | None = None
    staff: str | None = None
    called_at: datetime | None = None
    first_called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    recalls: int = 0
    transfers: int = 0
    transferred_from: str | None = None
    estimate_minutes: int | None = None
    """The estimate given when the ticket was issued, kept to measure its accuracy."""
    ahead_at_issue: int | None = None
    rating: int | None = None
    rating_reason: str | None = None
    appointment_at: datetime | None = None
    """A booked holder's ticket: the start of their slot (its place counts from then)."""
    awaiting_check_in: bool = False
    """Taken by text from afar, its holder not yet shown at a kiosk: no counter is called to
    it while so (``calling.call_present``)."""


def _refuse(ticket: Ticket, action: str) -> Conflict:
    return Conflict(
        "illegal_transition",
        f"Ticket {ticket.number} is {ticket.status.value}; it cannot be {action}.",
    )


def call(ticket: Ticket, counter: int, staff: str | None, now: datetime) -> Ticket:
    if ticket.status is not TicketStatus.WAITING:
        raise _refuse(ticket, "called")
    return replace(
        ticket,
        status=TicketStatus.CALLED,
        counter=counter,
        staff=staff,
        called_at=now,
        first_called_at=ticket.first_called_at or now,
        recalls=0,
        front=False,
        target_counter=None,
    )


def pass_unchecked(ticket: Ticket, now: datetime) -> Ticket:
    """A ticket taken from afar reached its turn with nobody checked in for it: a no-show,
    without a counter called to nobody."""
    if ticket.status is not TicketStatus.WAITING or not ticket.awaiting_check_in:
        raise _refuse(ticket, "passed as not checked in (only one awaiting its holder is)")
    return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)


def check_in(ticket: Ticket) -> Ticket:
    """The holder of a ticket taken from afar is at the kiosk: it may be called. Again is
    harmless (a lost paper printed anew); a ticket past its turn is refused."""
    if ticket.status is not TicketStatus.WAITING:
        raise Conflict(
            "booking_closed", f"Ticket {ticket.number} is {ticket.status.value}: its turn is over."
        )
    return replace(ticket, awaiting_check_in=False)


def recall(ticket: Ticket) -> Ticket:
    if ticket.status is not TicketStatus.CALLED:
        raise _refuse(ticket, "recalled (only a called ticket is)")
    return replace(ticket, recalls=ticket.recalls + 1)


def start(ticket: Ticket, now: datetime) -> Ticket:
    if ticket.status is not TicketStatus.CALLED:
        raise _refuse(ticket, "started (only a called ticket is)")
    return replace(ticket, status=TicketStatus.SERVING, started_at=now)


def finish(ticket: Ticket, now: datetime) -> Ticket:
    if ticket.status is not TicketStatus.SERVING:
        raise _refuse(ticket, "finished (start it first)")
    return replace(ticket, status=TicketStatus.DONE, finished_at=now)


def mark_no_show(ticket: Ticket, recalls_required: int, now: datetime) -> Ticket:
    if ticket.status is not TicketStatus.CALLED:
        raise _refuse(ticket, "marked no-show (only a called ticket is)")
    if ticket.recalls < recalls_required:
        raise Conflict(
            "recall_first",
            f"Recall ticket {ticket.number} first: the site asks for {recalls_required} "
            f"recall(s) before a no-show, and it has had {ticket.recalls}.",
        )
    return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)


def transfer(
    ticket: Ticket,
    now: datetime,
    *,
    to_service: str | None = None,
    to_agency: str | None = None,
    to_counter: int | None = None,
    position: Position = Position.FRONT,
) -> Ticket:
    """Send a called or served ticket back to waiting, for another service or one counter."""
    if ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        raise _refuse(ticket, "transferred (only a called or served ticket is)")
    origin = f"counter:{ticket.counter}" if ticket.counter is not None else None
    return replace(
        ticket,
        status=TicketStatus.WAITING,
        service_id=to_service or ticket.service_id,
        agency_id=to_agency or ticket.agency_id,
        target_counter=to_counter,
        front=position is Position.FRONT and to_counter is None,
        queue_at=ticket.issued_at if position is Position.FRONT else now,
        counter=None,
        staff=None,
        called_at=None,
        started_at=None,
        recalls=0,
        transfers=ticket.transfers + 1,
        transferred_from=origin,
    )


def close_at_day_end(ticket: Ticket, now: datetime) -> Ticket:
    """The day is over: a waiting ticket is cancelled, a called one is a no-show (the site's
    recalls do not apply: nobody is left to recall), one being served is done."""
    if ticket.status is TicketStatus.WAITING:
        return cancel(ticket, now)
    if ticket.status is TicketStatus.CALLED:
        return replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)
    return finish(ticket, now)


def cancel(ticket: Ticket, now: datetime) -> Ticket:
    if ticket.status is not TicketStatus.WAITING:
        raise _refuse(ticket, "cancelled (only a waiting ticket is)")
    return replace(ticket, status=TicketStatus.CANCELLED, finished_at=now)


def rate(
    ticket: Ticket,
    score: int,
    levels: int,
    reason: str | None,
    *,
    counter: int,
    now: datetime,
) -> Ticket:
    """The citizen's rating, from the display of ``counter``: only of a ticket served there,
    once, within RATING_WINDOW of the end of its service."""
    if ticket.status is not TicketStatus.DONE:
        raise Conflict(
            "not_served", f"Ticket {ticket.number} has not been served; it cannot be rated."
        )
    if ticket.counter != counter:
        raise AccessDenied(
            "not_allowed",
            f"Ticket {ticket.number} was not served at counter {counter}: only the display of "
            "the counter that served it may rate it.",
        )
    if ticket.rating is not None:
        raise Conflict("already_rated", f"Ticket {ticket.number} has already been rated.")
    if ticket.finished_at is None or now - ticket.finished_at > RATING_WINDOW:
        minutes = int(RATING_WINDOW.total_seconds() // 60)
        raise Conflict(
            "rating_closed",
            f"Ticket {ticket.number} was served more than {minutes} minutes ago; it can no "
            "longer be rated.",
        )
    if not 1 <= score <= levels:
        raise DomainError(
            "invalid_score", f"A rating is a whole number from 1 to {levels}.", field="score"
        )
    return replace(ticket, rating=score, rating_reason=reason)
