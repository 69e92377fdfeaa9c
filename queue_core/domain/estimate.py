"""The estimate a ticket carries: people ahead and minutes, from live service times."""

from __future__ import annotations

import math

SMOOTHING = 0.2
"""Weight of the newest service time in the moving average."""


def updated_average(previous: float, sample_minutes: float, smoothing: float = SMOOTHING) -> float:
    """The exponentially weighted moving average after one more service time."""
    return previous + smoothing * (sample_minutes - previous)


def estimate_minutes(ahead: int, average_service_minutes: float, open_counters: int) -> int:
    """Minutes until a ticket with ``ahead`` people before it is called.

    With no counter open for the service the estimate assumes one will open,
    rather than promising nothing.
    """
    counters = max(open_counters, 1)
    return math.ceil(ahead * average_service_minutes / counters)
