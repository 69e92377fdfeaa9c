"""Days at centres for the provincial console's tests and screenshots: each centre's days run
through the core's own store (arrivals with a morning and an afternoon peak, counters calling
when free, some no-shows and ratings, the day's end), its event log as the core keeps it,
shipped to the province as the shipper does — so that every page is drawn from shipped events.

The console is shown at a fixed moment (``NOW``: Wednesday 25 November 2026, 10:30 in Hà Nội),
today's days stop there; a centre's days are its weekdays before it."""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from harness.province import add_centre, ship
from queue_core.config import SAMPLE_SITE
from queue_core.domain import (
    Alert,
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    RateTicket,
    Recall,
    SetCounterState,
    StartService,
    SyncAlerts,
    Ticket,
)
from queue_core.dossiers.service import import_file
from queue_core.store import Store

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 25)
NOW = datetime.combine(TODAY, time(10, 30), tzinfo=ZONE).astimezone(UTC)
"""The moment the console is shown at: 10:30 on a Wednesday, in the morning's work."""
DEMAND = {
    "stp-lltp": 14, "stp-chungthuc": 16, "stnmt-gcn": 9, "stnmt-biendong": 8,
    "skhdt-dkdn": 6, "sgtvt-gplx": 12, "bhxh-bhyt": 10, "bhxh-chedo": 5, "thue-dangky": 4,
    "thue-truocba": 6, "tra-ketqua": 14, "sldtbxh-thatnghiep": 5,
}  # fmt: skip
RATINGS = (0.55, 0.3, 0.11, 0.04)
CLERKS = ("lan.nguyen", "minh.tran", "hoa.le", "tuan.pham", "thu.vo", "duc.hoang", "mai.dang",
          "khoa.bui", "ngoc.do", "hai.ngo", "yen.duong", "son.ly")  # fmt: skip


def local(day: date, hours: float) -> datetime:
    return (datetime.combine(day, time(0), tzinfo=ZONE) + timedelta(hours=hours)).astimezone(UTC)


def weekdays_before(day: date, count: int) -> list[date]:
    """The ``count`` weekdays before ``day``, oldest first."""
    out: list[date] = []
    while len(out) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            out.append(day)
    return out[::-1]


@dataclass(order=True)
class _Step:
    at: float
    order: int
    action: str = field(compare=False)
    data: Any = field(compare=False)


class _Day:
    """A discrete-event run of one day at a centre: arrivals, counters calling when free."""

    def __init__(self, store: Store, day: date, rng: random.Random, pace: float) -> None:
        self.store, self.day, self.rng, self.pace = store, day, rng, pace
        self.site = store.site
        self.steps: list[_Step] = []
        self.idle: set[int] = set()
        self.count = 0
        self.raised: list[Alert] = []

    def at(self, hours: float) -> datetime:
        return local(self.day, hours)

    def push(self, at: float, action: str, data: Any) -> None:
        self.count += 1
        heapq.heappush(self.steps, _Step(at, self.count, action, data))

    def arrivals(self, count: int, until: float) -> list[float]:
        out: list[float] = []
        while len(out) < count:
            if self.rng.random() < 0.62:
                hour = self.rng.gauss(9.0, 0.85)
                ok = 7.5 <= hour < 11.5
            else:
                hour = self.rng.gauss(14.6, 0.8)
                ok = 13.5 <= hour < 17.0
            if ok:
                out.append(hour)
        return sorted(hour for hour in out if hour < until)  # today: those come by now

    def run(self, tickets: int, counters: Sequence[int], until: float) -> None:
        """``tickets`` arrivals for the services the ``counters`` serve, up to ``until``."""
        staffed = {s for n in counters for s in self.site.counter(n).services}  # type: ignore[union-attr]
        services = [s.id for s in self.site.services if s.id in staffed]
        weights = [DEMAND.get(s, 1) for s in services]
        for hour in self.arrivals(tickets, until):
            self.push(hour, "issue", self.rng.choices(services, weights)[0])
        for number in counters:
            clerk = CLERKS[(number - 1) % len(CLERKS)]
            self.store.execute(SetCounterState(number, CounterState.OPEN, clerk), self.at(7.5))
            self.idle.add(number)
        while self.steps and self.steps[0].at < until:
            step = heapq.heappop(self.steps)
            getattr(self, f"_{step.action}")(step.at, step.data)

    def _issue(self, at: float, service: str) -> None:
        self.store.execute(IssueTicket(service), self.at(at))
        for counter in sorted(self.idle):
            if service in self.site.counter(counter).services:  # type: ignore[union-attr]
                self.idle.discard(counter)
                self.push(at + self.rng.uniform(0.01, 0.05), "call", counter)
                return

    def _call(self, at: float, counter: int) -> None:
        ticket = self.store.execute(CallNext(counter), self.at(at)).result
        if ticket is None:
            self.idle.add(counter)
            return
        assert isinstance(ticket, Ticket)
        if self.rng.random() < 0.05:
            self.push(at + 0.03, "recall", counter)
            return
        service = self.site.service(ticket.service_id)
        mean = (service.average_service_minutes if service else 8.0) * self.pace
        minutes = max(1.5, self.rng.lognormvariate(0, 0.4) * mean)
        self.push(at + 0.012, "start", counter)
        self.push(at + 0.012 + minutes / 60, "finish", (counter, ticket.id))

    def _late(self, at: float, service: str) -> None:
        self.store.execute(IssueTicket(service), self.at(at))

    def _alert(self, at: float, alert: Alert) -> None:
        self.raised.append(alert)
        self.store.execute(SyncAlerts(tuple(self.raised)), self.at(at))

    def _recall(self, at: float, counter: int) -> None:
        self.store.execute(Recall(counter), self.at(at))
        self.push(at + 0.04, "no_show", counter)

    def _no_show(self, at: float, counter: int) -> None:
        self.store.execute(MarkNoShow(counter), self.at(at))
        self.push(at + 0.005, "call", counter)

    def _start(self, at: float, counter: int) -> None:
        self.store.execute(StartService(counter), self.at(at))

    def _finish(self, at: float, data: tuple[int, int]) -> None:
        counter, ticket_id = data
        self.store.execute(FinishService(counter), self.at(at))
        if self.rng.random() < 0.7:
            score = self.rng.choices(range(1, 5), RATINGS)[0]
            self.store.execute(RateTicket(ticket_id, score, counter=counter), self.at(at + 0.005))
        self.push(at + self.rng.uniform(0.005, 0.02), "call", counter)


def run_day(
    store: Store, day: date, rng: random.Random, tickets: int, counters: Sequence[int]
) -> None:
    """One whole day at a centre in ``store``: ``tickets`` arrivals, ``counters`` open."""
    _Day(store, day, rng, 1.0).run(tickets, counters, 24)


@dataclass(frozen=True)
class CentrePlan:
    """A centre and what happens at it."""

    code: str
    name: str
    tickets: int = 60
    """Tickets on an ordinary day."""
    days: int = 4
    """Weekdays before today."""
    counters: tuple[int, ...] = (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12)
    """The counters open each day; tickets are issued for the services they serve."""
    pace: float = 1.0
    """Service times against the site's averages: above 1, a slow centre (longer waits)."""
    seed: int = 2026
    alerts: tuple[tuple[float, Alert], ...] = ()
    """Alerts its console raised today, at these hours."""
    late: tuple[tuple[float, str], ...] = ()
    """Today: tickets issued at these hours for services no open counter serves (they wait
    until the day's end cancels them)."""
    dossiers: bool = False
    """The sample e-system export imported on its first day (November's dossiers)."""


def run_centre(db: Path, plan: CentrePlan, until: float = 10.5) -> list[dict[str, Any]]:
    """The centre's days in a store at ``db``: ``plan.days`` weekdays, then today up to
    ``until`` (hours, local); its event log."""
    store = Store.open(db)
    try:
        store.conn.execute("PRAGMA synchronous=OFF")
        days = weekdays_before(TODAY, plan.days)
        store.import_site(SAMPLE_SITE.read_text(encoding="utf-8"), local(days[0], 7))
        if plan.dossiers:
            import_file(store, SAMPLE_SITE.parent / "samples" / "dossiers.csv", local(days[0], 7))
        rng = random.Random(plan.seed)
        for day in days:
            size = max(5, int(plan.tickets * rng.uniform(0.8, 1.2)))
            _Day(store, day, rng, plan.pace).run(size, plan.counters, 24)
        today = _Day(store, TODAY, rng, plan.pace)
        for hours, service in plan.late:
            today.push(hours, "late", service)
        for hours, alert in plan.alerts:
            today.push(hours, "alert", alert)
        today.run(plan.tickets, plan.counters, until)
        return store.events_since(0, 10_000_000)
    finally:
        store.close()


def backup_stale(hours_since: int = 3) -> Alert:
    return Alert(
        "backup:stale",
        "backup_stale",
        "backup",
        f"Chưa sao lưu được {hours_since} giờ qua",
        f"No backup for {hours_since} hours",
    )


def ship_centre(
    dsn: str, url: str, client: httpx.Client, plan: CentrePlan, folder: Path, until: float = 10.5
) -> int:
    """The centre registered with the sample site file, its days run and its log shipped; the
    seq the province holds."""
    token = add_centre(dsn, plan.code, plan.name, SAMPLE_SITE)
    log = run_centre(folder / f"{plan.code}.db", plan, until)
    return ship(client, url, token, plan.code, log, 2000)
