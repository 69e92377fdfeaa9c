"""The wait as a range: around the point estimate, wider with fewer visits to average over,
"under 5 minutes" when short, and the same range on the issue's answer, a read and the list."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from queue_core.domain import (
    IssueTicket,
    OpenCounter,
    WaitRange,
    wait_minutes,
    wait_range,
)
from queue_core.domain.waitrange import (
    PASSING_SHARE,
    SHORT_WAIT,
    lognormal_range,
    range_of,
    spread_minutes,
)
from queue_core.shapes import services_json
from queue_core.store import Store, TicketView
from tests.queue_core.conftest import MORNING
from tests.queue_core.test_estimate import _issue, _open

ONE = [OpenCounter(1, ("a",))]
AVERAGES = {"a": 10.0, "b": 6.0}


def test_the_lognormal_interval_holds_its_share_of_draws() -> None:
    rng = random.Random(3)
    mean, sd = 30.0, 12.0
    sigma = math.sqrt(math.log1p((sd / mean) ** 2))
    mu = math.log(mean) - sigma**2 / 2
    low, high = lognormal_range(mean, sd)
    draws = [rng.lognormvariate(mu, sigma) for _ in range(20_000)]
    inside = sum(low <= d <= high for d in draws) / len(draws)
    assert abs(inside - 0.8) < 0.01
    assert low < mean < high


def test_nobody_ahead_and_a_free_counter_is_a_short_wait() -> None:
    assert wait_range("a", {}, AVERAGES, ONE) == WaitRange(0, 0)
    assert wait_range("a", {}, AVERAGES, ONE).short


def test_the_range_holds_the_point_and_reads_as_a_range_when_long() -> None:
    counters = [OpenCounter(1, ("a",), "a", 2.0)]
    r = wait_range("a", {"a": 4}, AVERAGES, counters)
    point = wait_minutes("a", {"a": 4}, AVERAGES, counters)
    assert r.low < point < r.high
    assert not r.short
    # Five visits of 10 min with a spread of 0.6 each: the range is wide, not ±1 minute.
    assert r.high - r.low > 0.4 * point


def test_more_counters_sharing_the_work_narrow_the_range_relative_to_the_wait() -> None:
    def relative(ahead: int, counters: list[OpenCounter]) -> float:
        point = wait_minutes("a", {"a": ahead}, AVERAGES, counters)
        return spread_minutes("a", {"a": ahead}, AVERAGES, counters, point) / point

    one = [OpenCounter(1, ("a",))]
    three = [OpenCounter(n, ("a",)) for n in (1, 2, 3)]
    assert relative(12, three) < relative(4, one)


@given(
    ahead=st.integers(0, 60),
    busy=st.floats(0, 30),
    counters=st.integers(1, 4),
)
def test_the_range_is_ordered_whole_minutes_and_grows_with_the_queue(
    ahead: int, busy: float, counters: int
) -> None:
    open_ = [OpenCounter(n, ("a", "b"), "b", busy) for n in range(1, counters + 1)]
    r = wait_range("a", {"a": ahead, "b": 1}, AVERAGES, open_)
    more = wait_range("a", {"a": ahead + 1, "b": 1}, AVERAGES, open_)
    assert 0 <= r.low <= r.high
    assert more.high >= r.high
    assert r.short == (r.high <= SHORT_WAIT)


@given(point=st.floats(0.5, 300), spread=st.floats(0, 100))
def test_the_range_holds_the_point_with_the_passing_work(point: float, spread: float) -> None:
    r = range_of(point, spread)
    # A log-normal's median is below its mean, never more than the mean itself.
    assert r.low <= point * (1 + PASSING_SHARE) and r.low <= r.high


def test_the_issue_the_read_and_the_list_give_one_range(store: Store) -> None:
    _open(store, 2)
    for minute in range(4):
        _issue(store, "chungthuc", minute)
    listed = {
        s["id"]: s["estimate_range"]
        for agency in services_json(store, MORNING + timedelta(minutes=5))
        for s in agency["services"]
    }
    view = store.execute(IssueTicket("chungthuc"), MORNING + timedelta(minutes=5)).unwrap()
    assert isinstance(view, TicketView)
    r = view.estimate_range
    assert listed["chungthuc"] == {"low": r.low, "high": r.high}
    assert r.low < view.estimate_minutes < r.high
    assert store.live_wait(view.ticket).range == r
