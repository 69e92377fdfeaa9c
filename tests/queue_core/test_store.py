"""The store against a real SQLite file: atomic commands, gapless events, replay, the day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from queue_core.domain import (
    CallNext,
    CallTicket,
    CancelTicket,
    CounterState,
    DomainError,
    FinishService,
    IssueTicket,
    MarkNoShow,
    Position,
    RateTicket,
    Recall,
    SetCounterState,
    SetServiceClosed,
    StartService,
    TicketStatus,
    Transfer,
)
from queue_core.store import Store, TicketView
from queue_core.store.schema import MIGRATIONS, schema_version
from tests.queue_core.conftest import MORNING, SMALL_SITE


def issue(store: Store, service: str = "lltp", minutes: float = 0, **kw: object) -> TicketView:
    view = store.execute(IssueTicket(service, **kw), MORNING + timedelta(minutes=minutes)).result
    assert isinstance(view, TicketView)
    return view


def open_counter(store: Store, number: int) -> None:
    store.execute(SetCounterState(number, CounterState.OPEN, "lan"), MORNING)


def snapshot(store: Store) -> tuple[object, ...]:
    return (store.table_tickets(), store.last_seq(), store.counter_statuses())


def test_issue_numbers_and_figures(store: Store) -> None:
    first, second = issue(store), issue(store, minutes=1)
    assert (first.ticket.number, second.ticket.number) == ("1001", "1002")
    assert (first.ahead, second.ahead) == (0, 1)
    assert second.estimate_minutes == 8  # one ahead, 8-minute default, no counter open yet
    prefixed = issue(store, "datdai")
    assert prefixed.ticket.number == "A001"


def test_a_whole_visit_leaves_one_event_per_step(store: Store) -> None:
    issued = issue(store)
    open_counter(store, 1)
    now = MORNING + timedelta(minutes=5)
    called = store.execute(CallNext(1), now)
    store.execute(Recall(1), now)
    store.execute(StartService(1), now)
    store.execute(FinishService(1), now + timedelta(minutes=6))
    store.execute(RateTicket(issued.ticket.id, 1, counter=1), now + timedelta(minutes=7))
    types = [e["type"] for e in store.events_since(0)]
    assert types == [
        "ticket.issued",
        "counter.opened",
        "ticket.called",
        "ticket.recalled",
        "ticket.started",
        "ticket.finished",
        "ticket.rated",
    ]
    assert [e["seq"] for e in store.events_since(0)] == list(range(1, 8))
    assert called.events[0].seq == 3
    final = store.ticket(issued.ticket.id)
    assert final is not None and (final.status, final.rating) == (TicketStatus.DONE, 1)
    # The first visit weighs as one more in a mean that counts the configured 8 min twice.
    assert store.average_service_minutes("lltp") == pytest.approx((2 * 8 + 6) / 3)


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (IssueTicket("nope"), "unknown_service"),
        (CallNext(99), "unknown_counter"),
        (CallNext(2), "counter_not_open"),
        (Recall(1), "no_current_ticket"),
        (RateTicket(1, 1, counter=1), "not_served"),
        (CancelTicket(1, "  "), "reason_required"),
        (Transfer(1), "transfer_target"),
        (SetCounterState(1, CounterState.OPEN), "no_change"),
    ],
)
def test_a_refused_command_changes_nothing(store: Store, command: object, code: str) -> None:
    issue(store)
    open_counter(store, 1)
    before = snapshot(store)
    with pytest.raises(DomainError) as refused:
        store.execute(command, MORNING)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert snapshot(store) == before


def test_group_commit_keeps_the_good_and_reports_the_refused(store: Store) -> None:
    outcomes = store.execute_many(
        [
            (IssueTicket("lltp"), MORNING),
            (IssueTicket("nope"), MORNING),
            (IssueTicket("lltp"), MORNING),
        ]
    )
    assert [o.error.code if o.error else None for o in outcomes] == [None, "unknown_service", None]
    assert [e["seq"] for e in store.events_since(0)] == [1, 2]
    assert [t.number for t in store.tickets()] == ["1001", "1002"]


def test_range_exhaustion_and_cap_are_refusals_not_duplicates(store: Store) -> None:
    for _ in range(40):
        issue(store)
    with pytest.raises(DomainError) as refused:
        issue(store)
    assert refused.value.code == "number_range_exhausted"
    for _ in range(30):
        issue(store, "chungthuc")
    with pytest.raises(DomainError) as capped:
        issue(store, "chungthuc")
    assert capped.value.code == "daily_cap_reached"
    numbers = [t.number for t in store.tickets()]
    assert len(numbers) == len(set(numbers)) == 70


def test_next_finishes_a_served_ticket_but_not_a_called_one(store: Store) -> None:
    issue(store), issue(store)
    open_counter(store, 1)
    store.execute(CallNext(1), MORNING)
    with pytest.raises(DomainError) as refused:
        store.execute(CallNext(1), MORNING)
    assert refused.value.code == "ticket_in_progress"
    store.execute(StartService(1), MORNING)
    second = store.execute(CallNext(1), MORNING + timedelta(minutes=3)).result
    assert second is not None and second.number == "1002"
    assert next(t for t in store.tickets() if t.number == "1001").status is TicketStatus.DONE


def test_no_show_after_the_sites_recall(store: Store) -> None:
    issue(store)
    open_counter(store, 1)
    store.execute(CallNext(1), MORNING)
    with pytest.raises(DomainError, match="Recall"):
        store.execute(MarkNoShow(1), MORNING)
    store.execute(Recall(1), MORNING)
    assert store.execute(MarkNoShow(1), MORNING).result.status is TicketStatus.NO_SHOW


def test_transfer_to_the_front_of_another_service(store: Store) -> None:
    first = issue(store, "lltp")
    for minute in range(3):
        issue(store, "datdai", minutes=minute + 1)
    open_counter(store, 1), open_counter(store, 3)
    store.execute(CallNext(1), MORNING)
    store.execute(Transfer(1, to_service="datdai", position=Position.FRONT), MORNING)
    moved = store.ticket(first.ticket.id)
    assert moved is not None and (moved.service_id, moved.agency_id) == ("datdai", "stnmt")
    assert store.waiting_counts(moved.business_day)["datdai"] == 4
    assert store.live_figures(moved)[0] == 0
    again = store.execute(CallNext(3), MORNING).result
    assert again is not None and again.id == first.ticket.id


def test_transfer_to_one_counter_and_call_out_of_turn(store: Store) -> None:
    a, b = issue(store), issue(store, minutes=1)
    open_counter(store, 1), open_counter(store, 3)
    store.execute(CallNext(1), MORNING)
    store.execute(Transfer(1, to_counter=3, position=Position.BACK), MORNING)
    assert store.execute(CallNext(3), MORNING).result.id == a.ticket.id
    out_of_turn = store.execute(CallTicket(1, b.ticket.id, "quay lại bổ sung giấy tờ"), MORNING)
    assert out_of_turn.events[0].detail["reason"] == "quay lại bổ sung giấy tờ"


def test_closing_a_service_for_today(store: Store) -> None:
    store.execute(SetServiceClosed("lltp", "Mất kết nối hệ thống"), MORNING)
    with pytest.raises(DomainError) as refused:
        issue(store)
    assert refused.value.code == "closed_today"
    store.execute(SetServiceClosed("lltp", None), MORNING)
    assert issue(store).ticket.number == "1001"


def test_the_first_command_of_a_new_day_closes_the_old_one(store: Store) -> None:
    called, waiting = issue(store), issue(store)
    open_counter(store, 1)
    store.execute(CallNext(1), MORNING)
    tomorrow = MORNING + timedelta(days=1)
    fresh = store.execute(IssueTicket("lltp"), tomorrow).result
    assert fresh.ticket.number == "1001"  # numbering restarts with the day
    assert store.ticket(called.ticket.id).status is TicketStatus.NO_SHOW
    assert store.ticket(waiting.ticket.id).status is TicketStatus.CANCELLED
    kinds = [e["type"] for e in store.events_since(0)]
    assert kinds[-4:] == ["ticket.cancelled", "counter.closed", "day.reset", "ticket.issued"]
    assert store.counter_status(1).state is CounterState.CLOSED


def test_replaying_the_event_log_rebuilds_the_tickets(store: Store) -> None:
    for minute in range(5):
        issue(store, minutes=minute, priority=minute % 2 == 0)
    open_counter(store, 1)
    store.execute(CallNext(1), MORNING)
    store.execute(StartService(1), MORNING)
    store.execute(CallNext(1), MORNING + timedelta(minutes=4))
    store.execute(Transfer(1, to_service="datdai"), MORNING)
    assert store.replay_tickets() == store.table_tickets()


def test_migrations_run_once_and_reopen_cleanly(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.db")
    store.import_site(SMALL_SITE, MORNING)
    store.import_site(SMALL_SITE, MORNING)  # idempotent
    assert schema_version(store.db) == len(MIGRATIONS)
    store.close()
    reopened = Store.open(tmp_path / "x.db")
    assert reopened.site.id == "test-centre"
    assert reopened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reopened.integrity_check() == "ok"


def test_the_events_of_a_refused_command_never_reach_the_log(store: Store) -> None:
    for _ in range(40):
        issue(store)
    seq = store.last_seq()
    outcome = store.execute_many([(IssueTicket("lltp"), MORNING)])[0]
    assert outcome.error is not None and outcome.events == ()
    assert store.last_seq() == seq
