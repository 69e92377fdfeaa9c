"""The replay rebuilds what each issue saw from the event log, so that a recorded day scores
any estimator offline: the estimator itself gives the printed estimates back."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_core.domain import (
    CallNext,
    Command,
    CounterState,
    FinishService,
    IssueTicket,
    Lane,
    SetCounterState,
    StartService,
    estimate_minutes,
)
from simulator.replay import actual_waits, idle_while_waiting, mae_share, moments, score
from tests.simulator.recorded import record_day

STEPS: list[tuple[float, Command]] = [
    (0, SetCounterState(1, CounterState.OPEN, "lan")),
    (0, SetCounterState(2, CounterState.OPEN, "minh")),
    (0, IssueTicket("chungthuc")),
    (0, CallNext(2)),
    (1, StartService(2)),
    (1, IssueTicket("lltp")),
    (1, CallNext(1)),
    (2, IssueTicket("chungthuc")),
    (3, IssueTicket("chungthuc")),
    (4, IssueTicket("chungthuc", priority=True)),
    (6, FinishService(2)),
    (6, CallNext(2)),  # the priority ticket
    (7, StartService(2)),
    (8, IssueTicket("lltp")),
    (9, StartService(1)),
    (11, FinishService(2)),
    (11, CallNext(2)),
    (12, FinishService(1)),
    (12, CallNext(1)),
    (14, StartService(2)),
    (15, FinishService(2)),
    (15, CallNext(2)),
    (16, StartService(1)),
    (18, FinishService(1)),
    (18, CallNext(1)),
]


def test_the_estimator_gives_the_printed_estimates_back(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    site = record_day(db, STEPS)
    seen = moments(db, site)
    assert len(seen) == 6
    printed = [m.ticket["estimate_minutes"] for m in seen]
    again = [
        estimate_minutes(m.ticket["service_id"], m.ahead(), m.averages, m.counters) for m in seen
    ]
    assert again == printed
    assert any(printed), "a day where every estimate is 0 would check nothing"
    # What the fifth issue (the priority ticket, minute 4) saw: two normal chungthuc tickets
    # waiting, which it does not count, and both counters busy since minutes 0 and 1.
    fifth = seen[4]
    assert fifth.waiting == {"chungthuc": {Lane.NORMAL: 2}}
    assert fifth.ahead() == {"chungthuc": 0}
    assert {c.number: (c.busy_service, c.busy_minutes) for c in fifth.counters} == {
        1: ("lltp", 3.0),
        2: ("chungthuc", 4.0),
    }
    # The sixth (minute 8) knows the first visit: 6 minutes from the call to the finish.
    assert seen[5].history == {"chungthuc": (6.0,)}


def test_scores_are_the_share_of_the_actual_wait(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    site = record_day(db, STEPS)
    waits = actual_waits(db)
    assert waits[1] == 0.0 and waits[3] == 9.0  # issued at 2, called at 11
    rows = score(moments(db, site), waits, lambda m: 0.0, site.timezone)
    # Estimating zero everywhere is off by the whole wait: 100 %.
    assert mae_share(rows) == 1.0
    exact = score(moments(db, site), waits, lambda m: waits[m.ticket["id"]], site.timezone)
    assert mae_share(exact) == 0.0


def test_a_counter_idle_while_its_queue_waits_is_counted(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    steps: list[tuple[float, Command]] = [
        (0, SetCounterState(2, CounterState.OPEN, "lan")),
        (0, IssueTicket("chungthuc")),
        (0, CallNext(2)),
        (0, StartService(2)),
        (1, IssueTicket("chungthuc")),
        (3, FinishService(2)),
        (5, CallNext(2)),  # two minutes idle while the second ticket waited
        (5, StartService(2)),
        (6, FinishService(2)),
        (9, IssueTicket("chungthuc")),  # nobody waited at 6: the three minutes do not count
        (9, CallNext(2)),
    ]
    site = record_day(db, steps)
    assert idle_while_waiting(db, site) == pytest.approx(2.0)
