"""The drill's load from the day simulator: a planned day squeezed into the drill's length,
played by ``simulator.run_day`` against a core whose clock runs at the same speed."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from datetime import time as clock_time

from bench.drill_load import Ack, Going
from queue_core.domain import Site
from simulator.plan import DayPlan, make_plan
from simulator.runner import Clerk, DayResult, SimEvent, run_day

__all__ = ["SimLoad"]

DAY = (clock_time(7, 0), clock_time(17, 0))
"""The part of the day planned: the centre's busy hours."""
EARLY = timedelta(minutes=10)
"""The core's clock starts this long before the first arrivals, so counters open first."""


class SimLoad:
    """One planned day of ``tickets`` arrivals, played in about ``seconds`` of wall time."""

    def __init__(self, site: Site, tickets: int, seconds: float, seed: int) -> None:
        day = datetime.now(site.timezone).date()
        self.plan: DayPlan = make_plan(site, day, seed, DAY[0], DAY[1], tickets=tickets)
        self.speed = (self.plan.end - self.plan.start).total_seconds() / seconds
        self.acknowledged = 0
        self.issues_lost = 0
        """Issue requests that got no answer: each may have left a ticket without its 201."""
        self.result: DayResult | None = None
        self.retried: Counter[str] = Counter()
        """Requests the simulator had to retry, by what they were."""
        self._anchor: tuple[float, datetime] | None = None

    @property
    def issued(self) -> int:
        return len(self.plan.citizens)

    def progress(self) -> float:
        return self.acknowledged / max(1, len(self.plan.citizens))

    def clock(self) -> tuple[datetime, float]:
        """Where the core's clock starts (again): the simulated now, at the run's speed.

        Before the run has heard the core's time, it is counted from the first start, which
        is a little ahead of the core's own clock (that starts once the core has loaded).
        """
        if self._anchor is None:
            self._anchor = (time.monotonic(), self.plan.start - EARLY)
        wall, moment = self._anchor
        return moment + timedelta(seconds=(time.monotonic() - wall) * self.speed), self.speed

    def on_event(self, event: SimEvent) -> None:
        if event.at is not None:
            self._anchor = (time.monotonic(), event.at)
        if event.kind == "issued":
            self.acknowledged += 1
        elif event.kind == "core_away":
            self.retried[event.detail.split(" ")[0]] += 1
            if event.detail == "issue" and event.status is None:
                self.issues_lost += 1

    async def run(
        self, core_url: str, kiosk_token: str, clerks: Sequence[Clerk], going: Going
    ) -> None:
        """The day, to its end (the plan's, not ``going``'s: the simulator owns its day)."""
        self.result = await run_day(
            core_url,
            self.plan,
            speed=self.speed,
            kiosk_token=kiosk_token,
            clerks=clerks,
            on_event=self.on_event,
        )

    def acks(self) -> list[Ack]:
        if self.result is None:
            return []
        return [
            Ack(t.id, t.service_id, t.number, t.business_day.isoformat())
            for t in self.result.tickets
        ]

    def server_errors(self) -> list[str]:
        if self.result is None:
            return []
        return [f"{e.status} {e.request}: {e.message}" for e in self.result.server_errors]

    def summary(self) -> str:
        if self.result is None:
            return "simulator: no result"
        r = self.result
        return (
            f"simulator: speed {self.speed:.0f}x, {len(self.plan.citizens)} citizens planned, "
            f"{r.unavailable} requests retried {dict(self.retried)}, refused {r.refused}, "
            f"{r.unknown_calls} calls of tickets it did not issue, drained {r.drained}, "
            f"{r.wall_seconds:.0f} s"
        )
