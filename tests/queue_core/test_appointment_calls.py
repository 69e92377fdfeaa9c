"""Hypothesis drives days of bookings and walk-ins through the real store: book, check in,
call, cancel, miss. No holder is called before their slot unless nobody else waits for the
counter (but holders whose slots are later still); no walk-in is overtaken by a holder whose
slot has not begun; a holder whose slot has begun goes before the walk-ins; no slot holds
more than its capacity; the missed are those who never checked in by their grace. Again on a
site whose holders may be called ``call_ahead_minutes`` before their slot: "begun" then means
"begins within that"."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from queue_core.domain import (
    Book,
    CallNext,
    CancelBooking,
    CheckIn,
    CounterState,
    DomainError,
    FinishService,
    IssueTicket,
    Lane,
    SetCounterState,
    StartService,
    SweepBookings,
    Ticket,
    TicketStatus,
    lane,
    waits_for,
)
from queue_core.domain.appointments import BookingStatus, appointment_rules
from queue_core.store import bookings_of_day, slots_of_day
from tests.queue_core.conftest import MORNING, open_store
from tests.queue_core.test_appointments import SITE

SERVICES = ["lltp", "chungthuc", "datdai"]
BOOKABLE = ["lltp", "chungthuc"]
COUNTERS = {1: ("lltp", "chungthuc"), 2: ("chungthuc",), 3: ("datdai", "lltp")}


class BookedDay(RuleBasedStateMachine):
    site = SITE

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.store = open_store(Path(self.dir.name) / "luot.db", self.site)
        self.now = MORNING - timedelta(hours=1, minutes=10)  # 07:50, before the first slot
        self.codes: list[str] = []
        self.margins = appointment_rules(self.store.site)

    def teardown(self) -> None:
        self.store.close()
        self.dir.cleanup()

    def run(self, command: object) -> object:
        try:
            return self.store.execute(command, self.now).result  # type: ignore[arg-type]
        except DomainError:
            return None

    @initialize(opened=st.sets(st.sampled_from(sorted(COUNTERS)), min_size=1))
    def open_some(self, opened: set[int]) -> None:
        for counter in opened:
            self.run(SetCounterState(counter, CounterState.OPEN))

    @rule(minutes=st.integers(0, 25))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes, seconds=1)

    @rule(service=st.sampled_from(BOOKABLE), pick=st.integers(0, 40), name=st.sampled_from(
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Cường"]))  # fmt: skip
    def book(self, service: str, pick: int, name: str) -> None:
        day = self.store.site.business_day(self.now)
        ahead = [s.slot_at for s in slots_of_day(self.store.conn, self.store.site, service, day)
                 if s.slot_at > self.now]  # fmt: skip
        if ahead:  # mostly the next few slots, so that holders arrive while others wait
            soon = ahead[:4] if pick % 5 else ahead
            booked = self.run(Book(service, soon[pick % len(soon)], name))
            if booked is not None:
                self.codes.append(booked.code)  # type: ignore[attr-defined]

    @rule(pick=st.integers(0, 100), on_time=st.booleans())
    def check_in(self, pick: int, on_time: bool) -> None:
        """A holder at the kiosk: often one whose window is open now, else anyone booked."""
        day = self.store.site.business_day(self.now)
        opens, closes = self.now + self.margins.early, self.now - self.margins.grace
        booked = [
            b.code
            for b in bookings_of_day(self.store.conn, day)
            if b.status is BookingStatus.BOOKED and (not on_time or closes <= b.slot_at <= opens)
        ]
        codes = booked or self.codes
        if codes:
            self.run(CheckIn(codes[pick % len(codes)]))

    @rule(pick=st.integers(0, 100))
    def cancel(self, pick: int) -> None:
        if self.codes:
            self.run(CancelBooking(self.codes[pick % len(self.codes)], "đổi lịch"))

    @rule(service=st.sampled_from(SERVICES), priority=st.booleans())
    def walk_in(self, service: str, priority: bool) -> None:
        self.run(IssueTicket(service, priority=priority))

    @rule(counter=st.sampled_from(sorted(COUNTERS)))
    def open_counter(self, counter: int) -> None:
        self.run(SetCounterState(counter, CounterState.OPEN))

    @rule(counter=st.sampled_from(sorted(COUNTERS)), serve=st.booleans())
    def call_next(self, counter: int, serve: bool) -> None:
        waiting = self.store.tickets(status=TicketStatus.WAITING)
        called = self.run(CallNext(counter))
        if isinstance(called, Ticket):
            self.check_turn(counter, called, waiting)
            if serve:
                self.run(StartService(counter))
                self.run(FinishService(counter))

    @rule()
    def sweep(self) -> None:
        self.run(SweepBookings())

    # --- what must always hold -------------------------------------------------------

    def check_turn(self, counter: int, called: Ticket, waiting: list[Ticket]) -> None:
        mine = [t for t in waiting if waits_for(t, counter, COUNTERS[counter])]
        others = [t for t in mine if t.id != called.id]
        event("a holder called" if called.appointment_at is not None else "a walk-in called")
        begun = self.now + self.margins.call_ahead
        early = [t for t in others if t.appointment_at is not None and t.appointment_at > begun]
        if called.appointment_at is not None and called.appointment_at > begun:
            # before its slot only when nobody waits but holders whose slot is later still
            rest = [t for t in others if t not in early]
            assert not rest, f"{called.number} called before its slot while others waited"
            assert all(called.appointment_at <= t.appointment_at for t in early)  # type: ignore[operator]
        if called.appointment_at is None and lane(called) in (Lane.PRIORITY, Lane.NORMAL):
            due = [t for t in mine if lane(t) is Lane.APPOINTMENT
                   and t.appointment_at is not None and t.appointment_at <= begun]  # fmt: skip
            assert not due, f"walk-in {called.number} called before a holder whose slot began"

    @invariant()
    def no_slot_holds_more_than_its_capacity(self) -> None:
        day = self.store.site.business_day(self.now)
        for service in BOOKABLE:
            for slot in slots_of_day(self.store.conn, self.store.site, service, day):
                assert slot.booked <= slot.capacity

    @invariant()
    def a_booking_and_its_ticket_agree(self) -> None:
        day = self.store.site.business_day(self.now)
        for booking in bookings_of_day(self.store.conn, day):
            if booking.status is BookingStatus.CHECKED_IN:
                assert booking.ticket_id is not None
                ticket = self.store.ticket(booking.ticket_id)
                assert ticket is not None and ticket.appointment_at == booking.slot_at
                assert booking.checked_in_at is not None
                assert booking.checked_in_at <= booking.slot_at + self.margins.grace
            else:
                assert booking.ticket_id is None
            if booking.status is BookingStatus.MISSED:
                assert booking.closed_at is not None
                assert booking.closed_at > booking.slot_at + self.margins.grace


TestBookedDay = BookedDay.TestCase
TestBookedDay.settings = settings(
    max_examples=40,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class BookedDayCallingAhead(BookedDay):
    site = SITE.replace("[appointments]\n", "[appointments]\ncall_ahead_minutes = 5\n", 1)


TestBookedDayCallingAhead = BookedDayCallingAhead.TestCase
TestBookedDayCallingAhead.settings = settings(
    max_examples=25,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
