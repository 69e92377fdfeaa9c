"""The wait as a range: the minutes within which about 80 % of citizens in a ticket's position
are called.

The model. A ticket's wait is the rest of the visits its pool's counters hold now plus the
visits of the tickets ahead, shared among the counters (``estimate.wait_minutes`` is its
centre). Single visits vary (a coefficient of variation near VISIT_CV), so the sum of k of
them spread over c counters varies by about VISIT_CV × mean visit × √k / c; the visits under
way add the spread of their rest. While it waits, citizens who pass ahead of it (priority,
transfers to the front) add work, PASSING_SHARE of the wait on average, in whole visits. The
wait is taken as log-normal with that mean and spread; the range is its 10th to 90th
percentile, rounded outward to whole minutes. docs/simulator.md measures it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from queue_core.domain.estimate import OpenCounter, remaining_minutes, serving_pool, wait_minutes

COVERAGE = 0.80
"""The share of citizens in a position whose wait the range is meant to hold."""
VISIT_CV = 0.45
"""Spread of one visit of the tickets ahead (standard deviation over mean). The simulated
hall's visits vary by 0.53 with the walk in them; 0.45 because the range is rounded outward
to whole minutes and read to the minute, which adds about a minute (docs/simulator.md)."""
REST_CV = 0.7
"""Spread of the rest of a visit under way, over its expected rest."""
PASSING_SHARE = 0.15
"""Work added by citizens who pass ahead while one waits (priority citizens, transfers to the
front), as a share of the wait; it comes as whole visits, so it adds spread as well."""
SHORT_WAIT = 5
"""A range whose top is at most this many minutes reads "under SHORT_WAIT minutes"."""
_Z = 1.2815515655446004
"""The standard normal's 90th percentile: 10 % of the waits below the range, 10 % above."""


@dataclass(frozen=True)
class WaitRange:
    """Whole minutes: about COVERAGE of the citizens in this position are called between them."""

    low: int
    high: int

    @property
    def short(self) -> bool:
        """Read as "under SHORT_WAIT minutes" rather than as a range."""
        return self.high <= SHORT_WAIT


NO_WAIT = WaitRange(0, 0)
"""The range of a ticket no longer waiting."""


def spread_minutes(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
    point: float,
) -> float:
    """The standard deviation of the wait, in minutes, around ``point`` (see the module)."""
    services, members = serving_pool(service_id, counters)
    shared = len(members)
    variance = 0.0
    for service in services:
        sd = VISIT_CV * averages.get(service, 0.0)
        variance += max(ahead.get(service, 0), 0) * sd * sd
    for counter in members:
        if counter.busy_service is not None:
            variance += (REST_CV * remaining_minutes(counter, averages)) ** 2
    variance /= shared * shared
    # Passing citizens come as a stream of whole visits: the work they add varies as its count.
    visit = sum(averages.get(s, 0.0) for s in services) / len(services)
    variance += PASSING_SHARE * point * visit / shared
    return math.sqrt(variance)


def lognormal_range(mean: float, sd: float, coverage: float = COVERAGE) -> tuple[float, float]:
    """The central ``coverage`` interval of a log-normal with this mean and deviation."""
    if mean <= 0:
        return 0.0, 0.0
    sigma2 = math.log1p((sd / mean) ** 2)
    median = mean / math.sqrt(1 + (sd / mean) ** 2)
    z = _Z if coverage == COVERAGE else _quantile((1 + coverage) / 2)
    spread = z * math.sqrt(sigma2)
    return median * math.exp(-spread), median * math.exp(spread)


def _quantile(p: float) -> float:
    """The standard normal's p-quantile (bisection on erf: called rarely)."""
    low, high = -8.0, 8.0
    for _ in range(60):
        mid = (low + high) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def range_of(point: float, spread: float) -> WaitRange:
    """The range around a point estimate ``point`` with this spread, whole minutes outward."""
    low, high = lognormal_range(point * (1 + PASSING_SHARE), spread)
    return WaitRange(math.floor(low), max(math.ceil(high), math.floor(low)))


def estimate_and_range(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
) -> tuple[int, WaitRange]:
    """``estimate.estimate_minutes`` and ``wait_range`` from one hand-out of the work ahead."""
    point = wait_minutes(service_id, ahead, averages, counters)
    spread = spread_minutes(service_id, ahead, averages, counters, point)
    return int(point + 0.5), range_of(point, spread)


def wait_range(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
) -> WaitRange:
    """The range of a new ticket of ``service_id``'s wait (inputs as ``estimate.wait_minutes``)."""
    return estimate_and_range(service_id, ahead, averages, counters)[1]
