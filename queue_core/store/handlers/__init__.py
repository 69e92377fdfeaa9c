"""Each command, run inside the store's transaction: load state, apply the domain, write back.

One module per thing the commands change: tickets, counters, notices, alerts, the day,
bookings.
"""

from __future__ import annotations

from typing import Any

from queue_core.domain import (
    SUPERVISORS_CHANGES,
    Audited,
    Command,
)
from queue_core.store import audit
from queue_core.store.handlers import alerts, bookings, counters, day, notices, tickets
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.handlers.day import roll_day_if_needed

__all__ = ["Context", "roll_day_if_needed", "run"]


def run(ctx: Context, command: Command) -> Any:
    handler = _HANDLERS.get(type(command))
    if handler is None:
        raise TypeError(f"no handler for {type(command).__name__}")
    return handler(ctx, command)


def _audited(ctx: Context, cmd: Audited) -> Any:
    inner = cmd.command
    if not isinstance(inner, SUPERVISORS_CHANGES):
        raise TypeError(f"{type(inner).__name__} is not a supervisor's change")
    before = audit.state_of(ctx.conn, ctx.site, ctx.day, inner)
    result = run(ctx, inner)
    after = audit.state_of(ctx.conn, ctx.site, ctx.day, inner)
    action, target, detail = audit.describe(inner, ctx.site)
    audit.record(ctx.conn, ctx.now, cmd.actor, action, target, before, after, detail)
    return result


_HANDLERS: dict[type, Handler] = {
    **tickets.HANDLERS,
    **counters.HANDLERS,
    **notices.HANDLERS,
    **alerts.HANDLERS,
    **day.HANDLERS,
    **bookings.HANDLERS,
    Audited: _audited,
}
