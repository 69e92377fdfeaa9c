"""The simulated clock on this side: the core's "now", read off its answers, run at a speed."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta


class SimClock:
    """Simulated time = the core's time at a calibration + wall time since × ``speed``.

    Calibrated once, from the first time the core stamps for us (a counter opened, a ticket
    issued): after that the run keeps its own time even if the core restarts with a clock
    that starts again, so its schedule does not jump.
    """

    def __init__(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("the speed must be positive")
        self.speed = speed
        self._anchor: tuple[float, datetime] | None = None
        self.calibrated = asyncio.Event()

    def calibrate(self, core_time: datetime, sent: float, received: float) -> None:
        """The core said ``core_time`` between wall moments ``sent`` and ``received``."""
        if self._anchor is None:
            self._anchor = ((sent + received) / 2, core_time)
            self.calibrated.set()

    def now(self) -> datetime:
        if self._anchor is None:
            raise RuntimeError("the simulated clock has not been calibrated yet")
        wall, moment = self._anchor
        return moment + timedelta(seconds=(time.monotonic() - wall) * self.speed)

    def wall_seconds(self, sim_minutes: float) -> float:
        return max(sim_minutes, 0.0) * 60 / self.speed

    async def sleep(self, sim_minutes: float) -> None:
        await asyncio.sleep(self.wall_seconds(sim_minutes))

    async def sleep_until(self, moment: datetime) -> None:
        await self.sleep((moment - self.now()).total_seconds() / 60)
