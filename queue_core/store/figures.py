"""Figures over a range of business days, per service, counter or clerk, for supervisors."""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from queue_core.domain import Site, Ticket, TicketStatus
from queue_core.domain.gaveup import on_time
from queue_core.store.store import Store

MAX_DAYS = 366
"""The most business days the figures are asked for at once: a year, leap or not."""


def too_long(first: date, last: date) -> bool:
    """Whether ``first``..``last`` (both included) is more than MAX_DAYS days."""
    return (last - first).days + 1 > MAX_DAYS


class GroupBy(enum.StrEnum):
    SERVICE = "service"
    COUNTER = "counter"
    STAFF = "staff"


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of sorted or unsorted values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "p50": None, "p90": None}
    return {
        "mean": round(sum(values) / len(values), 1),
        "p50": round(percentile(values, 0.5) or 0.0, 1),
        "p90": round(percentile(values, 0.9) or 0.0, 1),
    }


def _minutes(start: Any, end: Any) -> float | None:
    if start is None or end is None:
        return None
    return float((end - start).total_seconds() / 60)


def target_minutes(site: Site, service_id: str) -> float | None:
    """A service's target wait (None for a service the site no longer has)."""
    service = site.service(service_id)
    return None if service is None else service.target_wait_minutes


def _figures(site: Site, tickets: Iterable[Ticket]) -> dict[str, Any]:
    tickets = list(tickets)
    waits: list[float] = []
    services: list[float] = []
    ratings: list[int] = []
    timely = on_time(tickets, lambda s: target_minutes(site, s))
    for t in tickets:
        wait = _minutes(t.issued_at, t.first_called_at)
        if wait is not None:
            waits.append(wait)
        served = _minutes(t.started_at, t.finished_at)
        if served is not None and t.status is TicketStatus.DONE:
            services.append(served)
        if t.rating is not None:
            ratings.append(t.rating)
    levels = len(site.rules.rating_levels)
    return {
        "issued": len(tickets),
        "served": sum(1 for t in tickets if t.status is TicketStatus.DONE),
        "no_show": sum(1 for t in tickets if t.status is TicketStatus.NO_SHOW),
        "cancelled": sum(1 for t in tickets if t.status is TicketStatus.CANCELLED),
        "gave_up": timely.gave_up,
        "wait_minutes": _summary(waits),
        "service_minutes": _summary(services),
        "within_target_share": timely.share,
        "ratings": {
            "count": len(ratings),
            "mean": round(sum(ratings) / len(ratings), 2) if ratings else None,
            "levels": {str(level): ratings.count(level) for level in range(1, levels + 1)},
        },
    }


def _key(by: GroupBy) -> Callable[[Ticket], str | int | None]:
    if by is GroupBy.SERVICE:
        return lambda t: t.service_id
    if by is GroupBy.COUNTER:
        return lambda t: t.counter
    return lambda t: t.staff


def _label(store: Store, by: GroupBy, key: str | int) -> dict[str, Any]:
    site = store.site
    if by is GroupBy.SERVICE:
        service = site.service(str(key))
        return {"id": key, "name": service.name if service else str(key)}
    if by is GroupBy.COUNTER:
        counter = site.counter(int(key))
        return {"number": key, "name": counter.name if counter else str(key)}
    row = store.conn.execute("SELECT display_name FROM staff WHERE username = ?", (key,)).fetchone()
    return {"username": key, "name": row[0] if row and row[0] else str(key)}


def stats(store: Store, first: date, last: date, by: GroupBy) -> dict[str, Any]:
    """Issued, served, no-show, wait and service time, share within target, ratings.

    By service, every ticket issued counts. By counter or clerk, a ticket counts where
    it was last called (tickets never called belong to no counter and are left out).
    ``hours`` is the whole centre's, by the local hour each ticket was issued (``hourly``).
    """
    site = store.site
    tickets = store.tickets(between=(first, last))
    groups: dict[str | int, list[Ticket]] = defaultdict(list)
    key_of = _key(by)
    for ticket in tickets:
        key = key_of(ticket)
        if key is not None:
            groups[key].append(ticket)
    rows = [
        {by.value: _label(store, by, key), **_figures(site, group)}
        for key, group in sorted(groups.items(), key=lambda item: item[0])
    ]
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "by": by.value,
        "groups": rows,
        "total": _figures(site, tickets),
        "hours": hourly(site, tickets),
    }


def hourly(site: Site, tickets: Iterable[Ticket]) -> list[dict[str, Any]]:
    """Per hour of the site's local day: tickets issued, how many were called, and the wait
    (mean, p50, p90 minutes) of those issued in that hour; only hours with tickets."""
    issued: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        issued[ticket.issued_at.astimezone(site.timezone).hour].append(ticket)
    rows = []
    for hour, group in sorted(issued.items()):
        waits = [w for t in group if (w := _minutes(t.issued_at, t.first_called_at)) is not None]
        figures = {"issued": len(group), "called": len(waits), "wait_minutes": _summary(waits)}
        rows.append({"hour": hour, **figures})
    return rows
