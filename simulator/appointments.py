"""Citizens who book: a share of those coming for a service that takes appointments book the
slot their visit falls in while it has room, come early or late by a realistic spread, some
never come; their bookings made in the fresh database before the day; and what a day of them
measured (punctuality, the walk-ins' waits)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from queue_core.domain import Book, DomainError, Site
from queue_core.domain.appointments import Booking, appointment_rules, slot_capacity
from queue_core.store import Store, percentile
from simulator.plan import Citizen, DayPlan
from simulator.results import DayResult

ON_TIME_CALL = timedelta(minutes=10)
"""A holder is called on time within this of their slot's start (the aim: nine in ten)."""
PUNCTUAL_SHARE = 0.9
WALK_IN_RISE = 0.15
"""How much longer the walk-ins' p90 wait may be with bookings than the same day without."""
WALK_IN_RESERVE = 0.5
"""The share of each slot's visits kept for walk-ins when the simulator writes the site."""
DEFAULT_SITE_SECTION = """
[appointments]
early_minutes = 30
grace_minutes = 10
days_ahead = 14
call_ahead_minutes = {call_ahead}
"""
"""What the simulator adds to a site without ``[appointments]``: every service takes them."""
SERVICE_SECTION = """
[appointments.services.{id}]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["08:00-11:00", "14:00-16:30"]
slot_minutes = 15
walk_in_reserve = {reserve}
"""


@dataclass(frozen=True)
class Habits:
    """How booked citizens behave: when they come against their slot, and who never does."""

    share: float = 0.0
    """Of the citizens of a service that takes appointments, who try to book."""
    arrival_mean: float = -6.0
    """Minutes against the slot's start (early negative): most come a little early."""
    arrival_sd: float = 8.0
    never_comes: float = 0.08


def with_appointments(
    site_text: str, site: Site, reserve: float = WALK_IN_RESERVE, call_ahead: int = 0
) -> str:
    """The site file's text with every service taking appointments, ``reserve`` of each slot
    kept for walk-ins and holders called up to ``call_ahead`` minutes before their slot, unless
    it says which."""
    if appointment_rules(site).services:
        return site_text
    sections = "".join(SERVICE_SECTION.format(id=s.id, reserve=reserve) for s in site.services)
    return site_text + DEFAULT_SITE_SECTION.format(call_ahead=call_ahead) + sections


def book_citizens(plan: DayPlan, site: Site, habits: Habits) -> DayPlan:
    """The plan with a share of its citizens booked into the slot their visit falls in, while
    the slot has room (the core's capacity at the configured average), coming early or late."""
    if habits.share <= 0:
        return plan
    rules = appointment_rules(site)
    rng = random.Random(f"{plan.seed}:bookings")
    taken: dict[tuple[str, datetime], int] = {}
    citizens: list[Citizen] = []
    for citizen in plan.citizens:
        settings = rules.service(citizen.service_id)
        service = site.service(citizen.service_id)
        wants = rng.random() < habits.share
        if settings is None or service is None or citizen.priority or not wants:
            citizens.append(citizen)
            continue
        length = timedelta(minutes=settings.slot_minutes)
        day = citizen.at.astimezone(site.timezone).date()
        slot = next(
            (s for s in settings.slots(day, site.timezone) if s <= citizen.at < s + length), None
        )
        room = slot_capacity(
            len(plan.counters_serving(citizen.service_id)),
            settings.slot_minutes,
            service.average_service_minutes,
            settings.walk_in_reserve,
        )
        if slot is None or taken.get((citizen.service_id, slot), 0) >= room:
            citizens.append(citizen)
            continue
        taken[(citizen.service_id, slot)] = taken.get((citizen.service_id, slot), 0) + 1
        offset = min(max(rng.gauss(habits.arrival_mean, habits.arrival_sd), -45.0), 40.0)
        citizens.append(
            replace(
                citizen,
                at=slot + timedelta(minutes=offset),
                slot_at=slot,
                never_comes=rng.random() < habits.never_comes,
            )
        )
    citizens.sort(key=lambda c: (c.at, c.service_id))
    return replace(plan, citizens=tuple(citizens))


def make_bookings(db: Path, plan: DayPlan, now: datetime) -> DayPlan:
    """Each booked citizen's booking made in the database (as a portal would the day before);
    one the core refuses comes as a walk-in."""
    store = Store.open(db)
    citizens: list[Citizen] = []
    try:
        for index, citizen in enumerate(plan.citizens):
            if citizen.slot_at is None:
                citizens.append(citizen)
                continue
            try:
                made = store.execute(
                    Book(citizen.service_id, citizen.slot_at, f"Công dân {index}"), now
                ).result
            except DomainError:
                citizens.append(replace(citizen, slot_at=None, never_comes=False))
                continue
            assert isinstance(made, Booking)
            citizens.append(replace(citizen, booking=made.code))
    finally:
        store.close()
    return replace(plan, citizens=tuple(citizens))


@dataclass(frozen=True)
class Punctuality:
    citizens: int
    """Planned for the day, booked or not."""
    booked: int
    never_came: int
    on_time: int
    """Holders whose ticket was issued at their slot (checked in, at once or coming back)."""
    too_late: int
    called_within: int
    """Of the holders with a ticket, those first called within ``ON_TIME_CALL`` of the slot."""
    called: int
    came_by_slot: int
    """Of the holders called, those whose ticket was issued by their slot's start (the issue's
    on-time holders: one who comes late cannot be called at the start)."""
    came_by_slot_within: int
    walk_in_p90: float | None
    walk_in_p50: float | None
    mean_wait: float | None
    """Everyone's, holders (from their check-in) and walk-ins: bookings move waits, not work."""

    @property
    def share(self) -> float | None:
        return None if not self.called else self.called_within / self.called

    @property
    def came_by_slot_share(self) -> float | None:
        return None if not self.came_by_slot else self.came_by_slot_within / self.came_by_slot


def punctuality(result: DayResult) -> Punctuality:
    plan = result.plan
    booked = [c for c in plan.citizens if c.booking is not None]
    holders = [t for t in result.tickets if t.appointment_at is not None]
    called = [t for t in holders if t.first_called_at is not None]
    within = [
        t
        for t in called
        if t.first_called_at - t.appointment_at <= ON_TIME_CALL  # type: ignore[operator]
    ]
    came = [t for t in called if t.issued_at <= t.appointment_at]  # type: ignore[operator]
    waits = sorted(
        w for t in result.tickets if t.appointment_at is None and (w := t.wait_minutes) is not None
    )
    everyone = [w for t in result.tickets if (w := t.wait_minutes) is not None]
    return Punctuality(
        citizens=len(plan.citizens),
        booked=len(booked),
        never_came=sum(c.never_comes for c in booked),
        on_time=len(holders),
        too_late=result.arrivals.get("too_late", 0),
        called_within=len(within),
        called=len(called),
        came_by_slot=len(came),
        came_by_slot_within=sum(t in within for t in came),
        walk_in_p90=percentile(waits, 0.9) if waits else None,
        walk_in_p50=percentile(waits, 0.5) if waits else None,
        mean_wait=sum(everyone) / len(everyone) if everyone else None,
    )


def lines(figures: Punctuality, without: Punctuality | None = None) -> list[str]:
    """What ``luot-sim`` prints of the day's appointments, and the same day without them."""
    share = "—" if figures.share is None else f"{figures.share:.0%}"
    punctual = figures.share is not None and figures.share >= PUNCTUAL_SHARE
    minutes = int(ON_TIME_CALL.total_seconds() // 60)
    came = figures.came_by_slot_share
    out = [
        f"appointments: {figures.booked} booked ({figures.booked / max(figures.citizens, 1):.0%} "
        f"of {figures.citizens} citizens), {figures.never_came} never came, "
        f"{figures.on_time} checked in, {figures.too_late} too late (a walk-in's ticket)",
        f"holders called within {minutes} min of their slot: "
        f"{share} ({figures.called_within}/{figures.called}) (target ≥ 90 %): "
        f"{'met' if punctual else 'NOT met'}",
        f"of them who came by their slot's start: {'—' if came is None else f'{came:.0%}'} "
        f"({figures.came_by_slot_within}/{figures.came_by_slot}) (target ≥ 90 %): "
        f"{'met' if came is not None and came >= PUNCTUAL_SHARE else 'NOT met'}",
        f"walk-ins' wait p50 {_min(figures.walk_in_p50)}, p90 {_min(figures.walk_in_p90)}",
    ]
    if without is not None and without.walk_in_p90 and figures.walk_in_p90 is not None:
        rise = figures.walk_in_p90 / without.walk_in_p90 - 1
        out.append(
            f"everyone's mean wait {_min(figures.mean_wait)}, "
            f"the same day without appointments {_min(without.mean_wait)}"
        )
        out.append(
            f"the same day without appointments: walk-ins' p50 {_min(without.walk_in_p50)}, "
            f"p90 {_min(without.walk_in_p90)}; p90 {rise:+.1%} with them (target ≤ +15 %): "
            f"{'met' if rise <= WALK_IN_RISE else 'NOT met'}"
        )
    return out


def _min(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f} min"
