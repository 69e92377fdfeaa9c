"""The simulator's booked citizens: a share books the slot their visit falls in, never past the
core's capacity, and comes early or late by the spread; their bookings are taken by the core's
own store; the day's punctuality and the walk-ins' waits are read from the tickets."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from queue_core.config import SAMPLE_SITE, load_site, parse_site
from queue_core.domain.appointments import appointment_rules, slot_capacity
from queue_core.store import Store, bookings_of_day
from simulator import appointments
from simulator.plan import make_plan
from simulator.results import DayResult, TicketRecord

DAY = date(2026, 11, 25)


def booking_site(reserve: float = 0.5, call_ahead: int = 0) -> tuple[str, object]:
    site, text = load_site(SAMPLE_SITE)
    booked_text = appointments.with_appointments(text, site, reserve, call_ahead)
    logo = str(site.extra["board"]["logo"])  # type: ignore[index]
    absolute = SAMPLE_SITE.parent / logo
    booked_text = booked_text.replace(f'logo = "{logo}"', f'logo = "{absolute}"')
    return booked_text, parse_site(booked_text)[0]


def test_the_written_site_keeps_the_reserve_and_calls_ahead_as_told() -> None:
    _text, site = booking_site(0.67, 5)
    rules = appointment_rules(site)  # type: ignore[arg-type]
    assert rules.call_ahead == timedelta(minutes=5)
    assert {s.walk_in_reserve for s in rules.services} == {0.67}
    plan = make_plan(site, DAY, seed=1)  # type: ignore[arg-type]
    wider = appointments.book_citizens(plan, site, appointments.Habits(0.3))  # type: ignore[arg-type]
    _text, half = booking_site()
    booked = appointments.book_citizens(plan, half, appointments.Habits(0.3))  # type: ignore[arg-type]
    count = [sum(c.slot_at is not None for c in p.citizens) for p in (wider, booked)]
    assert 0 < count[0] < count[1]


def test_a_share_books_within_each_slots_capacity_and_comes_around_its_slot() -> None:
    _text, site = booking_site()
    plan = make_plan(site, DAY, seed=1)  # type: ignore[arg-type]
    booked = appointments.book_citizens(plan, site, appointments.Habits(0.3))  # type: ignore[arg-type]
    assert len(booked.citizens) == len(plan.citizens)
    holders = [c for c in booked.citizens if c.slot_at is not None]
    eligible = [c for c in plan.citizens if not c.priority]
    assert 0.1 * len(eligible) < len(holders) < 0.3 * len(eligible)  # room runs out at peaks
    rules = appointment_rules(site)  # type: ignore[arg-type]
    per_slot = Counter((c.service_id, c.slot_at) for c in holders)
    for (service_id, _slot), n in per_slot.items():
        settings = rules.service(service_id)
        service = site.service(service_id)  # type: ignore[attr-defined]
        assert settings is not None
        room = slot_capacity(
            len(plan.counters_serving(service_id)), settings.slot_minutes,
            service.average_service_minutes, settings.walk_in_reserve,
        )  # fmt: skip
        assert n <= room
    offsets = [(c.at - c.slot_at).total_seconds() / 60 for c in holders if c.slot_at]
    assert min(offsets) >= -45 and max(offsets) <= 40
    assert sum(offsets) / len(offsets) < 0  # most come a little early
    assert 0 < sum(c.never_comes for c in holders) < len(holders) / 4


def test_the_core_takes_every_booking_the_plan_made(tmp_path: Path) -> None:
    text, site = booking_site()
    db = tmp_path / "luot.db"
    plan = appointments.book_citizens(
        make_plan(site, DAY, seed=2),
        site,
        appointments.Habits(0.3),  # type: ignore[arg-type]
    )
    start = plan.start - timedelta(minutes=10)
    store = Store.open(db)
    store.import_site(text, start)
    store.close()
    made = appointments.make_bookings(db, plan, start)
    codes = [c.booking for c in made.citizens if c.booking]
    assert len(codes) == len([c for c in plan.citizens if c.slot_at is not None])
    store = Store.open(db)
    try:
        assert sorted(b.code for b in bookings_of_day(store.conn, DAY)) == sorted(codes)
    finally:
        store.close()


def test_punctuality_and_the_walk_ins_waits_come_from_the_tickets() -> None:
    _text, site = booking_site()
    plan = make_plan(site, DAY, seed=1)  # type: ignore[arg-type]
    slot = datetime(2026, 11, 25, 2, 0).astimezone()
    at = slot - timedelta(minutes=5)

    def record(n: int, called_after: float, appointment: datetime | None) -> TicketRecord:
        return TicketRecord(n, str(n), "s", DAY, False, at, 0, at + timedelta(minutes=called_after),
                            appointment)  # fmt: skip

    late = record(13, 20, slot)
    late.issued_at = slot + timedelta(minutes=4)  # came after the slot's start: called at 15
    tickets = [
        record(1, 12, slot),
        record(2, 25, slot),
        *(record(i, i, None) for i in range(3, 13)),
        late,
    ]
    figures = appointments.punctuality(DayResult(plan, tickets, arrivals={"too_late": 2}))
    assert (figures.called_within, figures.called, figures.too_late) == (1, 3, 2)
    assert (figures.came_by_slot_within, figures.came_by_slot) == (1, 2)
    assert figures.citizens == len(plan.citizens)
    assert figures.mean_wait is not None and abs(figures.mean_wait - 123 / 13) < 1e-9
    assert figures.walk_in_p90 is not None and 10 <= figures.walk_in_p90 <= 12
    lines = appointments.lines(figures, figures)
    assert lines[1].endswith("slot: 33% (1/3) (target ≥ 90 %): NOT met")
    assert lines[2].endswith("slot's start: 50% (1/2) (target ≥ 90 %): NOT met")
    assert lines[-1].endswith("p90 +0.0% with them (target ≤ +15 %): met")
