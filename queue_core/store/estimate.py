"""The estimate's inputs read in SQL: waiting per lane, the learned averages, the open counters;
and a waiting ticket's live figures (who is ahead, how long)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from queue_core import clock
from queue_core.domain import (
    NO_WAIT,
    Lane,
    OpenCounter,
    Site,
    Ticket,
    TicketStatus,
    WaitRange,
    estimate_minutes,
    lane,
    pool,
    settled_averages,
)
from queue_core.domain.appointments import appointment_rules
from queue_core.domain.estimate import with_holders
from queue_core.domain.waitrange import estimate_and_range
from queue_core.store.lanes import QUEUE_ORDER, called_before, lane_sql
from queue_core.store.records import from_db_time, to_db_time

ESTIMATE_STATE = """
  (SELECT json_group_object(service_id, n) FROM (SELECT service_id, sum(n) AS n
     FROM waiting_counts WHERE business_day = :d AND lane <= :lane GROUP BY service_id)),
  (SELECT json_group_object(service_id, json_array(average_minutes, samples))
     FROM service_times),
  (SELECT json_group_array(json_array(c.number, t.service_id, t.called_at))
     FROM counter_status c LEFT JOIN tickets t ON t.id = c.ticket_id WHERE c.state = 'open')
"""
"""What every estimate reads, in three small seeks: waiting per service in the lanes up to
``:lane`` (those called before a ticket new in that lane), the average minutes and visits
timed per service, and each open counter with its ticket."""


_NEW_TICKET_STATE = "SELECT " + ESTIMATE_STATE


def average_minutes(conn: sqlite3.Connection, site: Site, service_id: str) -> float:
    row = conn.execute(
        "SELECT average_minutes FROM service_times WHERE service_id = ?", (service_id,)
    ).fetchone()
    if row is not None:
        return float(row[0])
    return configured_minutes(site, service_id)


def configured_minutes(site: Site, service_id: str) -> float:
    service = site.service(service_id)
    return service.average_service_minutes if service else 8.0


@dataclass(frozen=True)
class EstimateState:
    """What the estimate reads of the queue now (see ``estimate.wait_minutes``)."""

    waiting: dict[str, int]
    averages: dict[str, float]
    counters: list[OpenCounter]
    holders: tuple[tuple[str, float], ...] = ()
    """Booked holders not yet here (``holders_due``): service, minutes to their slot."""

    def for_walk_in(self, service_id: str, ahead: dict[str, int] | None = None) -> dict[str, int]:
        """Those ahead of a walk-in (``waiting`` when not given) with the holders who will be
        called before it (``estimate.with_holders``)."""
        base = self.waiting if ahead is None else ahead
        if not self.holders:
            return base
        return with_holders(service_id, base, self.averages, self.counters, self.holders)

    def minutes(self, service_id: str, ahead: dict[str, int] | None = None) -> int:
        """The wait of ``ahead``; when not given, of a new walk-in (``for_walk_in``)."""
        return estimate_minutes(
            service_id,
            self.for_walk_in(service_id) if ahead is None else ahead,
            self.averages,
            self.counters,
        )

    def wait(self, service_id: str, ahead: dict[str, int] | None = None) -> tuple[int, WaitRange]:
        """``minutes`` and the range around it, from one hand-out of the work ahead."""
        return estimate_and_range(
            service_id,
            self.for_walk_in(service_id) if ahead is None else ahead,
            self.averages,
            self.counters,
        )


def parse_estimate_state(
    site: Site, now: datetime, waiting: str | None, averages: str | None, counters: str | None
) -> EstimateState:
    """The estimate's inputs from ``ESTIMATE_STATE``'s three JSON answers."""
    configured = {s.id: float(s.average_service_minutes) for s in site.services}
    learned = {
        k: (float(average), int(samples or 0))
        for k, (average, samples) in json.loads(averages or "{}").items()
    }
    known = settled_averages(configured, learned)
    open_counters = []
    for number, service_id, called_at in json.loads(counters or "[]"):
        counter = site.counter(number)
        if counter is None:
            continue
        busy = 0.0
        if called_at is not None:
            busy = max((now - from_db_time(called_at)).total_seconds() / 60, 0.0)
        open_counters.append(OpenCounter(number, counter.services, service_id, busy))
    return EstimateState(
        {k: int(v) for k, v in json.loads(waiting or "{}").items()}, known, open_counters
    )


def estimate_state(conn: sqlite3.Connection, site: Site, day: str, now: datetime) -> EstimateState:
    """The inputs of the estimate for a new normal ticket, on business day ``day``."""
    row = conn.execute(_NEW_TICKET_STATE, {"d": day, "lane": Lane.issued(False)}).fetchone()
    state = parse_estimate_state(site, now, *row)
    return replace(state, holders=holders_due(conn, site, day, now))


def holders_due(
    conn: sqlite3.Connection, site: Site, day: str, now: datetime
) -> tuple[tuple[str, float], ...]:
    """The bookings of business day ``day`` not yet checked in whose grace is not over at
    ``now``: (service, minutes from now until the holder may be called: the slot's start, less
    the site's ``call_ahead_minutes``), soonest first."""
    rules = appointment_rules(site)
    if not rules.services:
        return ()
    rows = conn.execute(
        "SELECT service_id, slot_at FROM bookings WHERE business_day = ? AND status = 'booked' "
        "AND slot_at >= ? ORDER BY slot_at",
        (day, to_db_time(now - rules.grace)),
    ).fetchall()
    callable_from = now + rules.call_ahead
    return tuple(
        (service, (from_db_time(slot) - callable_from).total_seconds() / 60)
        for service, slot in rows
    )


@dataclass(frozen=True)
class LiveFigures:
    """A ticket's live figures: people ahead in its lane order, the minutes and range that makes."""

    ahead: int = 0
    minutes: int = 0
    range: WaitRange = NO_WAIT


def live_figures(
    conn: sqlite3.Connection, site: Site, ticket: Ticket, state: EstimateState | None = None
) -> LiveFigures:
    """People ahead of a waiting ticket in its lane order, and the wait that makes. ``state``,
    when given, is ``estimate_state`` of the ticket's day read in the same transaction (many
    tickets read at once share it)."""
    if ticket.status is not TicketStatus.WAITING:
        return LiveFigures()
    if state is None:
        state = estimate_state(conn, site, ticket.business_day.isoformat(), clock.now())
    if ticket.target_counter is not None:
        ahead = conn.execute(
            "SELECT count(*) FROM tickets WHERE status = 'waiting' AND target_counter = ? "
            "AND (queue_at < ? OR (queue_at = ? AND id < ?))",
            (
                ticket.target_counter,
                to_db_time(ticket.queue_at),
                to_db_time(ticket.queue_at),
                ticket.id,
            ),
        ).fetchone()[0]
        # Its counter takes it before anything else: only that counter's work counts.
        mine = [
            replace(c, services=(ticket.service_id,))
            for c in state.counters
            if c.number == ticket.target_counter
        ]
        mine_ahead = {ticket.service_id: int(ahead)}
        return LiveFigures(
            int(ahead),
            *estimate_and_range(ticket.service_id, mine_ahead, state.averages, mine),
        )
    by_service = _ahead_by_service(conn, ticket, pool(ticket.service_id, state.counters)[0])
    return _in_pool(ticket, by_service, state)


def _in_pool(ticket: Ticket, by_service: dict[str, int], state: EstimateState) -> LiveFigures:
    """The figures of a ticket in its service's pool, from those ahead of it per service; a
    walk-in's count the booked holders not yet here who will be called before it."""
    if lane(ticket) in (Lane.PRIORITY, Lane.NORMAL):
        by_service = state.for_walk_in(ticket.service_id, by_service)
    return LiveFigures(
        by_service.get(ticket.service_id, 0), *state.wait(ticket.service_id, by_service)
    )


def live_figures_of_many(
    conn: sqlite3.Connection, site: Site, tickets: list[Ticket]
) -> dict[int, LiveFigures]:
    """``live_figures`` of many tickets at once, by id: per business day, the estimate's state
    and the day's waiting queue in calling order are read once, and those ahead of each ticket
    counted in one walk down it (where one ticket alone is a count in SQL)."""
    figures: dict[int, LiveFigures] = {}
    days: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        if ticket.status is not TicketStatus.WAITING:
            figures[ticket.id] = LiveFigures()
        else:
            days.setdefault(ticket.business_day.isoformat(), []).append(ticket)
    for day, of_day in days.items():
        state = estimate_state(conn, site, day, clock.now())
        wanted = {t.id: t for t in of_day if t.target_counter is None}
        for ticket in of_day:
            if ticket.target_counter is not None:
                figures[ticket.id] = live_figures(conn, site, ticket, state)
        running: dict[str, int] = {}
        rows = conn.execute(
            f"SELECT id, service_id FROM tickets WHERE status = 'waiting' AND business_day = ? "
            f"ORDER BY {lane_sql()}, {QUEUE_ORDER}",
            (day,),
        )
        for ticket_id, service_id in rows:
            mine = wanted.get(ticket_id)
            if mine is not None:
                services = pool(mine.service_id, state.counters)[0] | {mine.service_id}
                ahead = {s: running[s] for s in services if running.get(s)}
                figures[ticket_id] = _in_pool(mine, ahead, state)
            running[service_id] = running.get(service_id, 0) + 1
    return {t.id: figures.get(t.id, LiveFigures()) for t in tickets}


def _ahead_by_service(
    conn: sqlite3.Connection, ticket: Ticket, services: set[str]
) -> dict[str, int]:
    """Waiting tickets called before this one, per service of its pool (lane, then age)."""
    queue_at = to_db_time(ticket.queue_at)
    listed = sorted(services | {ticket.service_id})
    names = {f"s{i}": service for i, service in enumerate(listed)}
    rows = conn.execute(
        f"SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' "
        f"AND service_id IN ({', '.join(':' + n for n in names)}) "
        f"AND business_day = :day AND id != :id AND {called_before()} GROUP BY service_id",
        {
            **names,
            "day": ticket.business_day.isoformat(),
            "id": ticket.id,
            "lane": lane(ticket),
            "queue_at": queue_at,
        },
    ).fetchall()
    return {service_id: int(n) for service_id, n in rows}
