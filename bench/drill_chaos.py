"""The drill's faults, at planned moments of the load: SIGKILL and restart of the core,
the printer switched off and on, and the boards' connections reset now and then."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

from bench.drill_printer import DrillPrinter
from harness.proxy import CuttableProxy
from harness.server import CoreServer

__all__ = ["Chaos", "ChaosPlan"]

PRINTER_OFF_SECONDS = 0.5
CUT_EVERY = (0.2, 0.8)
"""Seconds between two cuts of boards' connections, drawn in this range."""
TICK = 0.05


def _spread(count: int, rng: random.Random) -> list[float]:
    """``count`` moments in (0, 1): one in each equal slice, away from its edges."""
    return [(i + rng.uniform(0.2, 0.8)) / count for i in range(count)]


@dataclass(frozen=True)
class ChaosPlan:
    kills: list[float]
    """Moments (share of the load done) of each SIGKILL."""
    printer_off: list[float]

    @classmethod
    def spread(cls, kills: int, printer_off: int, rng: random.Random) -> ChaosPlan:
        return cls(_spread(kills, rng), _spread(printer_off, rng))


class Chaos:
    """Runs the plan against the core, the printer and the boards' relay until ``stop()``."""

    def __init__(
        self, plan: ChaosPlan, core: CoreServer, proxy: CuttableProxy, printer: DrillPrinter
    ) -> None:
        self.kills_left = sorted(plan.kills)
        self.off_left = sorted(plan.printer_off)
        self.core = core
        self.proxy = proxy
        self.printer = printer
        self.kills = 0
        self._stopped = False

    @property
    def settled(self) -> bool:
        """Every planned fault done and undone: the core up, the printer on."""
        return not self.kills_left and not self.off_left and self.printer.is_online

    def stop(self) -> None:
        self._stopped = True

    async def run(self, progress: Callable[[], float], rng: random.Random) -> None:
        loop = asyncio.get_running_loop()
        next_cut = loop.time() + rng.uniform(*CUT_EVERY)
        back_on = 0.0
        while not self._stopped:
            done = progress()
            if self.kills_left and done >= self.kills_left[0]:
                self.kills_left.pop(0)
                await self._kill_and_restart()
            if self.off_left and done >= self.off_left[0] and self.printer.is_online:
                self.off_left.pop(0)
                await asyncio.to_thread(self.printer.offline)
                back_on = loop.time() + PRINTER_OFF_SECONDS
            if not self.printer.is_online and loop.time() >= back_on:
                await asyncio.to_thread(self.printer.online)
            if loop.time() >= next_cut:
                self.proxy.cut(rng.randint(1, max(1, self.proxy.live // 4)), rng)
                next_cut = loop.time() + rng.uniform(*CUT_EVERY)
            await asyncio.sleep(TICK)

    async def _kill_and_restart(self) -> None:
        await asyncio.to_thread(self.core.kill)
        self.kills += 1
        await asyncio.to_thread(self.core.start)
