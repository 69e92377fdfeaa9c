"""The pure parts of the day: the arrival profile and the seeded plan."""

from __future__ import annotations

import math
import random
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core.config import SAMPLE_SITE, load_site
from simulator.plan import Parameters, lognormal_minutes, make_plan, rating_score
from simulator.profile import (
    DEFAULT_SHAPE,
    REALISTIC_MINUTES,
    Window,
    daily_volumes,
    intensity,
    minute_of_day,
    open_windows,
    profile_mass,
)

SITE, _ = load_site(SAMPLE_SITE)
WEDNESDAY = date(2026, 11, 25)
SUNDAY = date(2026, 11, 29)
PEAK = max(w for _, w in DEFAULT_SHAPE)


class TestProfile:
    @given(st.floats(0, 24 * 60))
    def test_intensity_stays_within_the_profile(self, minute: float) -> None:
        assert 0.0 <= intensity(DEFAULT_SHAPE, minute) <= PEAK

    def test_mornings_and_afternoons_peak_and_lunch_dips(self) -> None:
        at = {h: intensity(DEFAULT_SHAPE, h * 60) for h in (8, 9, 10, 12, 14, 15, 17)}
        assert at[9] > at[8] > at[12] and at[10] > at[12]
        assert at[15] > at[14] > at[12] and at[15] > at[17]
        assert intensity(DEFAULT_SHAPE, 6 * 60) == 0.0

    @given(st.floats(0, 1440), st.floats(0, 600))
    def test_the_mass_is_the_integral_of_the_intensity(self, start: float, width: float) -> None:
        window = Window(start, min(start + width, 1440))
        steps = 2000
        size = (window.end - window.start) / steps
        numeric = sum(
            intensity(DEFAULT_SHAPE, window.start + (i + 0.5) * size) * size for i in range(steps)
        )
        assert profile_mass(DEFAULT_SHAPE, [window]) == pytest.approx(numeric, rel=0.01, abs=0.05)

    def test_the_site_hours_cut_the_day(self) -> None:
        windows = open_windows(SITE, "stp-lltp", WEDNESDAY.weekday(), Window(0, 1440))
        assert windows == (Window(7 * 60 + 30, 11 * 60 + 30), Window(13 * 60 + 30, 17 * 60))
        assert open_windows(SITE, "stp-lltp", SUNDAY.weekday(), Window(0, 1440)) == ()
        clipped = open_windows(SITE, "stp-lltp", WEDNESDAY.weekday(), Window(600, 840))
        assert clipped == (Window(600, 690), Window(810, 840))

    def test_volumes_fill_the_counters_to_the_utilisation(self) -> None:
        volumes = daily_volumes(SITE, WEDNESDAY.weekday(), utilisation=0.8)
        open_minutes = 4 * 60 + 3.5 * 60
        work = sum(
            v * min(max(s.average_service_minutes, REALISTIC_MINUTES[0]), REALISTIC_MINUTES[1])
            for s in SITE.services
            if (v := volumes.get(s.id))
        )
        assert work == pytest.approx(0.8 * open_minutes * len(SITE.counters))
        # A counter's first service gets the largest share of it.
        assert volumes["stp-lltp"] / 6 > volumes["stp-quoctich"] / 12


class TestPlan:
    def test_the_same_seed_gives_the_same_day(self) -> None:
        one = make_plan(SITE, WEDNESDAY, seed=7, start=time(8), end=time(10))
        assert one == make_plan(SITE, WEDNESDAY, seed=7, start=time(8), end=time(10))
        assert one != make_plan(SITE, WEDNESDAY, seed=8, start=time(8), end=time(10))

    @settings(max_examples=25, deadline=None)
    @given(seed=st.integers(0, 10**6), start=st.integers(7, 15), hours=st.integers(1, 4))
    def test_arrivals_fall_in_the_window_and_the_service_hours(
        self, seed: int, start: int, hours: int
    ) -> None:
        end = min(start + hours, 23)
        plan = make_plan(SITE, WEDNESDAY, seed, time(start), time(end))
        assert [c.at for c in plan.citizens] == sorted(c.at for c in plan.citizens)
        for citizen in plan.citizens:
            assert plan.start <= citizen.at < plan.end
            minute = minute_of_day(citizen.at.timetz())
            windows = open_windows(SITE, citizen.service_id, 2, Window(0, 1440))
            assert any(w.start <= minute < w.end for w in windows)
            assert citizen.service_minutes > 0 and citizen.walk_minutes > 0

    def test_nobody_comes_on_a_day_the_centre_is_closed(self) -> None:
        assert make_plan(SITE, SUNDAY, seed=1).citizens == ()

    @pytest.mark.parametrize("seed", [1, 2])
    def test_arrivals_per_hour_follow_the_profile(self, seed: int) -> None:
        plan = make_plan(SITE, WEDNESDAY, seed, params=Parameters(scale=4.0))
        volumes = daily_volumes(SITE, 2, scale=4.0)
        for hour in range(7, 17):
            expected = 0.0
            for service_id, volume in volumes.items():
                day = open_windows(SITE, service_id, 2, Window(0, 1440))
                this_hour = open_windows(SITE, service_id, 2, Window(hour * 60, hour * 60 + 60))
                expected += (
                    volume
                    * profile_mass(DEFAULT_SHAPE, this_hour)
                    / profile_mass(DEFAULT_SHAPE, day)
                )
            seen = sum(1 for c in plan.citizens if c.at.hour == hour)
            # Poisson: within five standard deviations of the profile's count.
            assert abs(seen - expected) <= 5 * math.sqrt(max(expected, 1)), hour
        morning = sum(1 for c in plan.citizens if time(8) <= c.at.time() < time(10, 30))
        assert morning > 2 * sum(1 for c in plan.citizens if c.at.time() >= time(16))

    @pytest.mark.parametrize("tickets", [40, 400])
    def test_a_number_of_tickets_sets_the_expected_count(self, tickets: int) -> None:
        plan = make_plan(SITE, WEDNESDAY, 3, time(8), time(9), tickets=tickets)
        assert sum(plan.expected.values()) == pytest.approx(tickets)
        assert abs(len(plan.citizens) - tickets) <= 5 * math.sqrt(tickets)

    def test_shares_of_priority_no_show_and_transfer(self) -> None:
        params = Parameters(scale=5.0)
        citizens = make_plan(SITE, WEDNESDAY, 5, params=params).citizens
        count = len(citizens)
        for share, seen in (
            (params.priority_share, sum(c.priority for c in citizens)),
            (params.no_show_share, sum(c.no_show for c in citizens)),
        ):
            assert abs(seen - share * count) <= 5 * math.sqrt(share * count)
        moved = [c for c in citizens if c.transfer_to]
        assert moved and not any(c.no_show for c in moved)
        for citizen in moved:
            here, there = SITE.service(citizen.service_id), SITE.service(citizen.transfer_to)
            assert here and there and here.agency_id == there.agency_id and here != there
            assert citizen.after_transfer_minutes > 0

    def test_service_times_are_log_normal_with_the_mean_asked(self) -> None:
        rng = random.Random(4)
        draws = [lognormal_minutes(rng, 6.0, 0.5) for _ in range(20000)]
        assert sum(draws) / len(draws) == pytest.approx(6.0, rel=0.03)
        assert sorted(draws)[len(draws) // 2] == pytest.approx(6.0 * math.exp(-0.125), rel=0.03)

    def test_the_windows_periods_are_the_centres_opening_hours(self) -> None:
        plan = make_plan(SITE, WEDNESDAY, 1, time(7), time(18))
        assert [(a.time(), b.time()) for a, b in plan.periods] == [
            (time(7, 30), time(11, 30)),
            (time(13, 30), time(17)),
        ]
        assert plan.end - plan.start == timedelta(hours=11)


class TestRating:
    @given(st.floats(0, 0.9999), st.floats(0, 300), st.floats(0, 300))
    def test_a_longer_wait_never_pleases_more(
        self, draw: float, shorter: float, extra: float
    ) -> None:
        score = rating_score(draw, shorter, 20, 4)
        assert 1 <= score <= 4
        assert rating_score(draw, shorter + extra, 20, 4) >= score
