"""The hourly arrival profile: when in the day citizens come, and how many per service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from queue_core.domain import Site

Shape = tuple[tuple[time, float], ...]

DEFAULT_SHAPE: Shape = (
    (time(7, 0), 0.3),
    (time(7, 30), 0.6),
    (time(8, 0), 1.3),
    (time(9, 0), 1.7),
    (time(10, 0), 1.6),
    (time(10, 30), 1.3),
    (time(11, 0), 0.8),
    (time(11, 30), 0.4),
    (time(12, 0), 0.2),
    (time(13, 0), 0.3),
    (time(13, 30), 0.6),
    (time(14, 0), 1.1),
    (time(15, 0), 1.4),
    (time(16, 0), 1.1),
    (time(16, 30), 0.6),
    (time(17, 0), 0.3),
)
"""Relative intensity through the day, linear between points: the morning peak 8:00-10:30
(people come before work and before the post office's run), the lunch dip, the afternoon
peak 14:00-16:00. The site's opening hours cut it where the centre is closed."""

REALISTIC_MINUTES = (4.0, 15.0)
"""A clerk's mean minutes per citizen stay in this range whatever the site file says."""

DEFAULT_UTILISATION = 0.8
"""Over the open day, the share of counter time the citizens' work fills."""


def minute_of_day(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


def intensity(shape: Shape, minute: float) -> float:
    """The profile at ``minute`` of the day (0 at midnight), interpolated; 0 outside it."""
    points = [(minute_of_day(t), w) for t, w in shape]
    if not points or minute < points[0][0] or minute > points[-1][0]:
        return 0.0
    for (m0, w0), (m1, w1) in pairwise(points):
        if m0 <= minute <= m1:
            return w0 if m1 == m0 else w0 + (w1 - w0) * (minute - m0) / (m1 - m0)
    return points[-1][1]


@dataclass(frozen=True)
class Window:
    """A stretch of one day in local minutes: ``start`` included, ``end`` excluded."""

    start: float
    end: float


def open_windows(site: Site, service_id: str, weekday: int, limit: Window) -> tuple[Window, ...]:
    """The stretches of ``limit`` when the service takes tickets on that weekday."""
    service = site.service(service_id)
    if service is None or weekday not in service.hours.weekdays:
        return ()
    found = []
    for start, end in service.hours.periods:
        # "24:00" is read as midnight at the end of the day.
        end_minute = minute_of_day(end) or 24 * 60.0
        lo, hi = max(minute_of_day(start), limit.start), min(end_minute, limit.end)
        if lo < hi:
            found.append(Window(lo, hi))
    return tuple(found)


def profile_mass(shape: Shape, windows: Sequence[Window]) -> float:
    """The profile's integral over these windows (minutes × intensity), exactly: it is
    linear between its points, so the trapezoid rule between them is exact."""
    knots = [minute_of_day(t) for t, _ in shape]
    total = 0.0
    for window in windows:
        # Outside its points the profile is zero (a step, which trapezoids would smear).
        lo, hi = max(window.start, knots[0]), min(window.end, knots[-1])
        if lo >= hi:
            continue
        cuts = sorted({lo, hi, *(k for k in knots if lo < k < hi)})
        for a, b in pairwise(cuts):
            total += (intensity(shape, a) + intensity(shape, b)) / 2 * (b - a)
    return total


def realistic_minutes(site: Site, service_id: str) -> float:
    """The mean minutes a clerk spends on one citizen of this service, in the simulation."""
    service = site.service(service_id)
    configured = service.average_service_minutes if service else 8.0
    low, high = REALISTIC_MINUTES
    return min(max(configured, low), high)


def daily_volumes(
    site: Site, weekday: int, utilisation: float = DEFAULT_UTILISATION, scale: float = 1.0
) -> dict[str, float]:
    """Expected tickets per service over the whole open day.

    Each counter's open minutes are shared among its services, its first (main) service
    taking the largest part (weights 1, 1/2, 1/3, ...); the tickets a service gets are its
    minutes × ``utilisation`` / its mean minutes per citizen, times ``scale``.
    """
    full_day = Window(0.0, 24 * 60.0)
    minutes: dict[str, float] = {s.id: 0.0 for s in site.services}
    for counter in site.counters:
        served = [s for s in counter.services if site.service(s) is not None]
        if not served:
            continue
        weights = [1 / (k + 1) for k in range(len(served))]
        open_minutes = max(
            sum(w.end - w.start for w in open_windows(site, s, weekday, full_day)) for s in served
        )
        for service_id, weight in zip(served, weights, strict=True):
            minutes[service_id] += open_minutes * weight / sum(weights)
    return {
        sid: scale * utilisation * m / realistic_minutes(site, sid)
        for sid, m in minutes.items()
        if m > 0
    }


def rate_per_minute(
    shape: Shape, windows: Sequence[Window], daily_volume: float, full_mass: float, minute: float
) -> float:
    """Arrivals per minute at ``minute``: the day's volume spread as the profile over the
    service's open day (``full_mass``), zero where the service is not open."""
    if full_mass <= 0 or not any(w.start <= minute < w.end for w in windows):
        return 0.0
    return daily_volume * intensity(shape, minute) / full_mass
