"""The business day: rolled by the first command of a new one, ended early by hand, and the
services closed for it."""

from __future__ import annotations

from dataclasses import replace

from queue_core.domain import (
    CounterState,
    EventType,
    NotFound,
    ResetDay,
    SetServiceClosed,
    TicketStatus,
)
from queue_core.domain import tickets as moves
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.rows import load_counters, save_counter, save_ticket, select_tickets


def roll_day_if_needed(ctx: Context) -> None:
    """The first command of a new business day ends the previous one, with its events."""
    row = ctx.conn.execute("SELECT value FROM meta WHERE key = 'business_day'").fetchone()
    if row is not None and row[0] >= ctx.day:
        return
    if row is not None:
        end_day(ctx, "day end", previous_day=row[0])
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('business_day', ?)", (ctx.day,)
    )


_CLOSING_EVENTS = {
    TicketStatus.CANCELLED: EventType.TICKET_CANCELLED,
    TicketStatus.NO_SHOW: EventType.TICKET_NO_SHOW,
    TicketStatus.DONE: EventType.TICKET_FINISHED,
}


def end_day(ctx: Context, reason: str, previous_day: str) -> int:
    live = select_tickets(
        ctx.conn,
        "SELECT * FROM tickets WHERE status IN ('waiting', 'called', 'serving') ORDER BY id",
        (),
    )
    for ticket in live:
        closed = moves.close_at_day_end(ticket, ctx.now)
        save_ticket(ctx.conn, closed)
        ctx.emit(_CLOSING_EVENTS[closed.status], closed, closed.counter, reason=reason)
    for status in load_counters(ctx.conn):
        if status.state is not CounterState.CLOSED:
            closed_counter = replace(
                status,
                state=CounterState.CLOSED,
                ticket_id=None,
                staff=None,
                priority_streak=0,
                since=ctx.now,
            )
            save_counter(ctx.conn, closed_counter)
            ctx.emit(EventType.COUNTER_CLOSED, counter=status.number, reason=reason)
    ctx.emit(EventType.DAY_RESET, business_day=previous_day, reason=reason, closed=len(live))
    return len(live)


def _reset_day(ctx: Context, cmd: ResetDay) -> int:
    return end_day(ctx, cmd.reason, previous_day=ctx.day)


def _set_service_closed(ctx: Context, cmd: SetServiceClosed) -> int:
    if ctx.site.service(cmd.service_id) is None:
        raise NotFound(
            "unknown_service", f"There is no service {cmd.service_id!r}.", field="service"
        )
    if cmd.reason is None:
        ctx.conn.execute(
            "DELETE FROM service_closures WHERE service_id = ? AND business_day = ?",
            (cmd.service_id, ctx.day),
        )
    else:
        ctx.conn.execute(
            "INSERT OR REPLACE INTO service_closures VALUES (?, ?, ?)",
            (cmd.service_id, ctx.day, cmd.reason),
        )
    ctx.emit(EventType.SERVICE_CHANGED, service=cmd.service_id, closed_reason=cmd.reason)
    return 1


HANDLERS: dict[type, Handler] = {
    ResetDay: _reset_day,
    SetServiceClosed: _set_service_closed,
}
