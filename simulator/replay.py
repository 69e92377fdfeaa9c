"""Estimators scored offline on a recorded day: the event log replayed into what each issue saw.

The estimate does not change what happens in the hall, so a day recorded once (the
database ``luot-sim`` leaves) scores any variant of it: at each ``ticket.issued`` the
replay rebuilds what the core read then (waiting tickets per service and lane, the
moving averages, the open counters and the tickets they hold) and asks the variant;
the actual wait is the ticket's first call. ``estimate.wait_minutes`` itself gives the
printed figures back, which checks the replay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol

from queue_core.domain import OpenCounter, Site, waits_for
from queue_core.domain import lane as domain_lane
from queue_core.domain.estimate import settled_averages, updated_average
from queue_core.store import Store, from_db_time, row_to_ticket

LEAVES_COUNTER = ("ticket.finished", "ticket.no_show", "ticket.transferred", "ticket.cancelled")


def lane(ticket: Mapping[str, Any]) -> int:
    """The core's lane (``domain.lane``) of a ticket as the event log stores it."""
    return domain_lane(row_to_ticket(ticket))


@dataclass(frozen=True)
class Moment:
    """What the core knew when a ticket was issued."""

    ticket: Mapping[str, Any]
    at: datetime
    waiting: Mapping[str, Mapping[int, int]]
    """service -> lane -> waiting tickets"""
    averages: Mapping[str, float]
    """As the estimate uses them (``estimate.settled_averages``)."""
    samples: Mapping[str, int]
    counters: tuple[OpenCounter, ...]
    paused: tuple[int, ...]
    """Counters paused (staffed, away for now)."""
    history: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    """Per service, every visit timed so far (call to finish), oldest first."""

    def ahead(self) -> dict[str, int]:
        """Per service, the waiting tickets called before this one (by lane)."""
        last = lane(self.ticket)
        return {
            s: sum(n for lane, n in lanes.items() if lane <= last)
            for s, lanes in self.waiting.items()
        }


Estimator = Callable[[Moment], float]


@dataclass
class Scored:
    """One issued ticket: the printed estimate, a variant's, the actual wait."""

    id: int
    service_id: str
    priority: bool
    hour: int
    printed: int
    estimate: float
    wait: float | None


@dataclass
class _State:
    site: Site
    waiting: dict[int, tuple[str, int]] = field(default_factory=dict)
    averages: dict[str, float] = field(default_factory=dict)
    samples: dict[str, int] = field(default_factory=dict)
    counter_state: dict[int, str] = field(default_factory=dict)
    holding: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    history: dict[str, list[float]] = field(default_factory=dict)

    def moment(self, ticket: Mapping[str, Any], at: datetime) -> Moment:
        waiting: dict[str, dict[int, int]] = {}
        for service, lane in self.waiting.values():
            lanes = waiting.setdefault(service, {})
            lanes[lane] = lanes.get(lane, 0) + 1
        counters = []
        for c in self.site.counters:
            if self.counter_state.get(c.number) != "open":
                continue
            held = self.holding.get(c.number)
            if held is None:
                counters.append(OpenCounter(c.number, c.services))
            else:
                busy = max((at - held[1]).total_seconds() / 60, 0.0)
                counters.append(OpenCounter(c.number, c.services, held[0], busy))
        configured = {s.id: float(s.average_service_minutes) for s in self.site.services}
        learned = {s: (a, self.samples.get(s, 0)) for s, a in self.averages.items()}
        averages = settled_averages(configured, learned)
        paused = tuple(n for n, s in self.counter_state.items() if s == "paused")
        return Moment(
            ticket,
            at,
            waiting,
            averages,
            dict(self.samples),
            tuple(counters),
            paused,
            {k: tuple(v) for k, v in self.history.items()},
        )

    def apply(self, kind: str, at: datetime, counter: int | None, t: Mapping[str, Any]) -> None:
        tid = t["id"]
        if kind in ("ticket.issued", "ticket.transferred"):
            self.waiting[tid] = (t["service_id"], lane(t))
        elif kind == "ticket.called":
            self.waiting.pop(tid, None)
            if counter is not None:
                self.holding[counter] = (t["service_id"], datetime.fromisoformat(t["called_at"]))
        elif kind == "ticket.cancelled":
            self.waiting.pop(tid, None)
        if kind == "ticket.finished":
            began = datetime.fromisoformat(t["called_at"] or t["started_at"])
            sample = (at - began).total_seconds() / 60
            sid = t["service_id"]
            configured = self.site.service(sid)
            previous = self.averages.get(
                sid, configured.average_service_minutes if configured else 8.0
            )
            self.averages[sid] = updated_average(previous, sample, self.samples.get(sid, 0))
            self.samples[sid] = self.samples.get(sid, 0) + 1
            self.history.setdefault(sid, []).append(sample)
        if kind in LEAVES_COUNTER and counter is not None:
            self.holding.pop(counter, None)


def events(db: Path) -> Iterator[tuple[str, datetime, int | None, dict[str, Any] | None]]:
    """A recorded day's event log, in order: type, time, counter, the ticket's row."""
    store = Store.open(db)
    try:
        last = 0
        while page := store.events_since(last):
            for body in page:
                yield body["type"], from_db_time(body["at"]), body["counter"], body["ticket"]
            last = page[-1]["seq"]
    finally:
        store.close()


class Replayed(Protocol):
    """A hall rebuilt from the log: counters' states, who each holds, and every ticket event."""

    counter_state: dict[int, str]
    holding: dict[int, Any]

    def apply(self, kind: str, at: datetime, counter: int | None, t: dict[str, Any]) -> None: ...


def issues(db: Path, hall: Replayed) -> Iterator[tuple[dict[str, Any], datetime]]:
    """Each issued ticket and its time, with ``hall`` as the log left it just before."""
    for kind, at, counter, ticket in events(db):
        if kind.startswith("counter.") and counter is not None:
            hall.counter_state[counter] = kind.removeprefix("counter.").replace("opened", "open")
            if kind == "counter.closed":
                hall.holding.pop(counter, None)
            continue
        if ticket is None:
            continue
        if kind == "ticket.issued":
            yield ticket, at
        hall.apply(kind, at, counter, ticket)


def moments(db: Path, site: Site) -> list[Moment]:
    """What each issue saw, in the order of the day."""
    state = _State(site)
    return [state.moment(ticket, at) for ticket, at in issues(db, state)]


def actual_waits(db: Path) -> dict[int, float]:
    """Each called ticket's wait, issue to first call, in minutes."""
    store = Store.open(db)
    try:
        called = store.tickets(called=True)
    finally:
        store.close()
    return {
        t.id: (t.first_called_at - t.issued_at).total_seconds() / 60
        for t in called
        if t.first_called_at is not None
    }


def idle_while_waiting(db: Path, site: Site) -> float:
    """Counter-minutes between a counter's end of a visit and its next call while a ticket it
    may call waited: the run's own delays (clerks' requests on a loaded machine), not the
    hall's, which a simulated clerk calls at once."""
    services = {c.number: c.services for c in site.counters}
    waiting: dict[int, Any] = {}
    ended: dict[int, datetime] = {}
    idle = 0.0
    for kind, at, counter, ticket in events(db):
        if ticket is None:
            continue
        if kind in ("ticket.issued", "ticket.transferred"):
            waiting[ticket["id"]] = row_to_ticket(ticket)
        elif kind in ("ticket.called", "ticket.cancelled"):
            waiting.pop(ticket["id"], None)
        if kind == "ticket.called" and counter in ended:
            idle += (at - ended.pop(counter)).total_seconds() / 60
        elif kind in LEAVES_COUNTER and counter is not None:
            mine = services.get(counter, ())
            if any(waits_for(t, counter, mine) for t in waiting.values()):
                ended[counter] = at
    return idle


def score(
    seen: list[Moment], waits: Mapping[int, float], estimator: Estimator, tz: tzinfo
) -> list[Scored]:
    return [
        Scored(
            m.ticket["id"],
            m.ticket["service_id"],
            bool(m.ticket.get("priority")),
            m.at.astimezone(tz).hour,
            int(m.ticket.get("estimate_minutes") or 0),
            estimator(m),
            waits.get(m.ticket["id"]),
        )
        for m in seen
    ]


def mae_share(rows: list[Scored], hour: int | None = None) -> float:
    """Σ|estimate − wait| / Σ wait over the called tickets (of one hour of issue)."""
    picked = [r for r in rows if r.wait is not None and (hour is None or r.hour == hour)]
    total = sum(r.wait or 0.0 for r in picked)
    return sum(abs(r.estimate - (r.wait or 0.0)) for r in picked) / total if total else 0.0
