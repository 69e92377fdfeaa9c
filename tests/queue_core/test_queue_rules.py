"""Hypothesis drives random days of the queue through the real store and checks its promises.

Unique numbers per service and day, every ticket in exactly one consistent state, no
normal ticket overtaken except by the priority ratio or a transfer, gapless events, and
an event log that rebuilds the tickets table.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from queue_core.domain import (
    CallNext,
    CounterState,
    DomainError,
    FinishService,
    IssueTicket,
    Lane,
    MarkNoShow,
    Position,
    Recall,
    ResetDay,
    SetCounterState,
    StartService,
    Ticket,
    TicketStatus,
    Transfer,
    lane,
    queue_order,
)
from tests.queue_core.conftest import MORNING, open_store

SERVICES = ["lltp", "chungthuc", "datdai"]
COUNTERS = {1: ["lltp", "chungthuc"], 2: ["chungthuc"], 3: ["datdai", "lltp"]}
RATIO = 2


class QueueDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.store = open_store(Path(self.dir.name) / "luot.db")
        self.now = MORNING
        self.acknowledged: set[int] = set()
        self.priority_run = dict.fromkeys(COUNTERS, 0)

    def teardown(self) -> None:
        self.store.close()
        self.dir.cleanup()

    def run(self, command: object) -> object:
        try:
            return self.store.execute(command, self.now).result  # type: ignore[arg-type]
        except DomainError:
            return None

    @rule(minutes=st.integers(0, 20))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes, seconds=1)

    @rule(service=st.sampled_from(SERVICES), priority=st.booleans())
    def issue(self, service: str, priority: bool) -> None:
        view = self.run(IssueTicket(service, priority=priority))
        if view is not None:
            self.acknowledged.add(view.ticket.id)  # type: ignore[attr-defined]

    @rule(batch=st.lists(st.tuples(st.sampled_from(SERVICES), st.booleans()), max_size=6))
    def a_crowd_arrives(self, batch: list[tuple[str, bool]]) -> None:
        for service, priority in batch:
            self.issue(service, priority)

    @rule(counter=st.sampled_from(sorted(COUNTERS)), times=st.integers(1, 4))
    def serve_several(self, counter: int, times: int) -> None:
        for _ in range(times):
            self.call_next(counter)
            self.run(StartService(counter))

    @rule(counter=st.sampled_from(sorted(COUNTERS)), state=st.sampled_from(list(CounterState)))
    def set_counter(self, counter: int, state: CounterState) -> None:
        self.run(SetCounterState(counter, state))

    @rule(counter=st.sampled_from(sorted(COUNTERS)))
    def call_next(self, counter: int) -> None:
        waiting = self.store.tickets(status=TicketStatus.WAITING)
        called = self.run(CallNext(counter))
        if isinstance(called, Ticket):
            self.check_fair(counter, called, waiting)

    @rule(
        counter=st.sampled_from(sorted(COUNTERS)),
        action=st.sampled_from([Recall, StartService, FinishService, MarkNoShow]),
    )
    def act(self, counter: int, action: type) -> None:
        self.run(action(counter))

    @rule(
        counter=st.sampled_from(sorted(COUNTERS)),
        to_service=st.sampled_from([*SERVICES, None]),
        to_counter=st.sampled_from(sorted(COUNTERS)),
        position=st.sampled_from(list(Position)),
    )
    def transfer(
        self, counter: int, to_service: str | None, to_counter: int, position: Position
    ) -> None:
        if to_service is None:
            self.run(Transfer(counter, to_counter=to_counter, position=position))
        else:
            self.run(Transfer(counter, to_service=to_service, position=position))

    @precondition(lambda self: len(self.acknowledged) > 3)
    @rule(next_day=st.booleans())
    def day_reset(self, next_day: bool) -> None:
        if next_day:
            self.now += timedelta(days=1)
            self.run(IssueTicket("lltp"))  # the first command of the day rolls it over
        else:
            self.run(ResetDay())
        self.priority_run = dict.fromkeys(COUNTERS, 0)

    # --- what must always hold -------------------------------------------------------

    def check_fair(self, counter: int, called: Ticket, waiting: list[Ticket]) -> None:
        before = next(t for t in waiting if t.id == called.id)
        served = COUNTERS[counter]
        mine = [
            t
            for t in waiting
            if t.target_counter == counter or (t.target_counter is None and t.service_id in served)
        ]
        earlier_lane = [t for t in mine if lane(t) < lane(before) and lane(t) < Lane.PRIORITY]
        assert not earlier_lane, f"{called.number} overtook a directed or front ticket"
        same_lane = [t for t in mine if lane(t) == lane(before)]
        assert min(same_lane, key=queue_order).id == called.id, "not the oldest of its lane"
        # The ratio: after RATIO priority calls in a row a waiting normal ticket goes next.
        if lane(before) is Lane.PRIORITY:
            if any(lane(t) is Lane.NORMAL for t in mine):
                assert self.priority_run[counter] < RATIO, "priority beyond the ratio"
            self.priority_run[counter] += 1
        elif lane(before) is Lane.NORMAL:
            if any(lane(t) is Lane.PRIORITY for t in mine):
                assert self.priority_run[counter] >= RATIO, "normal called before its turn"
            self.priority_run[counter] = 0

    @invariant()
    def numbers_are_unique_per_service_and_day(self) -> None:
        rows = self.store.db.execute(
            "SELECT issued_service_id, business_day, number, count(*) FROM tickets "
            "GROUP BY 1, 2, 3 HAVING count(*) > 1"
        ).fetchall()
        assert rows == []

    @invariant()
    def no_acknowledged_ticket_is_lost(self) -> None:
        stored = {t.id for t in self.store.tickets()}
        assert self.acknowledged <= stored

    @invariant()
    def counters_and_tickets_agree(self) -> None:
        statuses = {s.number: s for s in self.store.counter_statuses()}
        in_hand = [
            t for t in self.store.tickets(status=(TicketStatus.CALLED, TicketStatus.SERVING))
        ]
        for ticket in in_hand:
            holder = statuses[ticket.counter]  # type: ignore[index]
            assert holder.ticket_id == ticket.id, f"{ticket.number} is held by no counter"
        held = [s.ticket_id for s in statuses.values() if s.ticket_id is not None]
        assert sorted(held) == sorted(t.id for t in in_hand)
        for ticket in self.store.tickets(status=TicketStatus.WAITING):
            assert ticket.counter is None
        for status in statuses.values():
            if status.state is CounterState.CLOSED:
                assert status.ticket_id is None

    @invariant()
    def events_are_gapless_and_replay_to_the_tables(self) -> None:
        seqs = [e["seq"] for e in self.store.events_since(0, limit=1_000_000)]
        assert seqs == list(range(1, len(seqs) + 1))
        assert self.store.replay_tickets() == self.store.table_tickets()

    @invariant()
    def the_kept_waiting_counts_match_the_tickets(self) -> None:
        kept = self.store.db.execute(
            "SELECT service_id, business_day, lane, n FROM waiting_counts WHERE n != 0 "
            "ORDER BY 1, 2, 3"
        ).fetchall()
        counted: dict[tuple[str, str, int], int] = {}
        for ticket in self.store.tickets(status=TicketStatus.WAITING):
            key = (ticket.service_id, ticket.business_day.isoformat(), lane(ticket))
            counted[key] = counted.get(key, 0) + 1
        assert kept == [(*key, n) for key, n in sorted(counted.items())]

    @invariant()
    def every_status_is_known(self) -> None:
        for ticket in self.store.tickets():
            assert ticket.status in set(TicketStatus)


QueueDay.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestQueueDay = QueueDay.TestCase
