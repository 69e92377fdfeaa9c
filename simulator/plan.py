"""The seeded plan of one day: who comes when, for what, and how each visit goes."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from queue_core.domain import PriorityKind, Site
from simulator.profile import (
    DEFAULT_SHAPE,
    DEFAULT_UTILISATION,
    Shape,
    Window,
    daily_volumes,
    open_windows,
    profile_mass,
    rate_per_minute,
    realistic_minutes,
)

PRIORITY_KINDS = (
    (PriorityKind.ELDERLY.value, 0.6),
    (PriorityKind.PREGNANT.value, 0.15),
    (PriorityKind.MERIT.value, 0.15),
    (PriorityKind.DISABLED.value, 0.1),
)


@dataclass(frozen=True)
class Parameters:
    """The model's knobs; the defaults are a weekday in a provincial centre."""

    utilisation: float = DEFAULT_UTILISATION
    scale: float = 1.0
    priority_share: float = 0.08
    no_show_share: float = 0.05
    transfer_share: float = 0.04
    service_sigma: float = 0.5
    """Spread of log-normal service times (sigma of the log): a CV of about 0.53."""
    walk_minutes: tuple[float, float] = (0.2, 1.2)
    """From the call to the citizen at the counter, uniform in this range."""
    rating_share: float = 0.7
    english_share: float = 0.03
    shape: Shape = DEFAULT_SHAPE


@dataclass(frozen=True)
class Citizen:
    """One visit: when the ticket is taken, and what happens once it is called."""

    at: datetime
    service_id: str
    priority_kind: str | None
    walk_minutes: float
    service_minutes: float
    """At the first counter: the whole service, or the part before a transfer."""
    no_show: bool = False
    transfer_to: str | None = None
    after_transfer_minutes: float = 0.0
    rates: bool = True
    rating_draw: float = 0.0
    lang: str = "vi"
    slot_at: datetime | None = None
    """A citizen who booked: their slot (``at`` is when they come, early or late)."""
    booking: str | None = None
    """Their booking's code, once made in the database."""
    never_comes: bool = False
    """Booked, and never comes (the booking is missed)."""

    @property
    def priority(self) -> bool:
        return self.priority_kind is not None


@dataclass(frozen=True)
class DayPlan:
    """Everything a run needs to know of the day, fixed before it starts."""

    day: date
    start: datetime
    end: datetime
    citizens: tuple[Citizen, ...]
    periods: tuple[tuple[datetime, datetime], ...]
    """When the centre is open within the window; clerks pause between periods."""
    counters: Mapping[int, tuple[str, ...]]
    names: Mapping[str, str]
    targets: Mapping[str, int]
    """Each service's target wait, minutes."""
    mean_minutes: Mapping[str, float]
    recalls_before_no_show: int = 1
    rating_levels: int = 4
    rating_reasons: tuple[str, ...] = ()
    seed: int = 0
    expected: Mapping[str, float] = field(default_factory=dict)
    """Expected arrivals per service in the window."""

    def counters_serving(self, service_id: str) -> tuple[int, ...]:
        return tuple(n for n, services in self.counters.items() if service_id in services)


def lognormal_minutes(rng: random.Random, mean: float, sigma: float) -> float:
    """A log-normal draw with this mean (not median)."""
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


def poisson_times(
    rng: random.Random, rate: Callable[[float], float], peak_rate: float, window: Window
) -> list[float]:
    """Minutes of a non-homogeneous Poisson process in ``window``, by thinning."""
    found: list[float] = []
    if peak_rate <= 0:
        return found
    minute = window.start
    while True:
        minute += rng.expovariate(peak_rate)
        if minute >= window.end:
            return found
        if rng.random() * peak_rate < rate(minute):
            found.append(minute)


def _transfer_target(site: Site, service_id: str, rng: random.Random) -> str | None:
    """Another service of the same agency (most transfers are a wrong choice at the kiosk)."""
    service = site.service(service_id)
    if service is None:
        return None
    served = {s for c in site.counters for s in c.services}
    siblings = [
        s.id
        for s in site.services
        if s.agency_id == service.agency_id and s.id != service_id and s.id in served
    ]
    return rng.choice(siblings) if siblings else None


def _priority_kind(rng: random.Random, share: float) -> str | None:
    if rng.random() >= share:
        return None
    pick = rng.random()
    for kind, weight in PRIORITY_KINDS:
        if pick < weight:
            return kind
        pick -= weight
    return PRIORITY_KINDS[0][0]


def _citizen(
    site: Site, service_id: str, at: datetime, rng: random.Random, params: Parameters
) -> Citizen:
    mean = realistic_minutes(site, service_id)
    minutes = lognormal_minutes(rng, mean, params.service_sigma)
    no_show = rng.random() < params.no_show_share
    transfer_to = None
    after = 0.0
    if not no_show and rng.random() < params.transfer_share:
        transfer_to = _transfer_target(site, service_id, rng)
        if transfer_to is not None:
            # The clerk finds out part way through, then sends the citizen on.
            minutes *= rng.uniform(0.2, 0.5)
            after = lognormal_minutes(
                rng, realistic_minutes(site, transfer_to), params.service_sigma
            )
    return Citizen(
        at=at,
        service_id=service_id,
        priority_kind=_priority_kind(rng, params.priority_share),
        walk_minutes=rng.uniform(*params.walk_minutes),
        service_minutes=minutes,
        no_show=no_show,
        transfer_to=transfer_to,
        after_transfer_minutes=after,
        rates=rng.random() < params.rating_share,
        rating_draw=rng.random(),
        lang="en" if rng.random() < params.english_share else "vi",
    )


def centre_periods(site: Site, weekday: int, limit: Window) -> tuple[Window, ...]:
    """The union of every service's open stretches within ``limit``."""
    windows = sorted(
        (w for s in site.services for w in open_windows(site, s.id, weekday, limit)),
        key=lambda w: w.start,
    )
    merged: list[Window] = []
    for window in windows:
        if merged and window.start <= merged[-1].end:
            merged[-1] = Window(merged[-1].start, max(merged[-1].end, window.end))
        else:
            merged.append(window)
    return tuple(merged)


def make_plan(
    site: Site,
    day: date,
    seed: int = 1,
    start: time = time(0, 0),
    end: time | None = None,
    params: Parameters = Parameters(),
    tickets: float | None = None,
) -> DayPlan:
    """The day from ``start`` to ``end`` (local; default the whole day) with this seed.

    Arrivals per service follow a non-homogeneous Poisson process whose rate is the daily
    volume (``daily_volumes``) spread along the profile over the service's open hours;
    ``tickets`` instead sets the expected number of arrivals in the window, shared among
    the services in the same proportions.
    """
    limit = Window(start.hour * 60 + start.minute, end.hour * 60 + end.minute if end else 1440)
    weekday = day.weekday()
    full_day = Window(0.0, 1440.0)
    volumes = daily_volumes(site, weekday, params.utilisation, params.scale)
    masses = {
        sid: profile_mass(params.shape, open_windows(site, sid, weekday, full_day))
        for sid in volumes
    }
    expected = {
        sid: volumes[sid]
        * profile_mass(params.shape, open_windows(site, sid, weekday, limit))
        / masses[sid]
        for sid in volumes
        if masses[sid] > 0
    }
    if tickets is not None and sum(expected.values()) > 0:
        factor = tickets / sum(expected.values())
        volumes = {sid: v * factor for sid, v in volumes.items()}
        expected = {sid: e * factor for sid, e in expected.items()}
    midnight = datetime.combine(day, time(0), tzinfo=site.timezone)

    def at(minute: float) -> datetime:
        return midnight + timedelta(minutes=minute)

    citizens: list[Citizen] = []
    for sid in expected:
        rng = random.Random(f"{seed}:{sid}")
        windows = open_windows(site, sid, weekday, limit)
        peak = max(w for _, w in params.shape) * volumes[sid] / masses[sid]

        def rate(minute: float, sid: str = sid, windows: tuple[Window, ...] = windows) -> float:
            return rate_per_minute(params.shape, windows, volumes[sid], masses[sid], minute)

        for window in windows:
            for minute in poisson_times(rng, rate, peak, window):
                citizens.append(_citizen(site, sid, at(minute), rng, params))
    citizens.sort(key=lambda c: (c.at, c.service_id))
    rules = site.rules
    return DayPlan(
        day=day,
        start=at(limit.start),
        end=at(limit.end),
        citizens=tuple(citizens),
        periods=tuple((at(w.start), at(w.end)) for w in centre_periods(site, weekday, limit)),
        counters={c.number: c.services for c in site.counters},
        names={s.id: s.name for s in site.services},
        targets={s.id: s.target_wait_minutes for s in site.services},
        mean_minutes={s.id: realistic_minutes(site, s.id) for s in site.services},
        recalls_before_no_show=rules.recalls_before_no_show,
        rating_levels=len(rules.rating_levels),
        rating_reasons=rules.rating_reasons,
        seed=seed,
        expected=expected,
    )


def rating_score(draw: float, waited_minutes: float, target_minutes: float, levels: int) -> int:
    """The citizen's score, 1 = the most satisfied: mostly content, less so after a long wait.

    ``draw`` is the citizen's uniform draw in [0, 1); a wait past the target moves the score
    one level down (towards ``levels``), two levels past twice the target.
    """
    base = 1 if draw < 0.62 else 2 if draw < 0.87 else 3 if draw < 0.96 else 4
    if target_minutes > 0 and waited_minutes > 2 * target_minutes:
        base += 2
    elif target_minutes > 0 and waited_minutes > target_minutes:
        base += 1
    return max(1, min(levels, base))


def rating_reason(
    score: int, levels: int, waited_minutes: float, target_minutes: float, reasons: tuple[str, ...]
) -> str | None:
    """A reason for the lowest score, from the site's list: the wait when it was long."""
    if score < levels or not reasons:
        return None
    return reasons[0] if waited_minutes > target_minutes else reasons[-1]
