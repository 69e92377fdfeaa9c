"""A realistic day at the sample centre, for the report docs: about 300 tickets between 07:30
and 17:00 with a morning and an afternoon peak, twelve counters with their clerks, some
no-shows and ratings, all through the store's commands at their simulated times.

    .venv/bin/python -m tests.queue_core.reports_day var/report-day.db

then ``luot-core --db var/report-day.db report --from 2026-11-25 --to 2026-11-25 ...``.
"""

from __future__ import annotations

import heapq
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from queue_core.config import SAMPLE_SITE
from queue_core.domain import (
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    RateTicket,
    Recall,
    Role,
    SetCounterState,
    StartService,
    Ticket,
)
from queue_core.store import Store, add_staff

DAY = date(2026, 11, 25)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CLERKS = (
    ("lan.nguyen", "Nguyễn Thị Lan"),
    ("minh.tran", "Trần Văn Minh"),
    ("hoa.le", "Lê Thị Hoa"),
    ("tuan.pham", "Phạm Anh Tuấn"),
    ("thu.vo", "Võ Thị Thu"),
    ("duc.hoang", "Hoàng Minh Đức"),
    ("mai.dang", "Đặng Thị Mai"),
    ("khoa.bui", "Bùi Đăng Khoa"),
    ("ngoc.do", "Đỗ Bảo Ngọc"),
    ("hai.ngo", "Ngô Thanh Hải"),
    ("yen.duong", "Dương Hải Yến"),
    ("son.ly", "Lý Trường Sơn"),
)
# How often each service is asked for on an ordinary day (the rest: weight 1).
DEMAND = {
    "stp-lltp": 14,
    "stp-chungthuc": 16,
    "stnmt-gcn": 9,
    "stnmt-biendong": 8,
    "skhdt-dkdn": 6,
    "sgtvt-gplx": 12,
    "bhxh-bhyt": 10,
    "bhxh-chedo": 5,
    "thue-dangky": 4,
    "thue-truocba": 6,
    "tra-ketqua": 14,
    "sldtbxh-thatnghiep": 5,
}
RATINGS = (0.55, 0.3, 0.11, 0.04)


def local(hours: float) -> datetime:
    moment = datetime.combine(DAY, time(0), tzinfo=ZONE) + timedelta(hours=hours)
    return moment.astimezone(UTC)


def arrivals(rng: random.Random, count: int) -> list[float]:
    """Hours of the day: a morning peak near 9:00 and a smaller one near 14:30."""
    out: list[float] = []
    while len(out) < count:
        if rng.random() < 0.62:
            hour = rng.gauss(9.0, 0.85)
            if 7.5 <= hour < 11.5:
                out.append(hour)
        else:
            hour = rng.gauss(14.6, 0.8)
            if 13.5 <= hour < 17.0:
                out.append(hour)
    return sorted(out)


@dataclass(order=True)
class _Step:
    at: float
    order: int
    action: str = field(compare=False)
    data: Any = field(compare=False)


class Day:
    """A discrete-event run of one day: arrivals, counters calling when free."""

    def __init__(self, store: Store, seed: int = 2026) -> None:
        self.store, self.rng = store, random.Random(seed)
        self.site = store.site
        self.steps: list[_Step] = []
        self.idle: set[int] = set()
        self.count = 0

    def push(self, at: float, action: str, data: Any) -> None:
        self.count += 1
        heapq.heappush(self.steps, _Step(at, self.count, action, data))

    def run(self, tickets: int) -> None:
        services = [s.id for s in self.site.services]
        weights = [DEMAND.get(s, 1) for s in services]
        for hour in arrivals(self.rng, tickets):
            self.push(hour, "issue", self.rng.choices(services, weights)[0])
        for counter, (username, _name) in zip(self.site.counters, CLERKS, strict=False):
            self.store.execute(
                SetCounterState(counter.number, CounterState.OPEN, username), local(7.5)
            )
            self.idle.add(counter.number)
        while self.steps:
            step = heapq.heappop(self.steps)
            getattr(self, f"_{step.action}")(step.at, step.data)

    def _issue(self, at: float, service: str) -> None:
        self.store.execute(IssueTicket(service), local(at))
        for counter in sorted(self.idle):
            if service in self.site.counter(counter).services:  # type: ignore[union-attr]
                self.idle.discard(counter)
                self.push(at + self.rng.uniform(0.01, 0.05), "call", counter)
                return

    def _call(self, at: float, counter: int) -> None:
        ticket = self.store.execute(CallNext(counter), local(at)).result
        if ticket is None:
            self.idle.add(counter)
            return
        assert isinstance(ticket, Ticket)
        if self.rng.random() < 0.04:
            self.push(at + 0.03, "recall", counter)
            return
        service = self.site.service(ticket.service_id)
        mean = service.average_service_minutes if service else 8.0
        minutes = max(1.5, self.rng.lognormvariate(0, 0.4) * mean)
        self.push(at + 0.012, "start", counter)
        self.push(at + 0.012 + minutes / 60, "finish", (counter, ticket.id))

    def _recall(self, at: float, counter: int) -> None:
        self.store.execute(Recall(counter), local(at))
        self.push(at + 0.04, "no_show", counter)

    def _no_show(self, at: float, counter: int) -> None:
        self.store.execute(MarkNoShow(counter), local(at))
        self.push(at + 0.005, "call", counter)

    def _start(self, at: float, counter: int) -> None:
        self.store.execute(StartService(counter), local(at))

    def _finish(self, at: float, data: tuple[int, int]) -> None:
        counter, ticket_id = data
        self.store.execute(FinishService(counter), local(at))
        if self.rng.random() < 0.7:
            score = self.rng.choices(range(1, 5), RATINGS)[0]
            self.store.execute(RateTicket(ticket_id, score, counter=counter), local(at + 0.005))
        self.push(at + self.rng.uniform(0.005, 0.02), "call", counter)


def make_day(path: Path, tickets: int = 300) -> Path:
    store = Store.open(path)
    try:
        store.conn.execute("PRAGMA synchronous=OFF")  # a throwaway file: no fsync per command
        store.import_site(SAMPLE_SITE.read_text(encoding="utf-8"), local(7))
        with store.transaction() as conn:
            for username, name in CLERKS:
                add_staff(conn, username, name, Role.CLERK, "2468", "Chuyên viên")
        Day(store).run(tickets)
    finally:
        store.close()
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/report-day.db")
    target.unlink(missing_ok=True)
    print(make_day(target))
