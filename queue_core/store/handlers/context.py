"""What one command sees (the connection, the site, the policy, the time) and what it emits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from queue_core.domain import (
    CallingPolicy,
    Conflict,
    CounterStatus,
    Event,
    EventType,
    NotFound,
    Site,
    Ticket,
)
from queue_core.store.rows import load_counter, load_ticket


@dataclass
class Context:
    """What one command sees: the open connection, the site, the policy, the time, its events."""

    conn: sqlite3.Connection
    site: Site
    policy: CallingPolicy
    now: datetime
    events: list[Event] = field(default_factory=list)

    @cached_property
    def day(self) -> str:
        return self.site.business_day(self.now).isoformat()

    def emit(
        self,
        type_: EventType,
        ticket: Ticket | None = None,
        counter: int | None = None,
        **detail: Any,
    ) -> None:
        self.events.append(Event(type_, self.now, ticket, counter, detail))


def require_counter(ctx: Context, number: int) -> CounterStatus:
    if ctx.site.counter(number) is None:
        raise NotFound("unknown_counter", f"There is no counter {number}.", field="counter")
    return load_counter(ctx.conn, number)


def current_ticket(ctx: Context, status: CounterStatus) -> Ticket:
    if status.ticket_id is None:
        raise Conflict(
            "no_current_ticket",
            f"Counter {status.number} has no ticket now; call the next one first.",
        )
    return load_ticket(ctx.conn, status.ticket_id)


Handler = Callable[[Context, Any], Any]
"""Runs one command inside the transaction; what it returns is the command's result."""
