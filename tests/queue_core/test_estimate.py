"""The wait estimate: pools of services sharing counters, work ahead, counters busy, averages."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_core.domain import (
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    OpenCounter,
    SetCounterState,
    StartService,
    estimate_minutes,
    pool,
    serving_pool,
    updated_average,
    wait_minutes,
)
from queue_core.domain.estimate import (
    EXACT_TICKETS,
    HALL_FACTOR_RANGE,
    PRIOR_SAMPLES,
    PRIOR_VISITS,
    RESIDUAL_SHARE,
    SMOOTHING,
    first_free,
    hall_factor,
    remaining_minutes,
    settled_averages,
    with_holders,
)
from queue_core.shapes import services_json
from queue_core.store import Store, TicketView
from tests.queue_core.conftest import MORNING

AVERAGES = {"a": 6.0, "b": 4.0, "c": 10.0, "d": 12.0}


class TestPool:
    def test_services_sharing_counters_drain_together(self) -> None:
        counters = [OpenCounter(1, ("a", "b")), OpenCounter(2, ("b", "c")), OpenCounter(3, ("d",))]
        services, members = pool("a", counters)
        assert services == {"a", "b", "c"}
        assert [c.number for c in members] == [1, 2]

    def test_a_service_no_open_counter_serves_is_alone(self) -> None:
        assert pool("x", [OpenCounter(1, ("a",))]) == ({"x"}, [])

    def test_served_by_none_one_free_counter_is_assumed(self) -> None:
        assert serving_pool("x", [OpenCounter(1, ("a",))]) == ({"x"}, [OpenCounter(0, ("x",))])
        counters = [OpenCounter(1, ("a", "b"))]
        assert serving_pool("b", counters) == pool("b", counters)


class TestWait:
    def test_work_ahead_shared_by_the_counters_of_the_pool(self) -> None:
        counters = [OpenCounter(1, ("a", "b")), OpenCounter(2, ("a", "b"))]
        # 4 × 6 + 2 × 4 = 32 minutes of work on two free counters: 16 each.
        assert wait_minutes("a", {"a": 4, "b": 2}, AVERAGES, counters) == pytest.approx(16.0)

    def test_tickets_of_other_pools_do_not_count(self) -> None:
        counters = [OpenCounter(1, ("a",)), OpenCounter(2, ("d",))]
        assert wait_minutes("a", {"a": 2, "d": 50}, AVERAGES, counters) == pytest.approx(12.0)

    def test_nobody_ahead_and_a_free_counter_is_no_wait(self) -> None:
        counters = [OpenCounter(1, ("a",), "a", 1.0), OpenCounter(2, ("a",))]
        assert wait_minutes("a", {}, AVERAGES, counters) == 0.0

    def test_a_busy_counter_is_free_after_the_rest_of_its_average(self) -> None:
        counters = [OpenCounter(1, ("a",), busy_service="a", busy_minutes=2.0)]
        assert wait_minutes("a", {}, AVERAGES, counters) == pytest.approx(4.0)
        assert wait_minutes("a", {"a": 1}, AVERAGES, counters) == pytest.approx(10.0)

    def test_one_already_past_its_average_still_needs_a_share_of_it(self) -> None:
        late = OpenCounter(1, ("a",), busy_service="a", busy_minutes=20.0)
        assert remaining_minutes(late, AVERAGES) == pytest.approx(6.0 * RESIDUAL_SHARE)

    def test_with_no_counter_open_one_free_counter_is_assumed(self) -> None:
        assert wait_minutes("a", {"a": 3}, AVERAGES, []) == pytest.approx(18.0)
        assert wait_minutes("a", {"a": 3}, AVERAGES, [OpenCounter(1, ("d",))]) == 18.0

    def test_the_first_counter_free_takes_the_next_ticket(self) -> None:
        # Counters free in 1 and 9 minutes, two tickets of 6 ahead: the first goes at 1 (to
        # 7), the second at 7 (to 13); this one goes when the second counter frees, at 9.
        assert first_free([1.0, 9.0], [(2, 6.0)]) == pytest.approx(9.0)

    def test_a_long_queue_is_an_even_flow_beyond_the_exact_part(self) -> None:
        tickets = EXACT_TICKETS + 100
        assert first_free([0.0, 0.0], [(tickets, 2.0)]) == pytest.approx(tickets * 2.0 / 2)

    def test_printed_minutes_are_rounded_to_the_nearest(self) -> None:
        counters = [OpenCounter(1, ("a",)), OpenCounter(2, ("a",)), OpenCounter(3, ("a",))]
        assert wait_minutes("a", {"a": 4}, AVERAGES, counters) == pytest.approx(6.0)
        assert estimate_minutes("a", {"a": 4}, AVERAGES, counters) == 6
        assert estimate_minutes("a", {"a": 1}, {"a": 1.4}, [OpenCounter(1, ("a",))]) == 1
        assert estimate_minutes("a", {"a": 1}, {"a": 1.6}, [OpenCounter(1, ("a",))]) == 2

    @given(
        ahead=st.dictionaries(st.sampled_from("abcd"), st.integers(0, EXACT_TICKETS // 4 - 1)),
        busy=st.lists(st.tuples(st.sampled_from("abcd"), st.floats(0, 60)), max_size=6),
    )
    def test_never_negative_and_more_ahead_never_waits_less(
        self, ahead: dict[str, int], busy: list[tuple[str, float]]
    ) -> None:
        counters = [
            OpenCounter(n, ("a", "b") if n % 2 else ("b", "c"), s, m)
            for n, (s, m) in enumerate(busy)
        ]
        now = wait_minutes("a", ahead, AVERAGES, counters)
        more = wait_minutes("a", {**ahead, "a": ahead.get("a", 0) + 1}, AVERAGES, counters)
        assert 0.0 <= now <= more

    @given(
        free_in=st.lists(st.floats(0, 30), min_size=1, max_size=8),
        tickets=st.integers(0, 600),
        minutes=st.floats(0.5, 20),
    )
    def test_first_free_is_the_work_spread_over_the_counters_give_or_take_one(
        self, free_in: list[float], tickets: int, minutes: float
    ) -> None:
        # List scheduling of equal tickets: between the even spread of all the work and that
        # plus one ticket and the latest counter's start.
        even = (sum(free_in) + tickets * minutes) / len(free_in)
        found = first_free(free_in, [(tickets, minutes)])
        assert even - minutes - max(free_in) - 1e-6 <= found <= even + minutes + max(free_in)


class TestAverage:
    def test_the_first_visits_weigh_as_in_a_mean_started_from_the_configured_figure(self) -> None:
        # Configured 3 min counts as PRIOR_SAMPLES visits; then one of 6 min.
        first = updated_average(3.0, 6.0, samples=0)
        assert first == pytest.approx((3.0 * PRIOR_SAMPLES + 6.0) / (PRIOR_SAMPLES + 1))

    def test_then_it_settles_to_a_moving_average(self) -> None:
        assert updated_average(10.0, 0.0, samples=1000, smoothing=0.1) == pytest.approx(9.0)
        assert updated_average(10.0, 0.0) == pytest.approx(10.0 * (1 - SMOOTHING))

    def test_settled_it_remembers_about_twenty_visits(self) -> None:
        # One odd visit moves a settled average by a twentieth of the difference: the
        # spread of single visits (CV ~0.5) would otherwise swing every estimate behind.
        assert updated_average(6.0, 26.0, samples=500) == pytest.approx(7.0)

    @given(st.floats(1, 30), st.floats(0, 60), st.integers(0, 1000))
    def test_one_visit_moves_it_at_most_a_third_of_the_difference(
        self, previous: float, sample: float, samples: int
    ) -> None:
        moved = abs(updated_average(previous, sample, samples) - previous)
        assert moved <= abs(sample - previous) / (1 + PRIOR_SAMPLES) + 1e-9

    @given(st.lists(st.floats(1, 30), min_size=1, max_size=60), st.floats(1, 30))
    def test_stays_between_the_prior_and_the_samples(
        self, samples: list[float], prior: float
    ) -> None:
        average = prior
        for seen, sample in enumerate(samples):
            average = updated_average(average, sample, seen)
        low, high = min([*samples, prior]), max([*samples, prior])
        assert low - 1e-9 <= average <= high + 1e-9

    def test_a_wrong_configured_figure_is_forgotten_within_a_few_visits(self) -> None:
        average = 3.0
        for seen in range(8):
            average = updated_average(average, 6.0, seen)
        # A plain mean of the prior's weight and the eight visits: 10 % off after eight.
        assert average == pytest.approx((PRIOR_SAMPLES * 3.0 + 8 * 6.0) / (PRIOR_SAMPLES + 8))
        assert average >= 0.9 * 6.0 - 1e-9


class TestSettledAverages:
    CONFIGURED: ClassVar[dict[str, float]] = {"a": 4.0, "b": 12.0, "c": 10.0}

    def test_before_any_visit_the_site_s_figures(self) -> None:
        assert hall_factor(self.CONFIGURED, {}) == 1.0
        assert settled_averages(self.CONFIGURED, {}) == self.CONFIGURED

    def test_the_hall_s_pace_is_the_visit_weighted_ratio_to_the_site_s_figures(self) -> None:
        # 30 visits of a at 5 (×1.25) and 10 of b at 12 (×1): (30 × 1.25 + 10) / 40.
        learned = {"a": (5.0, 30), "b": (12.0, 10)}
        assert hall_factor(self.CONFIGURED, learned) == pytest.approx(1.1875)

    def test_a_service_never_timed_takes_its_figure_at_the_hall_s_pace(self) -> None:
        settled = settled_averages(self.CONFIGURED, {"a": (5.0, 30), "b": (12.0, 10)})
        assert settled["c"] == pytest.approx(10.0 * 1.1875)

    def test_a_timed_service_blends_its_own_average_by_its_visits(self) -> None:
        settled = settled_averages(self.CONFIGURED, {"a": (6.0, PRIOR_VISITS)})
        # The hall runs ×1.5 (only a was timed), so a's prior is 6 as well.
        assert settled["a"] == pytest.approx(6.0)
        settled = settled_averages(self.CONFIGURED, {"a": (5.0, 30), "b": (9.0, PRIOR_VISITS)})
        factor = (30 * 1.25 + PRIOR_VISITS * 0.75) / (30 + PRIOR_VISITS)
        assert settled["b"] == pytest.approx((12.0 * factor + 9.0) / 2)

    def test_one_service_with_a_wrong_figure_cannot_drag_the_others_far(self) -> None:
        learned = {"a": (40.0, 100)}  # configured 4, really 40
        assert hall_factor(self.CONFIGURED, learned) == HALL_FACTOR_RANGE[1]
        assert settled_averages(self.CONFIGURED, learned)["c"] == pytest.approx(20.0)

    @given(
        st.dictionaries(
            st.sampled_from(["a", "b", "c"]),
            st.tuples(st.floats(0.5, 60), st.integers(0, 500)),
            max_size=3,
        )
    )
    def test_each_lies_between_its_prior_and_its_own_average(
        self, learned: dict[str, tuple[float, int]]
    ) -> None:
        factor = hall_factor(self.CONFIGURED, learned)
        low, high = HALL_FACTOR_RANGE
        assert low <= factor <= high
        settled = settled_averages(self.CONFIGURED, learned)
        assert set(settled) == set(self.CONFIGURED)
        for service, (own, _) in learned.items():
            prior = self.CONFIGURED[service] * factor
            assert min(own, prior) - 1e-9 <= settled[service] <= max(own, prior) + 1e-9

    @given(st.floats(0.5, 60), st.integers(0, 1000))
    def test_more_visits_weigh_the_own_average_more(self, own: float, visits: int) -> None:
        # Two services so the hall's pace stays fixed by the other one's many visits.
        fewer = settled_averages(self.CONFIGURED, {"a": (4.0, 10**6), "b": (own, visits)})
        more = settled_averages(self.CONFIGURED, {"a": (4.0, 10**6), "b": (own, visits + 1)})
        assert abs(more["b"] - own) <= abs(fewer["b"] - own) + 1e-9


# --- the store: what an issue, a live ticket and the kiosk's list read --------------------
# The small site: counter 1 serves lltp and chungthuc, 2 chungthuc, 3 datdai and lltp; no
# configured averages (8 minutes each).


def _issue(store: Store, service: str, minutes: float = 0, **kw: object) -> TicketView:
    view = store.execute(IssueTicket(service, **kw), MORNING + timedelta(minutes=minutes)).result
    assert isinstance(view, TicketView)
    return view


def _open(store: Store, *numbers: int) -> None:
    for number in numbers:
        store.execute(SetCounterState(number, CounterState.OPEN, "lan"), MORNING)


class TestStore:
    def test_an_issue_counts_the_work_of_every_service_sharing_its_counters(
        self, store: Store
    ) -> None:
        _open(store, 1, 2)
        _issue(store, "chungthuc")
        _issue(store, "chungthuc", 1)
        _issue(store, "lltp", 2)
        view = _issue(store, "lltp", 3)
        # Three tickets of 8 minutes on two free counters: one is free again at 8.
        assert (view.ahead, view.estimate_minutes) == (1, 8)
        assert view.ticket.estimate_minutes == 8

    def test_a_counter_serving_is_free_at_the_end_of_its_average(self, store: Store) -> None:
        _open(store, 2)
        _issue(store, "chungthuc")
        store.execute(CallNext(2), MORNING + timedelta(minutes=1))
        view = _issue(store, "chungthuc", 4)
        assert (view.ahead, view.estimate_minutes) == (0, 5)

    def test_a_priority_ticket_waits_only_for_priority_ones(self, store: Store) -> None:
        _open(store, 2)
        for minute in range(3):
            _issue(store, "chungthuc", minute)
        _issue(store, "chungthuc", 3, priority=True)
        view = _issue(store, "chungthuc", 4, priority=True)
        assert (view.ahead, view.estimate_minutes) == (1, 8)

    def test_a_live_ticket_counts_the_older_tickets_of_its_pool(self, store: Store) -> None:
        _open(store, 1, 2)
        _issue(store, "chungthuc")
        mine = _issue(store, "lltp", 1).ticket
        _issue(store, "chungthuc", 2)  # younger: called after it
        ahead, minutes = store.live_figures(mine)
        assert (ahead, minutes) == (0, 0)  # one older ticket, two free counters
        _issue(store, "lltp", 3)
        later = _issue(store, "lltp", 4).ticket
        assert store.live_figures(later) == (2, 16)

    def test_the_kiosk_list_shows_the_estimate_of_a_new_ticket(self, store: Store) -> None:
        _open(store, 2)
        for minute in range(4):
            _issue(store, "chungthuc", minute)
        listed = {
            s["id"]: s["estimate_minutes"]
            for agency in services_json(store, MORNING + timedelta(minutes=5))
            for s in agency["services"]
        }
        assert listed["chungthuc"] == 32
        assert listed["datdai"] == 0  # counter 3 is closed: one is assumed to open for it

    def test_a_service_never_timed_is_estimated_at_the_hall_s_pace(self, store: Store) -> None:
        _open(store, 2, 3)
        _issue(store, "chungthuc")
        store.execute(CallNext(2), MORNING)
        store.execute(StartService(2), MORNING + timedelta(minutes=1))
        store.execute(FinishService(2), MORNING + timedelta(minutes=4))
        # chungthuc's average is now (2 × 8 + 4) / 3 from one visit: the hall runs at 5/6
        # of the site's figures, and datdai, never timed, is taken at 8 × 5/6.
        _issue(store, "datdai", 5)
        view = _issue(store, "datdai", 5)
        assert (view.ahead, view.estimate_minutes) == (1, 7)

    def test_a_visit_is_timed_from_the_call_walk_included(self, store: Store) -> None:
        _open(store, 2)
        _issue(store, "chungthuc")
        store.execute(CallNext(2), MORNING)
        store.execute(StartService(2), MORNING + timedelta(minutes=1))
        store.execute(FinishService(2), MORNING + timedelta(minutes=5))
        assert store.average_service_minutes("chungthuc") == pytest.approx(
            (PRIOR_SAMPLES * 8.0 + 5.0) / (PRIOR_SAMPLES + 1)
        )


def test_a_walk_ins_wait_counts_the_holders_whose_slot_begins_before_it_is_reached() -> None:
    counters = [OpenCounter(1, ("a",)), OpenCounter(2, ("c",))]
    averages = {"a": 10.0, "c": 10.0}
    ahead = {"a": 2}  # 20 minutes for a walk-in of a
    alone = wait_minutes("a", ahead, averages, counters)
    assert with_holders("a", ahead, averages, counters, [("a", 5.0)]) == {"a": 3}
    # the 5-minute holder makes it 30 minutes, by which the 25-minute one's slot has begun
    chained = with_holders("a", ahead, averages, counters, [("a", 25.0), ("a", 5.0)])
    assert chained == {"a": 4}
    assert wait_minutes("a", chained, averages, counters) == alone + 20
    # a slot after the walk-in is reached, or another pool's, waits behind it
    assert with_holders("a", ahead, averages, counters, [("a", 45.0), ("c", 1.0)]) == ahead
    begun = with_holders("a", ahead, averages, counters, [("a", -5.0)])  # within its grace
    assert begun == {"a": 3}


@given(
    st.integers(0, 20),
    st.lists(st.floats(-10, 300, allow_nan=False), max_size=12),
    st.floats(-10, 300, allow_nan=False),
)
def test_holders_never_shorten_a_wait_and_one_after_it_changes_nothing(
    waiting: int, starts: list[float], extra: float
) -> None:
    counters = [OpenCounter(1, ("a",)), OpenCounter(2, ("a", "b"))]
    averages = {"a": 8.0, "b": 12.0}
    ahead = {"a": waiting}
    holders = [("a" if i % 2 else "b", m) for i, m in enumerate(starts)]
    counted = with_holders("a", ahead, averages, counters, holders)
    wait = wait_minutes("a", counted, averages, counters)
    assert wait >= wait_minutes("a", ahead, averages, counters)
    more = with_holders("a", ahead, averages, counters, [*holders, ("a", extra)])
    if extra > wait:
        assert more == counted
    else:  # counted, and maybe others its time brings in
        assert sum(more.values()) > sum(counted.values())
        assert wait_minutes("a", more, averages, counters) >= wait
