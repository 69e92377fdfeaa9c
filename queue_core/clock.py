"""The core's sense of now: the wall clock, or a simulated one running from a start at a speed."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


def simulated_clock(start: datetime, speed: float = 1.0) -> Clock:
    """Now is ``start`` plus the wall time since this call, ``speed`` times faster.

    The simulator runs a whole day in minutes with it, and every time the core
    stamps (issue, call, stats, estimates, business day) follows the same day.
    """
    if start.tzinfo is None:
        raise ValueError("the simulated clock's start needs a UTC offset")
    if speed <= 0:
        raise ValueError("the clock's speed must be positive")
    origin = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=(time.monotonic() - origin) * speed)

    return now


_clock: Clock = wall_clock


def now() -> datetime:
    """What the core takes to be now (aware, UTC or the simulated start's offset)."""
    return _clock()


def use(clock: Clock) -> None:
    """Set the process's clock: once, at start, before serving (``luot-core serve --at``)."""
    global _clock
    _clock = clock
