"""The day's figures of one service's tickets, worked out as the core works out its own
(``queue_core.store`` figures, docs/reports.md): what ``province.derive`` upserts into
``day_figures``.

Issued, served, no-shows, cancelled; the wait from the issue to the first call, as nearest-rank
p50 and p90 and a per-minute histogram; the share called within the service's target wait; the
service time of those served; ratings per level. And, counted as the core counts them
(``queue_core.domain.gaveup``, docs/reports.md):

**Gave up** — a ticket whose holder left unserved after waiting: one cancelled without ever
being called (by hand or at the day's end: the ticket cannot tell which), or a no-show whose
wait for the first call was longer than the service's target (when the target is known).

**Cancelled uncalled** — the first kind alone: they count against the on-time share, whose
base is those called plus these (``judged`` wherever the target is known).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FIGURE_COLUMNS",
    "HISTOGRAM_MINUTES",
    "US_PER_MINUTE",
    "DayFigures",
    "TicketFacts",
    "day_figures",
    "percentile",
]

HISTOGRAM_MINUTES = 240
"""The wait histogram counts whole minutes up to this; its last bucket is this or more."""
US_PER_MINUTE = 60_000_000

FIGURE_COLUMNS = (
    "agency_id", "issued", "served", "no_show", "cancelled", "gave_up", "called",
    "within_target", "wait_sum_us", "wait_p50_us", "wait_p90_us", "wait_histogram",
    "service_n", "service_sum_us", "service_p50_us", "service_p90_us", "rated", "ratings",
    "cancelled_uncalled",
)  # fmt: skip
"""``day_figures``' columns after its key, in ``DayFigures``' order."""


def percentile(ordered: Sequence[int], share: float) -> int | None:
    """Nearest rank of sorted values, as the core's ``percentile``: the ⌈share·n⌉-th."""
    if not ordered:
        return None
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass(frozen=True)
class DayFigures:
    """One row of ``day_figures`` after its key, in FIGURE_COLUMNS' order."""

    agency_id: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    gave_up: int
    called: int
    within_target: int | None
    wait_sum_us: int
    wait_p50_us: int | None
    wait_p90_us: int | None
    wait_histogram: list[int]
    service_n: int
    service_sum_us: int
    service_p50_us: int | None
    service_p90_us: int | None
    rated: int
    ratings: list[int]
    cancelled_uncalled: int
    """Cancelled without a call: gave up, and counted against the on-time share."""

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in FIGURE_COLUMNS)


TicketFacts = tuple[str, str, int | None, int | None, int | None]
"""What the day's figures read of a ticket: agency, status, wait µs, service µs, rating."""


def day_figures(tickets: Iterable[TicketFacts], target_minutes: int | None) -> DayFigures:
    """The figures of one service's tickets of one day (there is at least one)."""
    target_us = None if target_minutes is None else target_minutes * US_PER_MINUTE
    waits: list[int] = []
    services: list[int] = []
    counts = dict.fromkeys(("done", "no_show", "cancelled"), 0)
    gave_up = uncalled = issued = 0
    histogram = [0] * (HISTOGRAM_MINUTES + 1)
    ratings: list[int] = []
    agencies: dict[str, int] = defaultdict(int)
    for agency, status, wait, service, rating in tickets:
        issued += 1
        agencies[agency] += 1
        if status in counts:
            counts[status] += 1
        if wait is not None:
            waits.append(wait)
            histogram[min(HISTOGRAM_MINUTES, max(0, wait) // US_PER_MINUTE)] += 1
        if service is not None:
            services.append(service)
        if status == "cancelled" and wait is None:
            gave_up += 1
            uncalled += 1
        elif status == "no_show" and target_us is not None and wait is not None:
            gave_up += wait > target_us
        if rating is not None:
            while len(ratings) < rating:
                ratings.append(0)
            ratings[rating - 1] += 1
    waits.sort()
    services.sort()
    while histogram and histogram[-1] == 0:
        histogram.pop()
    return DayFigures(
        agency_id=max(agencies, key=lambda a: (agencies[a], a)),
        issued=issued,
        served=counts["done"],
        no_show=counts["no_show"],
        cancelled=counts["cancelled"],
        gave_up=gave_up,
        called=len(waits),
        within_target=None if target_us is None else sum(1 for w in waits if w <= target_us),
        wait_sum_us=sum(waits),
        wait_p50_us=percentile(waits, 0.5),
        wait_p90_us=percentile(waits, 0.9),
        wait_histogram=histogram,
        service_n=len(services),
        service_sum_us=sum(services),
        service_p50_us=percentile(services, 0.5),
        service_p90_us=percentile(services, 0.9),
        rated=sum(ratings),
        ratings=ratings,
        cancelled_uncalled=uncalled,
    )
