"""Figures over a range of business days, per service, counter or clerk, for supervisors: the
tickets' and the bookings'."""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from queue_core.domain import Site, Ticket, TicketStatus
from queue_core.domain.appointments import BookingStatus
from queue_core.domain.gaveup import on_time
from queue_core.store.records import from_db_time
from queue_core.store.store import Store

ON_TIME_CALL_MINUTES = 10
"""A holder is called on time when first called within this many minutes of their slot's start
(the issue's aim: nine in ten)."""
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
    """Issued, served, no-show, wait and service time, share within target, ratings; and the
    bookings (``appointments``, see ``booking_figures``) in total and per service.

    By service, every ticket issued counts, and a service with bookings but no ticket has
    its row. By counter or clerk, a ticket counts where it was last called (tickets never
    called belong to no counter and are left out); bookings belong to no counter or clerk,
    so only the total has them. ``hours`` is the whole centre's, by the local hour each
    ticket was issued (``hourly``).
    """
    site = store.site
    tickets = store.tickets(between=(first, last))
    holders = booking_facts(store, first, last)
    groups: dict[str | int, list[Ticket]] = defaultdict(list)
    key_of = _key(by)
    for ticket in tickets:
        key = key_of(ticket)
        if key is not None:
            groups[key].append(ticket)
    booked: dict[str | int, list[HolderFacts]] = defaultdict(list)
    if by is GroupBy.SERVICE:
        for holder in holders:
            booked[holder.service_id].append(holder)
            groups.setdefault(holder.service_id, [])
    rows = [
        {
            by.value: _label(store, by, key),
            **_figures(site, group),
            **({"appointments": booking_figures(booked[key])} if by is GroupBy.SERVICE else {}),
        }
        for key, group in sorted(groups.items(), key=lambda item: item[0])
    ]
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "by": by.value,
        "groups": rows,
        "total": {**_figures(site, tickets), "appointments": booking_figures(holders)},
        "hours": hourly(site, tickets),
    }


@dataclass(frozen=True)
class HolderFacts:
    """One booking as its figures see it: its status, and the minutes from its slot's start to
    the holder's check-in and to their ticket's first call (None when not yet, or never)."""

    service_id: str
    status: BookingStatus
    arrived: float | None
    called: float | None
    left_uncalled: bool
    """Checked in, and the ticket cancelled without a call: the holder gave up waiting."""


def booking_facts(store: Store, first: date, last: date) -> list[HolderFacts]:
    """The bookings of the business days ``first`` to ``last``, with their tickets."""
    rows = store.conn.execute(
        "SELECT b.service_id, b.status, b.slot_at, b.checked_in_at, t.first_called_at, t.status "
        "FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id "
        "WHERE b.business_day BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    ).fetchall()
    facts = []
    for service_id, status, slot, arrived, called, ticket_status in rows:
        slot_at = from_db_time(slot)
        facts.append(
            HolderFacts(
                service_id,
                BookingStatus(status),
                _minutes(slot_at, None if arrived is None else from_db_time(arrived)),
                _minutes(slot_at, None if called is None else from_db_time(called)),
                called is None and ticket_status == TicketStatus.CANCELLED.value,
            )
        )
    return facts


def booking_figures(holders: Iterable[HolderFacts]) -> dict[str, Any]:
    """Bookings made for the days (whatever became of them), how many checked in, were missed,
    were cancelled, or are still to come; and **punctuality**: of the holders checked in, those
    first called within ``ON_TIME_CALL_MINUTES`` of their slot's start (or before it), over
    those called plus those whose ticket was cancelled without a call (as the on-time share
    counts who gave up). A holder still waiting is not judged yet. ``arrival_minutes``: the
    mean check-in against the slot's start (early negative)."""
    holders = list(holders)
    on_time = judged = 0
    arrivals = [h.arrived for h in holders if h.arrived is not None]
    for holder in holders:
        if holder.status is not BookingStatus.CHECKED_IN:
            continue
        if holder.called is not None:
            judged += 1
            on_time += holder.called <= ON_TIME_CALL_MINUTES
        else:
            judged += holder.left_uncalled
    count = {s: sum(1 for h in holders if h.status is s) for s in BookingStatus}
    return {
        "booked": len(holders),
        "checked_in": count[BookingStatus.CHECKED_IN],
        "missed": count[BookingStatus.MISSED],
        "cancelled": count[BookingStatus.CANCELLED],
        "to_come": count[BookingStatus.BOOKED],
        "called_on_time": on_time,
        "judged": judged,
        "punctuality": round(on_time / judged, 3) if judged else None,
        "arrival_minutes": round(sum(arrivals) / len(arrivals), 1) if arrivals else None,
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
