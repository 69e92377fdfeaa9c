"""The business day: rolled by the first command of a new one, ended early by hand (and what is
past the site's retention taken out as it ends), the services closed for it, and its numbers
moved on after a restore."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from queue_core.domain import (
    CounterState,
    EventType,
    NotFound,
    RecordRestore,
    ResetDay,
    SetServiceClosed,
    TicketStatus,
)
from queue_core.domain import tickets as moves
from queue_core.domain.appointments import appointment_rules
from queue_core.store import bookings
from queue_core.store.backup import BACKUP_META
from queue_core.store.devices import end_day_sessions
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.records import to_db_time
from queue_core.store.retention import remove_expired
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
    bookings.mark_missed(ctx.conn, appointment_rules(ctx.site), ctx.now)
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
    end_day_sessions(ctx.conn, date.fromisoformat(previous_day), ctx.now)
    remove_expired(ctx.conn, ctx.site, ctx.now)
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


def _record_restore(ctx: Context, cmd: RecordRestore) -> int:
    """Today's numbering moved past the skipped numbers (the count issued, which the daily cap
    reads, stays: the holders of lost tickets come back for new ones), the backup's marks
    dropped, and ``day.restored`` says what was skipped and why."""
    services = []
    for skip in cmd.skips:
        service = ctx.site.service(skip.service_id)
        if service is None:
            continue
        if skip.skipped and skip.skip_to is not None:
            ctx.conn.execute(
                "INSERT INTO numbering(service_id, business_day, last_value, issued) "
                "VALUES (?, ?, ?, 0) ON CONFLICT(service_id, business_day) "
                "DO UPDATE SET last_value = excluded.last_value",
                (service.id, ctx.day, skip.skip_to),
            )
        services.append(
            {
                "service": service.id,
                "from": skip.printed_from,
                "to": skip.printed_to,
                "skipped": skip.skipped,
                "basis": skip.basis.value,
                "per_hour": skip.per_hour,
                "open_minutes": skip.open_minutes,
            }
        )
    marks = ", ".join("?" for _ in BACKUP_META)
    ctx.conn.execute(f"DELETE FROM meta WHERE key IN ({marks})", BACKUP_META)
    detail: dict[str, Any] = {
        "business_day": ctx.day,
        "backup": cmd.backup,
        "backup_at": ctx.site.local(cmd.backup_at).isoformat(timespec="seconds"),
        "backup_seq": cmd.backup_seq,
        "first_seq": cmd.first_seq,
        "set_aside": cmd.set_aside,
        "services": services,
    }
    # The console shows the day's restore from here: one read, not a search of the log.
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('last_restore', ?)",
        (json.dumps({**detail, "at": to_db_time(ctx.now)}, ensure_ascii=False),),
    )
    ctx.emit(EventType.DAY_RESTORED, **detail)
    return sum(skip.skipped for skip in cmd.skips)


HANDLERS: dict[type, Handler] = {
    ResetDay: _reset_day,
    SetServiceClosed: _set_service_closed,
    RecordRestore: _record_restore,
}
