"""A number taken by text is called only once its holder has checked in at a kiosk: no counter
is ever called to nobody, whichever the site's ``[sms] remote_unchecked`` rule.

On random queues with some tickets awaiting their holder's check-in: the domain's
``call_present`` never chooses one of them; ``skip`` leaves them waiting and chooses as if they
were not there, ``no_show`` marks those whose turn came and chooses from the rest; and the
store's call (its SQL, one lane's head at a time) does the same as the domain on the whole
queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_core.domain import CallNext, PriorityRatioPolicy, Ticket, TicketStatus, waits_for
from queue_core.domain.remote import Heads, Present, Unchecked, call_present, check_in_code
from queue_core.store import Store
from tests.queue_core.conftest import SMALL_SITE, open_store
from tests.queue_core.test_lanes import (
    CALLED_AT,
    COUNTERS,
    ONE_STORE,
    RATIO,
    Spec,
    fill,
    queues,
    tickets_of,
)

POLICY = PriorityRatioPolicy(RATIO)
absent_sets = st.sets(st.integers(1, 30), max_size=12)
"""Which tickets (by id) await their holder's check-in."""


def with_absent(tickets: list[Ticket], absent: set[int]) -> list[Ticket]:
    return [replace(t, awaiting_check_in=t.id in absent) for t in tickets]


def heads_of(tickets: list[Ticket]) -> Heads:
    return lambda left_out: [t for t in tickets if t.id not in left_out]


def domain_call(tickets: list[Ticket], counter: int, streak: int, rule: Unchecked) -> Present:
    return call_present(
        POLICY, counter, COUNTERS[counter], heads_of(tickets), streak, CALLED_AT, rule
    )


@ONE_STORE
@given(
    queue=queues,
    absent=absent_sets,
    counter=st.sampled_from(sorted(COUNTERS)),
    streak=st.integers(0, RATIO + 1),
    rule=st.sampled_from(Unchecked),
)
def test_the_call_reaches_only_those_present(
    store: Store,
    queue: list[Spec],
    absent: set[int],
    counter: int,
    streak: int,
    rule: Unchecked,
) -> None:
    tickets = with_absent(tickets_of(store, queue), absent)
    present = domain_call(tickets, counter, streak, rule)
    here = [t for t in tickets if not t.awaiting_check_in]
    mine = [t for t in here if waits_for(t, counter, COUNTERS[counter])]
    # nobody is called to an empty counter, and a counter with someone here calls someone
    assert (present.choice is None) == (not mine)
    assert present.choice is None or not present.choice.ticket.awaiting_check_in
    assert all(t.awaiting_check_in for t in present.passed)
    if rule is Unchecked.SKIP:
        assert present.passed == ()
        assert present.choice == POLICY.choose(counter, COUNTERS[counter], here, streak, CALLED_AT)
    else:
        gone = {t.id for t in present.passed}
        left = [t for t in tickets if t.id not in gone]
        assert present.choice == POLICY.choose(counter, COUNTERS[counter], left, streak, CALLED_AT)
    if not absent & {t.id for t in tickets}:  # nobody from afar: the policy as it always was
        assert present == Present(POLICY.choose(counter, COUNTERS[counter], tickets, streak,
                                                CALLED_AT))  # fmt: skip


@pytest.fixture(params=list(Unchecked))
def ruled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Unchecked]]:
    """The test site under each rule for those not checked in."""
    rule = Unchecked(request.param)
    sms = f'\n[sms]\ndriver = "modem"\nport = "/dev/null"\nremote_unchecked = "{rule}"\n'
    store = open_store(tmp_path / f"{rule}.db", SMALL_SITE + sms)
    yield store, rule
    store.close()


@ONE_STORE
@given(queue=queues, absent=absent_sets, counter=st.sampled_from(sorted(COUNTERS)))
def test_the_store_calls_as_the_domain_on_the_whole_queue(
    ruled: tuple[Store, Unchecked], queue: list[Spec], absent: set[int], counter: int
) -> None:
    store, rule = ruled
    tickets = with_absent(tickets_of(store, queue), absent)
    present = domain_call(tickets, counter, 0, rule)
    fill(store, tickets, 0)
    called = store.execute(CallNext(counter), CALLED_AT).result
    assert called is None or isinstance(called, Ticket)
    expected = None if present.choice is None else present.choice.ticket.id
    assert (None if called is None else called.id) == expected
    for ticket in tickets:
        now = store.ticket(ticket.id)
        assert now is not None
        if ticket in present.passed:
            assert now.status is TicketStatus.NO_SHOW and now.counter is None
        elif ticket.id != expected:
            assert now.status is TicketStatus.WAITING
            assert now.awaiting_check_in == ticket.awaiting_check_in


def test_a_check_in_code_looks_like_a_booking_code_and_differs_by_ticket() -> None:
    codes = {check_in_code(f"token-{n}") for n in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and not set(c) & set("01OI") for c in codes)
    assert check_in_code("token-1") == check_in_code("token-1")
