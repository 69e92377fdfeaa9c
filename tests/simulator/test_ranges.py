"""The range scored on a recorded day: the replay gives back the range each issue printed;
coverage counts waits inside it to the minute (a short one from zero), width is its median."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from queue_core.domain import IssueTicket, WaitRange
from queue_core.store import TicketView
from simulator.bound import BestWait
from simulator.ranges import (
    Ranged,
    band_coverage,
    bands_line,
    peak_and_day,
    printed_range,
    range_figures,
    table,
)
from simulator.replay import moments
from tests.queue_core.conftest import MORNING, open_store
from tests.simulator.test_replay import STEPS


def test_the_replay_gives_the_printed_ranges_back(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    store = open_store(db)
    printed = []
    try:
        for minute, command in STEPS:
            result = store.execute(command, MORNING + timedelta(minutes=minute)).unwrap()
            if isinstance(command, IssueTicket):
                assert isinstance(result, TicketView)
                printed.append(result.estimate_range)
        site = store.site
    finally:
        store.close()
    assert [printed_range(m) for m in moments(db, site)] == printed
    assert any(not r.short for r in printed), "only short waits would check little"


def _row(low: int, high: int, wait: float, hour: int = 9, point: float = 10.0) -> Ranged:
    return Ranged(hour, point, low, high, BestWait(point, low + 1, high - 1), wait)


def test_coverage_counts_to_the_minute_and_a_short_wait_from_zero() -> None:
    rows = [
        _row(10, 20, 20.4),  # inside: reads 20 minutes
        _row(10, 20, 20.6),  # outside: 21
        _row(10, 20, 9.4),  # outside: 9
        _row(1, 4, 0.2),  # "under 5 minutes": inside from zero
    ]
    f = range_figures("all", rows)
    assert f.coverage == pytest.approx(0.5)
    assert f.median_width == pytest.approx(10.0)  # widths 10, 10, 10 and 4 (0–4)
    assert f.best_width == pytest.approx(8.0)
    assert f.width_ratio == pytest.approx(1.25)
    assert WaitRange(1, 4).short


def test_the_peak_hour_and_the_day_are_scored_apart() -> None:
    rows = [_row(10, 20, 15, hour=9), _row(10, 20, 30, hour=10), _row(10, 20, 12, hour=10)]
    peak, day = peak_and_day(rows, 10)
    assert (peak.label, peak.tickets, peak.coverage) == ("peak hour 10:00-11:00", 2, 0.5)
    assert (day.tickets, day.coverage) == (3, pytest.approx(2 / 3))
    assert day.point_mae_share == pytest.approx((5 + 20 + 2) / 57)
    assert "peak hour 10:00-11:00" in table([peak, day])


def test_coverage_is_counted_per_band_of_the_point_printed() -> None:
    rows = [
        _row(1, 4, 3.0, point=2.0),  # under 5: inside
        _row(10, 20, 25.0, point=14.9),  # 5-15: outside
        _row(10, 20, 12.0, point=15.0),  # 15-30: inside
        _row(40, 60, 30.0, point=50.0),  # 50 and more: outside
    ]
    bands = band_coverage(rows)
    assert [(label, n, share) for label, n, share in bands] == [
        ("0–5", 1, 1.0),
        ("5–15", 1, 0.0),
        ("15–30", 1, 1.0),
        ("30–50", 0, None),
        ("≥ 50", 1, 0.0),
    ]
    assert bands_line(rows).startswith("inside, by the point printed: 0–5 min 100 % (1) · ")
