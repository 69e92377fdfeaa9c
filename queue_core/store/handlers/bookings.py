"""Appointments' commands: book a slot, check in at the kiosk (a ticket in the appointment
lane, or a number taken by text now callable), cancel, sweep the missed."""

from __future__ import annotations

from dataclasses import dataclass

from queue_core.domain import Book, CancelBooking, CheckIn, IssueTicket, SweepBookings
from queue_core.domain.appointments import (
    Arrival,
    ArrivalJudgement,
    Booking,
    appointment_rules,
    check_in,
    judge_arrival,
    normalise_booking_code,
)
from queue_core.domain.appointments import mark_missed as missed
from queue_core.domain.remote import check_in_code
from queue_core.domain.tickets import check_in as present
from queue_core.errors import NotFound
from queue_core.store import bookings
from queue_core.store.estimate import live_figures
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.handlers.tickets import HANDLERS as TICKETS
from queue_core.store.results import TicketView
from queue_core.store.rows import save_ticket, select_tickets
from queue_core.store.texts import REMOTE


@dataclass(frozen=True)
class CheckedIn:
    """A check-in's answer: the booking as it is now (None: a number taken by text), how the
    arrival stood to its slot, and the ticket when on time."""

    booking: Booking | None
    judgement: ArrivalJudgement
    ticket: TicketView | None = None


def _book(ctx: Context, cmd: Book) -> Booking:
    return bookings.book(
        ctx.conn,
        ctx.site,
        ctx.now,
        service_id=cmd.service_id,
        slot_at=cmd.slot_at,
        name=cmd.name,
        phone=cmd.phone,
        source=cmd.source,
        external_id=cmd.external_id,
    )


def _check_in(ctx: Context, cmd: CheckIn) -> CheckedIn:
    code = normalise_booking_code(cmd.code)
    if code is None:
        raise NotFound("unknown_booking", "That is not a booking code.", field="code")
    try:
        booking = bookings.get_booking(ctx.conn, code)
    except NotFound:
        return _check_in_from_afar(ctx, code)
    rules = appointment_rules(ctx.site)
    judgement = judge_arrival(booking, ctx.now, rules)
    if judgement.arrival is Arrival.TOO_EARLY:
        return CheckedIn(booking, judgement)
    if judgement.arrival is Arrival.TOO_LATE:
        booking = missed(booking, ctx.now)
        bookings.save_booking(ctx.conn, booking)
        return CheckedIn(booking, judgement)
    issue = IssueTicket(
        booking.service_id, channel=cmd.channel, lang=cmd.lang, appointment_at=booking.slot_at
    )
    view: TicketView = TICKETS[IssueTicket](ctx, issue)
    booking = check_in(booking, view.ticket.id, ctx.now)
    bookings.save_booking(ctx.conn, booking)
    return CheckedIn(booking, judgement, view)


def _check_in_from_afar(ctx: Context, code: str) -> CheckedIn:
    """The code sent in the answer to a text that took a number: its holder is here, and the
    number may be called (``booking_closed`` once its turn is over)."""
    taken = select_tickets(
        ctx.conn,
        "SELECT * FROM tickets WHERE business_day = ? AND channel = ? ORDER BY id",
        (ctx.day, REMOTE),
    )
    found = next((t for t in taken if check_in_code(t.public_token) == code), None)
    if found is None:
        raise NotFound("unknown_booking", f"There is no booking {code}.", field="code")
    ticket = present(found)
    save_ticket(ctx.conn, ticket)
    live = live_figures(ctx.conn, ctx.site, ticket)
    view = TicketView(ticket, live.ahead, live.minutes, live.range)
    return CheckedIn(None, ArrivalJudgement(Arrival.ON_TIME), view)


def _cancel(ctx: Context, cmd: CancelBooking) -> Booking:
    return bookings.cancel(ctx.conn, cmd.code, cmd.reason, ctx.now)


def _sweep(ctx: Context, _cmd: SweepBookings) -> int:
    return bookings.mark_missed(ctx.conn, appointment_rules(ctx.site), ctx.now)


HANDLERS: dict[type, Handler] = {
    Book: _book,
    CheckIn: _check_in,
    CancelBooking: _cancel,
    SweepBookings: _sweep,
}
