"""The clairvoyant bound replays a recorded day: with every visit's length known it finds
the waits that happened, short of those nobody could foresee."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from queue_core.domain import (
    CallNext,
    Command,
    CounterState,
    FinishService,
    IssueTicket,
    SetCounterState,
    StartService,
)
from simulator.bound import clairvoyant_waits, visit_minutes
from tests.queue_core.conftest import MORNING, open_store


def test_known_lengths_give_the_waits_that_happened(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    store = open_store(db)
    steps: list[tuple[float, Command]] = [
        (0, SetCounterState(2, CounterState.OPEN, "lan")),
        (0, IssueTicket("chungthuc")),
        (0, CallNext(2)),
        (1, StartService(2)),
        (2, IssueTicket("chungthuc")),
        (3, IssueTicket("chungthuc", priority=True)),
        (7, FinishService(2)),
        (7, CallNext(2)),  # the priority ticket, issued last, goes first
        (7.5, StartService(2)),
        (9, FinishService(2)),
        (9, CallNext(2)),
        (9, StartService(2)),
        (12, FinishService(2)),
    ]
    try:
        for minute, command in steps:
            store.execute(command, MORNING + timedelta(minutes=minute))
        site = store.site
    finally:
        store.close()
    assert visit_minutes(db) == {1: [7.0], 3: [2.0], 2: [3.0]}
    waits = clairvoyant_waits(db, site)
    assert waits[1] == 0.0
    assert waits[3] == pytest.approx(4.0)  # the first visit ends at 7
    # Ticket 2 could not know the priority ticket issued after it would pass: 5, not 7.
    assert waits[2] == pytest.approx(5.0)
