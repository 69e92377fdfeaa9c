"""The lane rule has one statement, the domain's; the store's SQL is held to it here.

On random queues (directed, front, booked holders' whose slot has begun or not, priority and
normal tickets of several services, ties in time), the store calls the ticket
``PriorityRatioPolicy`` chooses, counts the people ahead of each ticket in ``calling_order``,
keeps the waiting counts per ``lane``, and lists a counter's queue in ``calling_order`` among
the tickets that ``waits_for`` it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queue_core.domain import (
    CallNext,
    PriorityRatioPolicy,
    Ticket,
    calling_order,
    lane,
    queue_order,
    waits_for,
)
from queue_core.store import Store

# This test is about the store's SQL itself, so it writes tickets straight into the table.
from queue_core.store.records import ticket_to_row
from tests.queue_core.conftest import MORNING

COUNTERS = {1: ("lltp", "chungthuc"), 2: ("chungthuc",), 3: ("datdai", "lltp")}
SERVICES = ("lltp", "chungthuc", "datdai")
RATIO = 2  # SMALL_SITE's priority_ratio


@dataclass(frozen=True)
class Spec:
    service: str
    priority: bool
    sent: str | int | None  # "front", "booked" (a holder checked in), a counter, or None
    minute: int


specs = st.builds(
    Spec,
    st.sampled_from(SERVICES),
    st.booleans(),
    st.sampled_from([None, None, "front", "booked", *COUNTERS]),
    st.integers(0, 4),  # few distinct times, so that the id often breaks the tie
)
CALLED_AT = MORNING + timedelta(minutes=10)
"""When the calls are made: a booked holder's slot (``minute`` * 5) has begun by then, or not."""
queues = st.lists(specs, max_size=30)


def tickets_of(store: Store, queue: list[Spec]) -> list[Ticket]:
    day = store.site.business_day(MORNING)
    tickets = []
    for ticket_id, spec in enumerate(queue, start=1):
        moment = MORNING + timedelta(minutes=spec.minute)
        slot = MORNING + timedelta(minutes=5 * spec.minute) if spec.sent == "booked" else None
        service = store.site.service(spec.service)
        assert service is not None
        tickets.append(
            Ticket(
                id=ticket_id,
                number=str(ticket_id),
                service_id=service.id,
                agency_id=service.agency_id,
                issued_service_id=service.id,
                business_day=day,
                issued_at=moment,
                queue_at=slot or moment,
                public_token=f"t{ticket_id}",
                priority=spec.priority and slot is None,
                appointment_at=slot,
                front=spec.sent == "front",
                target_counter=spec.sent if isinstance(spec.sent, int) else None,
            )
        )
    return tickets


def fill(store: Store, tickets: list[Ticket], streak: int) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM tickets")
        conn.execute("DELETE FROM waiting_counts")
        conn.execute(
            "UPDATE counter_status SET state = 'open', ticket_id = NULL, priority_streak = ?",
            (streak,),
        )
        for ticket in tickets:
            row = ticket_to_row(ticket)
            columns = ", ".join(row)
            conn.execute(
                f"INSERT INTO tickets({columns}) VALUES ({', '.join(':' + c for c in row)})", row
            )


ONE_STORE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ONE_STORE
@given(queue=queues, counter=st.sampled_from(sorted(COUNTERS)), streak=st.integers(0, RATIO + 1))
def test_a_call_takes_the_ticket_the_policy_chooses(
    store: Store, queue: list[Spec], counter: int, streak: int
) -> None:
    tickets = tickets_of(store, queue)
    fill(store, tickets, streak)
    policy = PriorityRatioPolicy(RATIO)
    choice = policy.choose(counter, COUNTERS[counter], tickets, streak, CALLED_AT)
    called = store.execute(CallNext(counter), CALLED_AT).result
    if choice is None:
        assert called is None
        return
    assert isinstance(called, Ticket)
    assert called.id == choice.ticket.id
    assert store.counter_status(counter).priority_streak == choice.priority_streak


@ONE_STORE
@given(queue=queues)
def test_the_people_ahead_are_those_before_in_calling_order(
    store: Store, queue: list[Spec]
) -> None:
    tickets = tickets_of(store, queue)
    fill(store, tickets, 0)
    for ticket in tickets:
        if ticket.target_counter is not None:  # its counter's work only
            before = [
                t
                for t in tickets
                if t.target_counter == ticket.target_counter
                and queue_order(t) < queue_order(ticket)
            ]
        else:
            before = [
                t
                for t in tickets
                if t.service_id == ticket.service_id and calling_order(t) < calling_order(ticket)
            ]
        assert store.live_figures(ticket)[0] == len(before), ticket


@ONE_STORE
@given(queue=queues)
def test_many_tickets_read_at_once_have_each_its_own_figures(
    store: Store, queue: list[Spec]
) -> None:
    """The phone pages' feed reads every followed ticket in one walk down the queue
    (``live_waits``); each must show what the ticket read alone shows."""
    tickets = tickets_of(store, queue)
    fill(store, tickets, 0)
    assert store.live_waits(tickets) == {t.id: store.live_wait(t) for t in tickets}


@ONE_STORE
@given(queue=queues)
def test_the_waiting_counts_are_kept_per_lane(store: Store, queue: list[Spec]) -> None:
    tickets = tickets_of(store, queue)
    fill(store, tickets, 0)
    kept = store.db.execute(
        "SELECT service_id, lane, n FROM waiting_counts WHERE n != 0"
    ).fetchall()
    assert Counter({(s, lane_value): n for s, lane_value, n in kept}) == Counter(
        (t.service_id, int(lane(t))) for t in tickets
    )


@ONE_STORE
@given(queue=queues, counter=st.sampled_from(sorted(COUNTERS)))
def test_a_counters_queue_is_listed_in_calling_order(
    store: Store, queue: list[Spec], counter: int
) -> None:
    tickets = tickets_of(store, queue)
    fill(store, tickets, 0)
    services = COUNTERS[counter]
    listed = store.waiting_for(counter, services, store.site.business_day(MORNING), 100)
    mine = sorted((t for t in tickets if waits_for(t, counter, services)), key=calling_order)
    assert [t.id for t in listed] == [t.id for t in mine]
