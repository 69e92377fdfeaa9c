"""The estimate a ticket carries: minutes until it is called, from the work ahead of it.

The model. Counters call the oldest ticket among all the services they serve, so the
services that share open counters form one *pool* that drains as a single queue: a
new ticket waits for every ticket ahead of it in any service of its pool. Each ticket
ahead brings its service's average minutes at a counter (from the call to the finish,
so the citizen's walk is in it); each open counter of the pool is free at the end of
its current ticket (the part of the average not yet spent). Handing the tickets ahead
to whichever counter is free first gives the moment a counter is free for this one.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SMOOTHING = 0.05
"""Weight of the newest service time in the moving average, once it has settled: a memory
of about twenty visits. Single visits vary far more (a coefficient of variation of 0.5 or
more) than a service's mean drifts within a day, so a shorter memory mostly follows noise:
at 0.1 the average itself is off by ~12 % of the mean, at 0.05 by ~8 %."""
PRIOR_SAMPLES = 2
"""The site's configured average counts as this many samples before the first real one."""
RESIDUAL_SHARE = 0.5
"""A ticket already past its service's average is expected to need this share of it more
(for log-normal service times as spread as a counter's, the expected remainder levels off
near half the mean instead of reaching zero)."""
PRIOR_VISITS = 5
"""Until a service has this many visits timed, the site's figure for it (scaled by how the
whole hall runs) weighs at least as much as its own average."""
HALL_FACTOR_RANGE = (0.5, 2.0)
"""How far the hall's pace may scale the configured figures: one busy service with a wrong
figure cannot drag every other service's further than this."""
EXACT_TICKETS = 256
"""Up to this many tickets ahead are handed out one by one; the rest as an even flow."""


def updated_average(
    previous: float, sample_minutes: float, samples: int | None = None, smoothing: float = SMOOTHING
) -> float:
    """The moving average after one more service time.

    ``samples`` is how many came before this one (None: many). The first few weigh as in a
    plain mean started from the configured average, so one odd visit does not swing it and
    a wrong configured figure is forgotten within a few visits; then the weight settles at
    ``smoothing``, so the average follows the day (a slow clerk, a harder afternoon).
    """
    weight = smoothing if samples is None else max(smoothing, 1 / (samples + 1 + PRIOR_SAMPLES))
    return previous + weight * (sample_minutes - previous)


def hall_factor(configured: Mapping[str, float], learned: Mapping[str, tuple[float, int]]) -> float:
    """How much longer than the site's figures the hall's visits take: the learned averages
    over the configured ones, weighted by the visits timed (1.0 with none).

    The site's figures are minutes of service; a counter is also busy while the citizen
    walks up, and a hall may run slower or faster than planned. That is the same for every
    service, so it is learned from all visits at once, hundreds a day, while a rare
    service's own average rests on a handful.
    """
    weighted = visits = 0.0
    for service_id, (average, samples) in learned.items():
        planned = configured.get(service_id, 0.0)
        if planned > 0 and samples > 0:
            weighted += samples * average / planned
            visits += samples
    if not visits:
        return 1.0
    low, high = HALL_FACTOR_RANGE
    return min(max(weighted / visits, low), high)


def settled_averages(
    configured: Mapping[str, float],
    learned: Mapping[str, tuple[float, int]],
) -> dict[str, float]:
    """The minutes per ticket the estimate uses for each service.

    ``configured``: the site's figure per service; ``learned``: (moving average, visits
    timed) per service that has any. Each service's own average is blended with its
    configured figure scaled by ``hall_factor``, the latter counting as PRIOR_VISITS
    visits: with σ ≈ 0.5 per visit, an average of a few visits is off by a quarter or
    more, and every estimate of its pool carries that error for the rest of the hour.
    """
    factor = hall_factor(configured, learned)
    averages = {s: minutes * factor for s, minutes in configured.items()}
    for service_id, (average, samples) in learned.items():
        prior = averages.get(service_id, average)
        samples = max(samples, 0)
        averages[service_id] = (PRIOR_VISITS * prior + samples * average) / (PRIOR_VISITS + samples)
    return averages


@dataclass(frozen=True)
class OpenCounter:
    """An open counter as the estimate sees it: what it serves, and what it is doing."""

    number: int
    services: tuple[str, ...]
    busy_service: str | None = None
    """The service of the ticket it has called or is serving; None when it is free."""
    busy_minutes: float = 0.0
    """Minutes since that ticket was called."""


def pool(service_id: str, counters: Sequence[OpenCounter]) -> tuple[set[str], list[OpenCounter]]:
    """The services and open counters that drain together with ``service_id``: those joined
    to it through counters serving more than one of them."""
    services = {service_id}
    members: list[OpenCounter] = []
    rest = list(counters)
    grown = True
    while grown:
        grown = False
        for counter in list(rest):
            if services.intersection(counter.services):
                services.update(counter.services)
                members.append(counter)
                rest.remove(counter)
                grown = True
    return services, members


def serving_pool(
    service_id: str, counters: Sequence[OpenCounter]
) -> tuple[set[str], list[OpenCounter]]:
    """``pool``; with no counter open for the service, the service alone and one free
    counter assumed to open for it, rather than promising nothing."""
    services, members = pool(service_id, counters)
    return (services, members) if members else ({service_id}, [OpenCounter(0, (service_id,))])


def remaining_minutes(counter: OpenCounter, averages: Mapping[str, float]) -> float:
    """Minutes until an open counter is free: the rest of its ticket's average, if busy."""
    if counter.busy_service is None:
        return 0.0
    average = averages.get(counter.busy_service, 0.0)
    return max(average - counter.busy_minutes, average * RESIDUAL_SHARE)


def first_free(free_in: Sequence[float], tickets: Sequence[tuple[int, float]]) -> float:
    """When a counter is first free for one more ticket, after the tickets ahead are handed
    one by one to whichever counter is free first.

    ``free_in``: minutes until each counter is free; ``tickets``: (how many, minutes each)
    per service, handed in this order. Past ``EXACT_TICKETS`` the rest flows evenly.
    """
    if not free_in:
        raise ValueError("no counter")
    heap = sorted(free_in)
    budget = EXACT_TICKETS
    flowing = 0.0
    for count, minutes in tickets:
        exact = min(max(count, 0), budget)
        budget -= exact
        for _ in range(exact):
            heapq.heapreplace(heap, heap[0] + minutes)
        flowing += (max(count, 0) - exact) * minutes
    return heap[0] + flowing / len(heap)


def wait_minutes(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
) -> float:
    """Minutes until a new ticket of ``service_id`` is called.

    ``ahead``: per service, the waiting tickets that will be called before it (for a
    priority ticket, only directed, front and priority ones); ``averages``: minutes per
    ticket per service; ``counters``: the open counters (see ``serving_pool``).
    """
    services, members = serving_pool(service_id, counters)
    free_in = [remaining_minutes(c, averages) for c in members]
    # Which service's ticket comes first is a matter of age, unknown here; a fixed order
    # keeps the estimate from ever falling when one more ticket waits.
    tickets = [(ahead.get(s, 0), averages.get(s, 0.0)) for s in sorted(services)]
    return first_free(free_in, tickets)


def estimate_minutes(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
) -> int:
    """``wait_minutes`` as the whole minutes printed on a ticket (nearest, not rounded up:
    rounding up would make every short wait look longer than it is)."""
    return int(wait_minutes(service_id, ahead, averages, counters) + 0.5)


def with_holders(
    service_id: str,
    ahead: Mapping[str, int],
    averages: Mapping[str, float],
    counters: Sequence[OpenCounter],
    holders: Sequence[tuple[str, float]],
) -> dict[str, int]:
    """``ahead`` for a walk-in of ``service_id``, with the booked holders not yet here who will
    be called before it: those of its pool whose slot begins before its wait is over.

    ``holders``: (service, minutes from now until the holder may be called: the slot's start,
    or earlier by the site's ``call_ahead_minutes``) of the bookings not yet checked in whose
    grace is not over (a slot begun counts from now). A holder whose slot
    begins later than the walk-in would be reached waits behind it and is not counted. Each
    holder counted makes the wait longer, which may reach the next slot: counted again until
    no more fall inside, at most once per holder.
    """
    services, _members = serving_pool(service_id, counters)
    due = sorted(
        (max(minutes, 0.0), service) for service, minutes in holders if service in services
    )
    counted = dict(ahead)
    taken = 0
    while taken < len(due):
        wait = wait_minutes(service_id, counted, averages, counters)
        reached = taken
        while reached < len(due) and due[reached][0] <= wait:
            service = due[reached][1]
            counted[service] = counted.get(service, 0) + 1
            reached += 1
        if reached == taken:
            break
        taken = reached
    return counted
