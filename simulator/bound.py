"""The best an estimate could do on a recorded day: knowing each visit's length, or each
visit's distribution.

Replaying the event log, at each issue the waiting tickets ahead in the ticket's pool are
handed, with their real minutes at a counter, to whichever open counter is free first
(each busy one free when its ticket really ended). What such a clairvoyant estimate still
misses is only what nobody could count at the time: tickets issued later that passed ahead
(priority, transfers back to the front). Its error beside the printed estimate's shows how
much of the latter is how much visits vary, which no estimate from averages can remove.

The *best* estimate (``best_waits``) knows no single visit but everything else: the true
distribution of every service's visits (the simulation's own), and when the priority
citizens who will pass ahead are going to come. The median of the wait that follows from
that, by Monte Carlo, is the point that minimises the expected absolute error: no
estimate from the hall's state can beat its MAE, short of luck.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

from queue_core.domain import OpenCounter, Site, pool, serving_pool
from simulator.clerks import RECALL_GAP_MINUTES
from simulator.plan import DayPlan, Parameters, lognormal_minutes
from simulator.replay import LEAVES_COUNTER, Moment, events, issues, lane, moments

_ENDS = ("ticket.finished", "ticket.no_show", "ticket.transferred")


def visit_minutes(db: Path) -> dict[int, list[float]]:
    """Each ticket's minutes at a counter, call to end, per visit (a transfer makes two)."""
    called: dict[int, datetime] = {}
    visits: dict[int, list[float]] = {}
    for kind, at, _counter, ticket in events(db):
        if ticket is None:
            continue
        if kind == "ticket.called":
            called[ticket["id"]] = at
        elif kind in _ENDS and ticket["id"] in called:
            began = called.pop(ticket["id"])
            visits.setdefault(ticket["id"], []).append((at - began).total_seconds() / 60)
    return visits


@dataclass
class _Hall:
    """The queue as the event log leaves it after each event."""

    site: Site
    visits: dict[int, list[float]]
    waiting: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    """ticket id -> (service, lane, visit number it waits for)"""
    counter_state: dict[int, str] = field(default_factory=dict)
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
            if self.counter_state.get(n := c.number) == "open"
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
        mine = lane(ticket)
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
            self.waiting[ticket_id] = (ticket["service_id"], lane(ticket), visit)
        elif kind == "ticket.called" and counter is not None:
            _, _, visit = self.waiting.pop(ticket_id, ("", 0, self.seen_visits.get(ticket_id, 0)))
            self.seen_visits[ticket_id] = visit + 1
            self.holding[counter] = (ticket_id, at, self.minutes(ticket_id, visit))
        elif kind == "ticket.cancelled":
            self.waiting.pop(ticket_id, None)
        if kind in LEAVES_COUNTER and counter is not None:
            held = self.holding.get(counter)
            if held is not None and held[0] == ticket_id:
                del self.holding[counter]


def clairvoyant_waits(db: Path, site: Site) -> dict[int, float]:
    """For each ticket, the wait a clairvoyant estimate would have printed at its issue."""
    hall = _Hall(site, visit_minutes(db))
    return {ticket["id"]: hall.wait(ticket, at) for ticket, at in issues(db, hall)}


@dataclass(frozen=True)
class VisitModel:
    """How long visits really are in the simulation (see ``simulator.plan``)."""

    means: Mapping[str, float]
    """Mean minutes of service per service, walk excluded."""
    sigma: float
    walk: tuple[float, float]
    no_show_share: float = 0.0
    no_show_minutes: float = 2.0
    """A no-show holds the counter for the recalls' waits."""

    @classmethod
    def of(cls, plan: DayPlan, params: Parameters) -> VisitModel:
        """The model the plan's citizens were drawn from (transfers left out: 4 %)."""
        return cls(
            plan.mean_minutes,
            params.service_sigma,
            params.walk_minutes,
            params.no_show_share,
            RECALL_GAP_MINUTES * (plan.recalls_before_no_show + 1),
        )

    def draw(self, rng: random.Random, service_id: str) -> float:
        if rng.random() < self.no_show_share:
            return self.no_show_minutes
        mean = self.means.get(service_id, 8.0)
        return lognormal_minutes(rng, mean, self.sigma) + rng.uniform(*self.walk)

    def draw_after(self, rng: random.Random, service_id: str, elapsed: float) -> float:
        """The rest of a visit already ``elapsed`` minutes long (by rejection)."""
        for _ in range(200):
            length = self.draw(rng, service_id)
            if length > elapsed:
                return length - elapsed
        return self.means.get(service_id, 8.0) / 2


def _one_wait(
    rng: random.Random,
    model: VisitModel,
    members: Sequence[OpenCounter],
    ahead: Sequence[str],
    passing: Sequence[tuple[float, str]],
) -> float:
    """One draw of the wait: counters take the priority citizens come by then, else the
    next ticket ahead, until one is free with nobody left before ours."""
    heap = sorted(
        model.draw_after(rng, c.busy_service, c.busy_minutes) if c.busy_service else 0.0
        for c in members
    )
    queue = list(ahead)
    arrived = 0
    while True:
        free = heap[0]
        if arrived < len(passing) and passing[arrived][0] <= free:
            heapq.heapreplace(heap, free + model.draw(rng, passing[arrived][1]))
            arrived += 1
        elif queue:
            heapq.heapreplace(heap, free + model.draw(rng, queue.pop(0)))
        else:
            return free


RATE_WINDOW_MINUTES = 45.0
"""Not foreseeing the priority citizens, the best knows their rate: those of the pool issued
this long before and after the ticket, spread evenly over that time."""
_HORIZON_MINUTES = 600.0


def _draws(
    moment: Moment,
    later: Sequence[Moment],
    model: VisitModel,
    rng: random.Random,
    draws: int,
    nearby: Sequence[Moment] | None = None,
) -> list[float]:
    """Draws of the wait. The priority citizens who pass come when ``later`` says they came, or,
    given ``nearby`` (the day's issues), as a Poisson stream at their rate around the issue."""
    service_id = moment.ticket["service_id"]
    services, members = serving_pool(service_id, moment.counters)
    ahead = moment.ahead()
    queue = [s for s in sorted(services) for _ in range(ahead.get(s, 0))]
    if moment.ticket.get("priority"):
        return sorted(_one_wait(rng, model, members, queue, []) for _ in range(draws))
    if nearby is None:
        passing = [
            ((m.at - moment.at).total_seconds() / 60, m.ticket["service_id"])
            for m in later
            if m.ticket.get("priority") and m.ticket["service_id"] in services
        ]
        return sorted(_one_wait(rng, model, members, queue, passing) for _ in range(draws))
    around = [
        m.ticket["service_id"]
        for m in nearby
        if m.ticket.get("priority")
        and m.ticket["service_id"] in services
        and m is not moment
        and abs((m.at - moment.at).total_seconds()) <= RATE_WINDOW_MINUTES * 60
    ]
    rate = len(around) / (2 * RATE_WINDOW_MINUTES)
    return sorted(
        _one_wait(rng, model, members, queue, _stream(rng, rate, around)) for _ in range(draws)
    )


def _stream(rng: random.Random, rate: float, services: Sequence[str]) -> list[tuple[float, str]]:
    """Arrivals at ``rate`` a minute from now on, each of one of ``services``."""
    out: list[tuple[float, str]] = []
    at = 0.0
    while rate > 0:
        at += rng.expovariate(rate)
        if at > _HORIZON_MINUTES:
            break
        out.append((at, rng.choice(services)))
    return out


@dataclass(frozen=True)
class BestWait:
    """What the true distributions say of one ticket's wait: its median, and the shortest
    interval holding ``coverage`` of the draws (the narrowest honest range)."""

    median: float
    low: float
    high: float


def _summary(draws: Sequence[float], coverage: float) -> BestWait:
    inside = max(1, round(coverage * len(draws)))
    start = min(range(len(draws) - inside + 1), key=lambda i: draws[i + inside - 1] - draws[i])
    return BestWait(median(draws), draws[start], draws[start + inside - 1])


def best_intervals(
    db: Path,
    site: Site,
    model: VisitModel,
    draws: int = 200,
    seed: int = 0,
    coverage: float = 0.8,
    foresee: bool = True,
) -> dict[int, BestWait]:
    """For each ticket, its wait's median and narrowest ``coverage`` interval, given the hall
    at its issue, the true distribution of every visit and the priority citizens still to
    come (``foresee``: when each came; else only their rate, ``RATE_WINDOW_MINUTES``)."""
    rng = random.Random(seed)
    seen = moments(db, site)
    nearby = None if foresee else seen
    return {
        m.ticket["id"]: _summary(_draws(m, seen[i + 1 :], model, rng, draws, nearby), coverage)
        for i, m in enumerate(seen)
    }


def best_waits(
    db: Path, site: Site, model: VisitModel, draws: int = 200, seed: int = 0
) -> dict[int, float]:
    """For each ticket, the median of its wait (see ``best_intervals``)."""
    return {k: b.median for k, b in best_intervals(db, site, model, draws, seed).items()}
