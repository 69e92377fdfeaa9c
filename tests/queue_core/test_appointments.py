"""Appointments in the store: slots and their capacity, a booking's life, check-in into the
appointment lane, called at its slot before walk-ins, missed after its grace; four processes
booking the same slots never overbook."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from queue_core.domain import (
    Book,
    CallNext,
    CancelBooking,
    CheckIn,
    CounterState,
    DomainError,
    IssueTicket,
    Lane,
    SetCounterState,
    StartService,
    SweepBookings,
    Ticket,
    lane,
)
from queue_core.domain.appointments import (
    CODE_ALPHABET,
    Arrival,
    Booking,
    BookingStatus,
    normalise_booking_code,
    slot_capacity,
)
from queue_core.store import Store, TicketView, bookings_of_day, slots_of_day
from queue_core.store.estimate import live_figures
from queue_core.store.handlers.bookings import CheckedIn
from tests.queue_core.conftest import MORNING, SMALL_SITE, open_store

# lltp: counters 1 and 3, 8 minutes each by the site's default; 15-minute slots, half kept for
# walk-ins: 2 * 15 / 8 * 0.5 = 1.875 -> 1 booking a slot.
APPOINTMENTS = """
[appointments]
early_minutes = 30
grace_minutes = 10

[appointments.services.lltp]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["08:00-11:00", "14:00-16:00"]
slot_minutes = 15
walk_in_reserve = 0.5

[appointments.services.chungthuc]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["08:00-17:00"]
slot_minutes = 30
walk_in_reserve = 0.25
"""
SITE = SMALL_SITE + APPOINTMENTS
TEN = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội, MORNING is 09:00


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "luot.db", SITE)


def book(store: Store, slot: datetime, name: str = "Nguyễn Văn An", **kw: object) -> Booking:
    outcome = store.execute(Book("lltp", slot, name, **kw), MORNING)  # type: ignore[arg-type]
    return cast(Booking, outcome.result)


def test_capacity_follows_counters_slot_average_and_reserve() -> None:
    assert slot_capacity(2, 15, 8.0, 0.5) == 1
    assert slot_capacity(3, 30, 8.0, 0.25) == 8  # 11.25 * 0.75 = 8.4
    assert slot_capacity(0, 30, 8.0, 0.0) == 0


def test_the_days_slots_with_their_room(store: Store) -> None:
    day = store.site.business_day(MORNING)
    slots = slots_of_day(store.conn, store.site, "lltp", day)
    assert len(slots) == 12 + 8
    assert slots[0].slot_at == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    assert {s.capacity for s in slots} == {1}
    assert slots_of_day(store.conn, store.site, "datdai", day) == []


def test_a_booking_has_a_short_unambiguous_code_and_a_full_slot_is_refused(store: Store) -> None:
    made = book(store, TEN, phone="0912 345 678")
    assert len(made.code) == 6 and set(made.code) <= set(CODE_ALPHABET)
    assert not set(made.code) & set("0O1I")
    assert made.phone == "0912345678" and made.status is BookingStatus.BOOKED
    with pytest.raises(DomainError) as refused:
        book(store, TEN, "Trần Thị Bình")
    assert refused.value.code == "slot_full"
    assert len(bookings_of_day(store.conn, TEN.date())) == 1


@pytest.mark.parametrize(
    ("slot", "name", "phone", "code"),
    [
        (TEN + timedelta(minutes=5), "Nguyễn Văn An", None, "not_a_slot"),
        (MORNING - timedelta(hours=2), "Nguyễn Văn An", None, "not_a_slot"),
        (MORNING - timedelta(minutes=15), "Nguyễn Văn An", None, "slot_past"),
        (TEN + timedelta(days=30), "Nguyễn Văn An", None, "too_far_ahead"),
        (TEN, "A", None, "invalid_name"),
        (TEN, "Nguyễn Văn An", "12345", "invalid_phone"),
    ],
)
def test_a_bad_booking_is_refused_and_nothing_is_kept(
    store: Store, slot: datetime, name: str, phone: str | None, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        book(store, slot, name, phone=phone)
    assert refused.value.code == code
    assert bookings_of_day(store.conn, TEN.date()) == []


def test_a_service_without_appointments_refuses_a_booking(store: Store) -> None:
    with pytest.raises(DomainError) as refused:
        store.execute(Book("datdai", TEN, "Nguyễn Văn An"), MORNING)
    assert refused.value.code == "no_appointments"


def test_a_pushed_booking_is_taken_once(store: Store) -> None:
    first = book(store, TEN, source="api", external_id="DVC-1")
    again = book(store, TEN, source="api", external_id="DVC-1")
    assert again.code == first.code
    assert len(bookings_of_day(store.conn, TEN.date())) == 1


def test_codes_are_read_as_typed_or_scanned() -> None:
    assert normalise_booking_code(" abc-23x ") == "ABC23X"
    assert normalise_booking_code("https://hcc.example/book/ABC23X") == "ABC23X"
    assert normalise_booking_code("ABC10X") is None  # 1 and 0 are never in a code


def check_in(store: Store, code: str, at: datetime) -> CheckedIn:
    return cast(CheckedIn, store.execute(CheckIn(code), at).result)


def test_check_in_too_early_on_time_and_too_late(store: Store) -> None:
    early, on_time, late = (book(store, TEN + timedelta(minutes=15 * i)) for i in range(3))
    too_early = check_in(store, early.code, TEN - timedelta(minutes=45))
    assert too_early.judgement.arrival is Arrival.TOO_EARLY
    assert too_early.judgement.come_back_at == TEN - timedelta(minutes=30)
    assert too_early.ticket is None and too_early.booking.status is BookingStatus.BOOKED

    arrived = check_in(store, on_time.code, TEN + timedelta(minutes=10))
    assert arrived.judgement.arrival is Arrival.ON_TIME and arrived.ticket is not None
    ticket = arrived.ticket.ticket
    assert ticket.appointment_at == TEN + timedelta(minutes=15)
    assert lane(ticket) is Lane.APPOINTMENT
    assert arrived.booking.status is BookingStatus.CHECKED_IN
    assert arrived.booking.ticket_id == ticket.id
    with pytest.raises(DomainError) as twice:
        check_in(store, on_time.code, TEN + timedelta(minutes=11))
    assert twice.value.code == "booking_closed"

    too_late = check_in(store, late.code, TEN + timedelta(minutes=41))
    assert too_late.judgement.arrival is Arrival.TOO_LATE and too_late.ticket is None
    assert too_late.booking.status is BookingStatus.MISSED


def test_an_unknown_code_is_named(store: Store) -> None:
    with pytest.raises(DomainError) as refused:
        store.execute(CheckIn("ZZZZZZ"), MORNING)
    assert refused.value.code == "unknown_booking"


def test_a_checked_in_holder_is_called_at_their_slot_before_walk_ins(store: Store) -> None:
    store.execute(SetCounterState(1, CounterState.OPEN), MORNING)
    booked = book(store, TEN)
    for _ in range(3):
        store.execute(IssueTicket("lltp"), TEN - timedelta(minutes=20))
    arrived = check_in(store, booked.code, TEN - timedelta(minutes=10))
    assert arrived.ticket is not None and arrived.ticket.ahead == 0
    # before the slot a walk-in goes first
    first = cast(Ticket, store.execute(CallNext(1), TEN - timedelta(minutes=5)).result)
    assert first.appointment_at is None
    store.execute(StartService(1), TEN - timedelta(minutes=4))
    # the slot has begun: the holder is next, ahead of the walk-ins who came before them
    second = cast(Ticket, store.execute(CallNext(1), TEN + timedelta(minutes=1)).result)
    assert second.id == arrived.ticket.ticket.id


def test_a_holder_early_is_called_when_nobody_else_waits(store: Store) -> None:
    store.execute(SetCounterState(1, CounterState.OPEN), MORNING)
    arrived = check_in(store, book(store, TEN).code, TEN - timedelta(minutes=25))
    assert arrived.ticket is not None
    called = cast(Ticket, store.execute(CallNext(1), TEN - timedelta(minutes=20)).result)
    assert called.id == arrived.ticket.ticket.id


def test_a_walk_ins_estimate_counts_the_bookings_ahead(store: Store) -> None:
    store.execute(SetCounterState(3, CounterState.OPEN), MORNING)
    for i in range(3):
        book(store, TEN + timedelta(minutes=15 * i), f"Người đặt {i}")
    # 10:01: the 10:00 holder, not here yet, still within their grace, goes first; the 10:15
    # one's slot begins after this walk-in's 8 minutes (one counter, 8 minutes a visit)
    offered = store.estimates(TEN.date(), TEN + timedelta(minutes=1)).minutes("lltp")
    assert offered == 8  # what the kiosk's tile says a new ticket waits
    walk_in = cast(
        TicketView, store.execute(IssueTicket("lltp"), TEN + timedelta(minutes=1)).result
    )
    assert (walk_in.ahead, walk_in.estimate_minutes) == (1, 8)
    # Its live figures (the phone page's, the kiosk's) count the same holder, and neither of
    # the later ones
    state = store.estimates(TEN.date(), TEN + timedelta(minutes=1))
    live = live_figures(store.conn, store.site, walk_in.ticket, state)
    assert (live.ahead, live.minutes) == (1, 8)
    # 10:09: the first walk-in and the 10:00 and 10:15 holders make 24 minutes, by which the
    # 10:30 holder's slot has begun too: four ahead of a second walk-in
    second = cast(TicketView, store.execute(IssueTicket("lltp"), TEN + timedelta(minutes=9)).result)
    assert (second.ahead, second.estimate_minutes) == (4, 32)


def test_a_walk_ins_estimate_counts_holders_from_when_they_may_be_called(tmp_path: Path) -> None:
    ahead_ten = SITE.replace("grace_minutes = 10", "grace_minutes = 10\ncall_ahead_minutes = 10")
    store = open_store(tmp_path / "luot.db", ahead_ten)
    store.execute(SetCounterState(3, CounterState.OPEN), MORNING)
    for i in range(3):
        book(store, TEN + timedelta(minutes=15 * i), f"Người đặt {i}")
    # 10:01: the 10:15 holder may be called from 10:05, inside the 8 minutes the 10:00 one
    # makes, so it goes first too; the 10:30 one (from 10:20) is not reached in 16
    walk_in = cast(
        TicketView, store.execute(IssueTicket("lltp"), TEN + timedelta(minutes=1)).result
    )
    assert (walk_in.ahead, walk_in.estimate_minutes) == (2, 16)


def test_never_checked_in_is_missed_after_the_grace(store: Store) -> None:
    booked = book(store, TEN)
    cancelled = book(store, TEN + timedelta(minutes=15), "Trần Thị Bình")
    store.execute(CancelBooking(cancelled.code, "đổi lịch"), MORNING)
    assert store.execute(SweepBookings(), TEN + timedelta(minutes=10)).result == 0
    assert store.execute(SweepBookings(), TEN + timedelta(minutes=11)).result == 1
    by_code = {b.code: b for b in bookings_of_day(store.conn, TEN.date())}
    assert by_code[booked.code].status is BookingStatus.MISSED
    assert by_code[cancelled.code].status is BookingStatus.CANCELLED
    assert by_code[cancelled.code].cancel_reason == "đổi lịch"


def _book_many(
    path: str, slots: list[datetime], results: multiprocessing.Queue[tuple[int, int]]
) -> None:
    store = Store.open(path)
    taken = refused = 0
    for i, slot in enumerate(slots):
        try:
            store.execute(Book("chungthuc", slot, f"Người đặt {i}"), MORNING)
            taken += 1
        except DomainError as error:
            assert error.code in ("slot_full", "database_busy"), error.code
            refused += 1
    store.close()
    results.put((taken, refused))


def test_four_processes_booking_the_same_slots_never_exceed_capacity(tmp_path: Path) -> None:
    path = tmp_path / "luot.db"
    store = open_store(path, SITE)
    day = store.site.business_day(MORNING)
    slots = [s.slot_at for s in slots_of_day(store.conn, store.site, "chungthuc", day)][4:8]
    capacity = slots_of_day(store.conn, store.site, "chungthuc", day)[0].capacity
    assert capacity == 5  # counters 1 and 2: 2 * 30 / 8 * 0.75 = 5.6
    wanted = [slot for slot in slots for _ in range(capacity * 2)]
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[tuple[int, int]] = context.Queue()
    workers = [
        context.Process(target=_book_many, args=(str(path), wanted, results)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    answers = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert sum(taken for taken, _ in answers) == capacity * len(slots)
    per_slot = {s.slot_at: s.booked for s in slots_of_day(store.conn, store.site, "chungthuc", day)}
    assert [per_slot[slot] for slot in slots] == [capacity] * len(slots)
