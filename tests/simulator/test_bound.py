"""The bounds replay a recorded day: with every visit's length known the clairvoyant finds
the waits that happened, short of those nobody could foresee; the best estimate is the
median wait from the visits' true distributions."""

from __future__ import annotations

import random
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
from simulator.bound import (
    VisitModel,
    best_intervals,
    best_waits,
    clairvoyant_waits,
    visit_minutes,
)
from tests.simulator.recorded import record_day


def test_known_lengths_give_the_waits_that_happened(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
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
    site = record_day(db, steps)
    assert visit_minutes(db) == {1: [7.0], 3: [2.0], 2: [3.0]}
    waits = clairvoyant_waits(db, site)
    assert waits[1] == 0.0
    assert waits[3] == pytest.approx(4.0)  # the first visit ends at 7
    # Ticket 2 could not know the priority ticket issued after it would pass: 5, not 7.
    assert waits[2] == pytest.approx(5.0)


def test_the_best_estimate_knows_the_distributions_and_the_priority_to_come(
    tmp_path: Path,
) -> None:
    db = tmp_path / "luot.db"
    steps: list[tuple[float, Command]] = [
        (0, SetCounterState(2, CounterState.OPEN, "lan")),
        (0, IssueTicket("chungthuc")),
        (0, CallNext(2)),
        (2, IssueTicket("chungthuc")),
        (2.5, IssueTicket("chungthuc", priority=True)),
        (4, StartService(2)),
    ]
    site = record_day(db, steps)
    # Visits of exactly 3 minutes (no spread, no walk, nobody missing): the median is the
    # one outcome.
    model = VisitModel({"chungthuc": 3.0}, sigma=0.0, walk=(0.0, 0.0))
    waits = best_waits(db, site, model, draws=5)
    assert waits[1] == 0.0
    # At minute 2 the first visit has a minute left; the priority citizen who comes at
    # minute 2.5 is foreseen and passes ahead: 1 + 3.
    assert waits[2] == pytest.approx(4.0)
    assert waits[3] == pytest.approx(0.5)
    # A visit already longer than any the model draws: half a mean is assumed left.
    assert model.draw_after(random.Random(1), "chungthuc", 10.0) == pytest.approx(1.5)
    # Knowing only their rate (one priority citizen within 45 minutes either side: one in 90
    # minutes), the priority citizen passes in few of the draws: the median is the bare 1.
    rated = best_intervals(db, site, model, draws=101, foresee=False)
    assert rated[2].median == pytest.approx(1.0)
    assert rated[3].median == pytest.approx(0.5)  # a priority ticket: nobody passes it


def test_visits_drawn_have_the_model_s_mean_and_no_shows_their_recalls() -> None:
    rng = random.Random(3)
    model = VisitModel({"a": 6.0}, sigma=0.5, walk=(0.2, 1.2), no_show_share=0.1)
    draws = [model.draw(rng, "a") for _ in range(20000)]
    shows = [d for d in draws if d != model.no_show_minutes]
    assert 0.08 <= 1 - len(shows) / len(draws) <= 0.12
    assert sum(shows) / len(shows) == pytest.approx(6.0 + 0.7, rel=0.03)
