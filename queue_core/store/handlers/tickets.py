"""A ticket's commands: issue, call next or out of turn, recall, start, finish, no-show,
transfer, rate, cancel."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date

from queue_core.domain import (
    CallNext,
    CallTicket,
    CancelTicket,
    Conflict,
    CounterStatus,
    DayNumbering,
    DomainError,
    EventType,
    FinishService,
    IssueTicket,
    Lane,
    MarkNoShow,
    NotFound,
    RateTicket,
    Recall,
    StartService,
    Ticket,
    TicketStatus,
    Transfer,
    next_number,
    service_availability,
    updated_average,
    waits_for,
)
from queue_core.domain import tickets as moves
from queue_core.domain.remote import call_present
from queue_core.domain.sms import remote_unchecked
from queue_core.store.estimate import (
    ESTIMATE_STATE,
    configured_minutes,
    holders_due,
    parse_estimate_state,
)
from queue_core.store.handlers.context import Context, Handler, current_ticket, require_counter
from queue_core.store.lanes import QUEUE_ORDER, in_lane
from queue_core.store.results import TicketView
from queue_core.store.rows import (
    insert_ticket,
    load_ticket,
    save_counter,
    save_ticket,
    select_tickets,
)

_ISSUE_STATE = (
    """
SELECT
  (SELECT last_value FROM numbering WHERE service_id = :s AND business_day = :d),
  (SELECT issued FROM numbering WHERE service_id = :s AND business_day = :d),
  (SELECT reason FROM service_closures WHERE service_id = :s AND business_day = :d),
  (SELECT coalesce(max(id), 0) + 1 FROM tickets),
"""
    + ESTIMATE_STATE
)


def _issue(ctx: Context, cmd: IssueTicket) -> TicketView:
    service = ctx.site.service(cmd.service_id)
    if service is None:
        raise NotFound(
            "unknown_service", f"There is no service {cmd.service_id!r}.", field="service"
        )
    conn, day = ctx.conn, ctx.day
    # One round trip for everything an issue reads: it is the hottest command.
    last_value, issued, closed_reason, ticket_id, *estimating = conn.execute(
        _ISSUE_STATE, {"s": service.id, "d": day, "lane": _joins(cmd)}
    ).fetchone()
    today = DayNumbering(last_value, issued or 0)
    service_availability(service, ctx.site.local(ctx.now), today.issued, closed_reason).require()
    number, after = next_number(service, today)
    state = parse_estimate_state(ctx.site, ctx.now, *estimating)
    if cmd.appointment_at is None:  # a walk-in: the holders called before it count too
        booked = replace(state, holders=holders_due(conn, ctx.site, day, ctx.now))
        state = replace(state, waiting=booked.for_walk_in(service.id))
    ahead = state.waiting.get(service.id, 0)
    minutes, wait = state.wait(service.id)
    ticket = Ticket(
        id=ticket_id,
        number=number,
        service_id=service.id,
        agency_id=service.agency_id,
        issued_service_id=service.id,
        business_day=date.fromisoformat(day),
        issued_at=ctx.now,
        queue_at=cmd.appointment_at or ctx.now,
        public_token=secrets.token_urlsafe(12),
        priority=cmd.priority,
        priority_kind=cmd.priority_kind if cmd.priority else None,
        channel=cmd.channel,
        lang=cmd.lang,
        estimate_minutes=minutes,
        ahead_at_issue=ahead,
        appointment_at=cmd.appointment_at,
        awaiting_check_in=cmd.from_afar,
    )
    insert_ticket(conn, ticket)
    conn.execute(
        "INSERT OR REPLACE INTO numbering(service_id, business_day, last_value, issued) "
        "VALUES (?, ?, ?, ?)",
        (service.id, day, after.last_value, after.issued),
    )
    ctx.emit(EventType.TICKET_ISSUED, ticket)
    return TicketView(ticket, ahead, minutes, wait)


def _joins(cmd: IssueTicket) -> Lane:
    return Lane.APPOINTMENT if cmd.appointment_at is not None else Lane.issued(cmd.priority)


def _clear_for_call(ctx: Context, status: CounterStatus) -> CounterStatus:
    """Before a call: a ticket being served is finished; a called one must be dealt with."""
    status.require_open()
    if status.ticket_id is None:
        return status
    current = load_ticket(ctx.conn, status.ticket_id)
    if current.status is TicketStatus.CALLED:
        raise Conflict(
            "ticket_in_progress",
            f"Ticket {current.number} was called but not started: press Start if the citizen "
            "is here, or Recall / No-show.",
        )
    _finish(ctx, current, status.number)
    return replace(status, ticket_id=None)


_HEAD = (
    "SELECT * FROM (SELECT * FROM tickets WHERE status = 'waiting' AND {where}{besides} "
    f"ORDER BY {QUEUE_ORDER} LIMIT 1)"
)


_SERVICE_LANES = (Lane.FRONT, Lane.APPOINTMENT, Lane.PRIORITY, Lane.NORMAL)


def _heads_sql(services: int, besides: int = 0) -> str:
    """The oldest ticket of each lane of each service, and the oldest sent to this counter:
    every ticket the policy may choose (``domain.calling.waits_for``), as the policy sees no
    further than the head of a lane; ``besides``: that many ids (the last parameters) left out.

    One index seek each, so a call costs the same with ten or a thousand waiting.
    """
    left_out = f" AND id NOT IN ({', '.join('?' * besides)})" if besides else ""
    heads = [
        _HEAD.format(where=f"target_counter = ? AND {in_lane(Lane.DIRECTED)}", besides=left_out)
    ]
    for _ in range(services):
        heads.extend(
            _HEAD.format(
                where=f"service_id = ? AND business_day = ? AND {in_lane(each)}", besides=left_out
            )
            for each in _SERVICE_LANES
        )
    return " UNION ALL ".join(heads)


def _call_next(ctx: Context, cmd: CallNext) -> Ticket | None:
    status = _clear_for_call(ctx, require_counter(ctx, cmd.counter))
    counter = ctx.site.counter(cmd.counter)
    assert counter is not None
    services = counter.services

    def heads(left_out: frozenset[int]) -> list[Ticket]:
        params: list[object] = [cmd.counter, *left_out]
        for service in services:
            for _ in _SERVICE_LANES:
                params.extend((service, ctx.day, *left_out))
        return select_tickets(ctx.conn, _heads_sql(len(services), len(left_out)), params)

    rule = remote_unchecked(ctx.site)
    present = call_present(
        ctx.policy, cmd.counter, services, heads, status.priority_streak, ctx.now, rule
    )
    for absent in present.passed:
        gone = moves.pass_unchecked(absent, ctx.now)
        save_ticket(ctx.conn, gone)
        ctx.emit(EventType.TICKET_NO_SHOW, gone, None, unchecked=True)
    choice = present.choice
    if choice is None:
        save_counter(ctx.conn, status)
        return None
    called = moves.call(choice.ticket, cmd.counter, cmd.staff or status.staff, ctx.now)
    save_ticket(ctx.conn, called)
    save_counter(
        ctx.conn, replace(status, ticket_id=called.id, priority_streak=choice.priority_streak)
    )
    ctx.emit(EventType.TICKET_CALLED, called, cmd.counter)
    return called


def _call_ticket(ctx: Context, cmd: CallTicket) -> Ticket:
    if not cmd.reason.strip():
        raise DomainError(
            "reason_required", "Say why this ticket is called out of turn.", field="reason"
        )
    status = require_counter(ctx, cmd.counter)
    ticket = load_ticket(ctx.conn, cmd.ticket_id)
    counter = ctx.site.counter(cmd.counter)
    assert counter is not None
    mine = waits_for(ticket, cmd.counter, counter.services)
    if ticket.status is not TicketStatus.WAITING or not mine:
        raise Conflict(
            "not_callable_here",
            f"Ticket {ticket.number} is not waiting for counter {cmd.counter}.",
            field="ticket",
        )
    if ticket.awaiting_check_in:
        raise Conflict(
            "not_checked_in",
            f"Ticket {ticket.number} was taken by text and nobody has checked in for it at a "
            "kiosk yet.",
            field="ticket",
        )
    status = _clear_for_call(ctx, status)
    called = moves.call(ticket, cmd.counter, cmd.staff or status.staff, ctx.now)
    save_ticket(ctx.conn, called)
    save_counter(ctx.conn, replace(status, ticket_id=called.id))
    ctx.emit(
        EventType.TICKET_CALLED, called, cmd.counter, reason=cmd.reason.strip(), out_of_turn=True
    )
    return called


def _recall(ctx: Context, cmd: Recall) -> Ticket:
    status = require_counter(ctx, cmd.counter)
    ticket = moves.recall(current_ticket(ctx, status))
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_RECALLED, ticket, cmd.counter)
    return ticket


def _start(ctx: Context, cmd: StartService) -> Ticket:
    status = require_counter(ctx, cmd.counter)
    ticket = moves.start(current_ticket(ctx, status), ctx.now)
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_STARTED, ticket, cmd.counter)
    return ticket


def _finish(ctx: Context, ticket: Ticket, counter: int) -> Ticket:
    done = moves.finish(ticket, ctx.now)
    save_ticket(ctx.conn, done)
    _sample_service_time(ctx, ticket)
    ctx.emit(EventType.TICKET_FINISHED, done, counter)
    return done


def _sample_service_time(ctx: Context, ticket: Ticket) -> None:
    """One more visit in the service's moving average: its minutes at the counter, from the
    call (the citizen's walk to the counter keeps the counter as busy as the service)."""
    began = ticket.called_at or ticket.started_at
    assert began is not None
    sample = (ctx.now - began).total_seconds() / 60
    row = ctx.conn.execute(
        "SELECT average_minutes, samples FROM service_times WHERE service_id = ?",
        (ticket.service_id,),
    ).fetchone()
    previous, samples = row if row else (configured_minutes(ctx.site, ticket.service_id), 0)
    ctx.conn.execute(
        "INSERT INTO service_times(service_id, average_minutes, samples) VALUES (?, ?, 1) "
        "ON CONFLICT(service_id) DO UPDATE SET average_minutes = excluded.average_minutes, "
        "samples = samples + 1",
        (ticket.service_id, updated_average(previous, sample, samples or 0)),
    )


def _finish_command(ctx: Context, cmd: FinishService) -> Ticket:
    status = require_counter(ctx, cmd.counter)
    done = _finish(ctx, current_ticket(ctx, status), cmd.counter)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    return done


def _no_show(ctx: Context, cmd: MarkNoShow) -> Ticket:
    status = require_counter(ctx, cmd.counter)
    ticket = moves.mark_no_show(
        current_ticket(ctx, status), ctx.site.rules.recalls_before_no_show, ctx.now
    )
    save_ticket(ctx.conn, ticket)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    ctx.emit(EventType.TICKET_NO_SHOW, ticket, cmd.counter)
    return ticket


def _transfer(ctx: Context, cmd: Transfer) -> Ticket:
    if (cmd.to_service is None) == (cmd.to_counter is None):
        raise DomainError(
            "transfer_target", "Transfer to one service or to one counter.", field="service"
        )
    status = require_counter(ctx, cmd.counter)
    ticket = current_ticket(ctx, status)
    agency = None
    if cmd.to_service is not None:
        service = ctx.site.service(cmd.to_service)
        if service is None:
            raise NotFound(
                "unknown_service", f"There is no service {cmd.to_service!r}.", field="service"
            )
        agency = service.agency_id
    elif cmd.to_counter == cmd.counter:
        raise DomainError(
            "transfer_target",
            f"Counter {cmd.to_counter} is not another counter of this centre.",
            field="counter",
        )
    elif ctx.site.counter(cmd.to_counter or 0) is None:
        raise NotFound(
            "unknown_counter",
            f"Counter {cmd.to_counter} is not another counter of this centre.",
            field="counter",
        )
    moved = moves.transfer(
        ticket,
        ctx.now,
        to_service=cmd.to_service,
        to_agency=agency,
        to_counter=cmd.to_counter,
        position=cmd.position,
    )
    save_ticket(ctx.conn, moved)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    ctx.emit(
        EventType.TICKET_TRANSFERRED,
        moved,
        cmd.counter,
        from_service=ticket.service_id,
        to_service=cmd.to_service,
        to_counter=cmd.to_counter,
        position=cmd.position.value,
    )
    return moved


def _rate(ctx: Context, cmd: RateTicket) -> Ticket:
    ticket = moves.rate(
        load_ticket(ctx.conn, cmd.ticket_id),
        cmd.score,
        len(ctx.site.rules.rating_levels),
        cmd.reason,
        counter=cmd.counter,
        now=ctx.now,
    )
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_RATED, ticket, ticket.counter, score=cmd.score, reason=cmd.reason)
    return ticket


def _cancel(ctx: Context, cmd: CancelTicket) -> Ticket:
    if not cmd.reason.strip():
        raise DomainError("reason_required", "Say why the ticket is cancelled.", field="reason")
    ticket = moves.cancel(load_ticket(ctx.conn, cmd.ticket_id), ctx.now)
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_CANCELLED, ticket, reason=cmd.reason.strip())
    return ticket


HANDLERS: dict[type, Handler] = {
    IssueTicket: _issue,
    CallNext: _call_next,
    CallTicket: _call_ticket,
    Recall: _recall,
    StartService: _start,
    FinishService: _finish_command,
    MarkNoShow: _no_show,
    Transfer: _transfer,
    RateTicket: _rate,
    CancelTicket: _cancel,
}
