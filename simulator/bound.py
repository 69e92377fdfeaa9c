"""The best an estimate could do on a recorded day: one that knew each visit's length.

Replaying the event log, at each issue the waiting tickets ahead in the ticket's pool are
handed, with their real minutes at a counter, to whichever open counter is free first
(each busy one free when its ticket really ended). What such a clairvoyant estimate still
misses is only what nobody could count at the time: tickets issued later that passed ahead
(priority, transfers back to the front). Its error beside the printed estimate's shows how
much of the latter is how much visits vary, which no estimate from averages can remove.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_core.domain import OpenCounter, Site, pool

_ENDS = ("ticket.finished", "ticket.no_show", "ticket.transferred")
_LEAVES_COUNTER = ("ticket.finished", "ticket.no_show", "ticket.transferred", "ticket.cancelled")


def _events(db: Path) -> Iterator[tuple[str, datetime, int | None, dict[str, Any] | None]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for kind, at, body in conn.execute("SELECT type, at, body FROM events ORDER BY seq"):
            data = json.loads(body)
            yield kind, datetime.fromisoformat(at), data.get("counter"), data.get("ticket")
    finally:
        conn.close()


def visit_minutes(db: Path) -> dict[int, list[float]]:
    """Each ticket's minutes at a counter, call to end, per visit (a transfer makes two)."""
    called: dict[int, datetime] = {}
    visits: dict[int, list[float]] = {}
    for kind, at, _counter, ticket in _events(db):
        if ticket is None:
            continue
        if kind == "ticket.called":
            called[ticket["id"]] = at
        elif kind in _ENDS and ticket["id"] in called:
            began = called.pop(ticket["id"])
            visits.setdefault(ticket["id"], []).append((at - began).total_seconds() / 60)
    return visits


def _lane(ticket: dict[str, Any]) -> int:
    if ticket.get("target_counter") is not None:
        return 0
    if ticket.get("front"):
        return 1
    return 2 if ticket.get("priority") else 3


@dataclass
class _Hall:
    """The queue as the event log leaves it after each event."""

    site: Site
    visits: dict[int, list[float]]
    waiting: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    """ticket id -> (service, lane, visit number it waits for)"""
    state: dict[int, str] = field(default_factory=dict)
    holding: dict[int, tuple[int, datetime, float]] = field(default_factory=dict)
    """counter -> (ticket, called at, that visit's minutes)"""
    seen_visits: dict[int, int] = field(default_factory=dict)

    def minutes(self, ticket_id: int, visit: int) -> float:
        known = self.visits.get(ticket_id, [])
        return known[visit] if visit < len(known) else 0.0

    def wait(self, ticket: dict[str, Any], now: datetime) -> float:
        """When a counter is first free for a ticket issued now, every length known."""
        open_counters = [
            OpenCounter(n, c.services)
            for c in self.site.counters
            if self.state.get(n := c.number) == "open"
        ]
        services, members = pool(ticket["service_id"], open_counters)
        free_in = []
        for counter in members:
            held = self.holding.get(counter.number)
            if held is None:
                free_in.append(0.0)
            else:
                _, began, length = held
                free_in.append(max(length - (now - began).total_seconds() / 60, 0.0))
        free_in = free_in or [0.0]
        mine = _lane(ticket)
        ahead = sorted(
            (lane, ticket_id, visit)
            for ticket_id, (service, lane, visit) in self.waiting.items()
            if service in services and lane <= mine
        )
        heap = sorted(free_in)
        for _, ticket_id, visit in ahead:
            heapq.heapreplace(heap, heap[0] + self.minutes(ticket_id, visit))
        return heap[0]

    def apply(self, kind: str, at: datetime, counter: int | None, ticket: dict[str, Any]) -> None:
        ticket_id = ticket["id"]
        if kind in ("ticket.issued", "ticket.transferred"):
            visit = self.seen_visits.get(ticket_id, 0)
            self.waiting[ticket_id] = (ticket["service_id"], _lane(ticket), visit)
        elif kind == "ticket.called" and counter is not None:
            _, _, visit = self.waiting.pop(ticket_id, ("", 0, self.seen_visits.get(ticket_id, 0)))
            self.seen_visits[ticket_id] = visit + 1
            self.holding[counter] = (ticket_id, at, self.minutes(ticket_id, visit))
        elif kind == "ticket.cancelled":
            self.waiting.pop(ticket_id, None)
        if kind in _LEAVES_COUNTER and counter is not None:
            held = self.holding.get(counter)
            if held is not None and held[0] == ticket_id:
                del self.holding[counter]


def clairvoyant_waits(db: Path, site: Site) -> dict[int, float]:
    """For each ticket, the wait a clairvoyant estimate would have printed at its issue."""
    hall = _Hall(site, visit_minutes(db))
    found: dict[int, float] = {}
    for kind, at, counter, ticket in _events(db):
        if kind.startswith("counter.") and counter is not None:
            hall.state[counter] = kind.removeprefix("counter.").replace("opened", "open")
            if kind == "counter.closed":
                hall.holding.pop(counter, None)
            continue
        if ticket is None:
            continue
        if kind == "ticket.issued":
            found[ticket["id"]] = hall.wait(ticket, at)
        hall.apply(kind, at, counter, ticket)
    return found
