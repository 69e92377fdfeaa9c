"""What a run measured: each acknowledged ticket, and the day's figures per service, pure."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from queue_core.store import percentile
from simulator.plan import DayPlan


@dataclass
class TicketRecord:
    """One ticket whose 201 arrived, and what became of it (times are the core's)."""

    id: int
    number: str
    service_id: str
    business_day: date
    priority: bool
    issued_at: datetime
    estimate_minutes: float
    """As printed on the ticket (whole minutes)."""
    first_called_at: datetime | None = None
    appointment_at: datetime | None = None
    """A booked holder's ticket: their slot."""
    status: str = "waiting"
    """The final status read back from the core at the end of the run."""

    @property
    def wait_minutes(self) -> float | None:
        """From issue to the first call; None when never called."""
        if self.first_called_at is None:
            return None
        return (self.first_called_at - self.issued_at).total_seconds() / 60


@dataclass(frozen=True)
class ServerError:
    """A 5xx the core answered (``status``), seen at ``at`` (wall clock, UTC)."""

    status: int
    request: str
    at: datetime
    message: str = ""


@dataclass
class DayResult:
    """The run's outcome: every acknowledged ticket and every 5xx seen."""

    plan: DayPlan
    tickets: list[TicketRecord]
    server_errors: list[ServerError] = field(default_factory=list)
    unavailable: int = 0
    """Requests that found the core away (refused, dropped, timed out) and were retried."""
    refused: dict[str, int] = field(default_factory=dict)
    """Tickets the kiosk was refused, by the contract's code."""
    unknown_calls: int = 0
    """Tickets clerks called that the kiosk never had a 201 for."""
    drained: bool = True
    """Every acknowledged ticket was closed before the run gave up waiting."""
    wall_seconds: float = 0.0
    arrivals: dict[str, int] = field(default_factory=dict)
    """Booked holders at the kiosk: ``on_time``, ``came_back`` (too early, then on time),
    ``too_late`` (a walk-in's ticket instead)."""


@dataclass(frozen=True)
class Figures:
    """One line of the table: a service, the peak hour, or the whole day."""

    label: str
    issued: int
    served: int
    no_shows: int
    waited: int
    """Tickets called at least once: the ones with a wait and an estimate error."""
    wait_p50: float | None
    wait_p90: float | None
    within_target: float | None
    mae_minutes: float | None
    mae_share: float | None
    """Mean absolute error of the estimate over the mean actual wait."""
    mean_wait: float | None = None
    mean_estimate: float | None = None


def estimate_error(pairs: Iterable[tuple[float, float]]) -> tuple[float, float | None] | None:
    """(MAE in minutes, MAE / mean actual) over (estimate, actual) pairs; None with none.

    The share is None when every actual wait is zero (there is nothing to be a share of).
    """
    listed = list(pairs)
    if not listed:
        return None
    mae = sum(abs(e - a) for e, a in listed) / len(listed)
    mean_actual = sum(a for _, a in listed) / len(listed)
    return mae, (mae / mean_actual if mean_actual > 0 else None)


def figures(label: str, tickets: Sequence[TicketRecord], targets: Mapping[str, int]) -> Figures:
    called = [t for t in tickets if t.wait_minutes is not None]
    waits = [t.wait_minutes for t in called if t.wait_minutes is not None]
    within = [t for t in called if (t.wait_minutes or 0.0) <= targets.get(t.service_id, math.inf)]
    error = estimate_error((t.estimate_minutes, t.wait_minutes or 0.0) for t in called)
    return Figures(
        label=label,
        issued=len(tickets),
        served=sum(1 for t in tickets if t.status == "done"),
        no_shows=sum(1 for t in tickets if t.status == "no_show"),
        waited=len(called),
        wait_p50=percentile(waits, 0.5),
        wait_p90=percentile(waits, 0.9),
        within_target=len(within) / len(called) if called else None,
        mae_minutes=error[0] if error else None,
        mae_share=error[1] if error else None,
        mean_wait=sum(waits) / len(waits) if waits else None,
        mean_estimate=sum(t.estimate_minutes for t in called) / len(called) if called else None,
    )


def peak_hour(tickets: Iterable[TicketRecord], tz: tzinfo) -> int | None:
    """The local clock hour in which the most tickets were issued (the earliest on a tie)."""
    counts: dict[int, int] = {}
    for ticket in tickets:
        hour = ticket.issued_at.astimezone(tz).hour
        counts[hour] = counts.get(hour, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda h: (-counts[h], h))


@dataclass(frozen=True)
class Summary:
    services: tuple[Figures, ...]
    peak: Figures | None
    peak_hour: int | None
    overall: Figures


def summarize(
    tickets: Sequence[TicketRecord],
    targets: Mapping[str, int],
    names: Mapping[str, str],
    tz: tzinfo,
) -> Summary:
    """Per service (in the site's order, those with tickets), the peak hour, and the day."""
    rows = []
    for service_id in names:
        mine = [t for t in tickets if t.service_id == service_id]
        if mine:
            rows.append(figures(service_id, mine, targets))
    hour = peak_hour(tickets, tz)
    peak = None
    if hour is not None:
        in_peak = [t for t in tickets if t.issued_at.astimezone(tz).hour == hour]
        peak = figures(f"{hour:02d}:00-{hour + 1:02d}:00", in_peak, targets)
    return Summary(tuple(rows), peak, hour, figures("all", tickets, targets))
