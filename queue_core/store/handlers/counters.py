"""A counter's commands: open, pause or close it; give it other services."""

from __future__ import annotations

import json

from queue_core.domain import (
    ChangeCounterServices,
    CounterState,
    CounterStatus,
    DomainError,
    EventType,
    NotFound,
    SetCounterState,
)
from queue_core.store.devices import end_counter_sessions
from queue_core.store.handlers.context import Context, Handler, require_counter
from queue_core.store.rows import save_counter
from queue_core.store.site import bump_site_version

_COUNTER_EVENTS = {
    CounterState.OPEN: EventType.COUNTER_OPENED,
    CounterState.PAUSED: EventType.COUNTER_PAUSED,
    CounterState.CLOSED: EventType.COUNTER_CLOSED,
}


def _set_counter_state(ctx: Context, cmd: SetCounterState) -> CounterStatus:
    status = require_counter(ctx, cmd.counter).with_state(cmd.state, cmd.staff, ctx.now)
    save_counter(ctx.conn, status)
    if cmd.state is CounterState.CLOSED:
        end_counter_sessions(ctx.conn, cmd.counter, ctx.now)
    ctx.emit(_COUNTER_EVENTS[cmd.state], counter=cmd.counter, staff=status.staff)
    return status


def _change_counter_services(ctx: Context, cmd: ChangeCounterServices) -> list[str]:
    require_counter(ctx, cmd.counter)
    services = [s.strip() for s in cmd.services if s.strip()]
    if not services:
        raise DomainError(
            "services_required", "A counter serves at least one service.", field="services"
        )
    unknown = [s for s in services if ctx.site.service(s) is None]
    if unknown:
        raise NotFound("unknown_service", f"There is no service {unknown[0]!r}.", field="services")
    if len(set(services)) != len(services):
        raise DomainError("repeated_service", "Name each service once.", field="services")
    ctx.conn.execute(
        "INSERT OR REPLACE INTO counter_services(number, services) VALUES (?, ?)",
        (cmd.counter, json.dumps(services)),
    )
    ctx.conn.execute(
        "UPDATE counters SET services = ? WHERE number = ?", (json.dumps(services), cmd.counter)
    )
    bump_site_version(ctx.conn)  # every process re-reads the site, now with these services
    ctx.emit(EventType.SERVICE_CHANGED, counter=cmd.counter, services=services)
    return services


HANDLERS: dict[type, Handler] = {
    SetCounterState: _set_counter_state,
    ChangeCounterServices: _change_counter_services,
}
