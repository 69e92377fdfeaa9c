"""The pure rules: numbering, the calling policy, the state machine, the estimate, the day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from queue_core.domain import (
    Conflict,
    DayNumbering,
    NumberRange,
    OpeningHours,
    Position,
    PriorityRatioPolicy,
    Service,
    Site,
    Ticket,
    TicketStatus,
    next_number,
    service_availability,
)
from queue_core.domain import tickets as moves
from queue_core.errors import AccessDenied

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def service(**kw: object) -> Service:
    base = Service("s", "a", "Dịch vụ", "Service", NumberRange(1001, 1003))
    return replace(base, **kw)  # type: ignore[arg-type]


def ticket(id_: int, minutes: int = 0, **kw: object) -> Ticket:
    at = T0 + timedelta(minutes=minutes)
    base = Ticket(id_, str(1000 + id_), "s", "a", "s", date(2026, 11, 25), at, at, f"tok{id_}")
    return replace(base, **kw)  # type: ignore[arg-type]


class TestNumbering:
    def test_counts_up_from_the_start_of_the_range(self) -> None:
        first, state = next_number(service(), DayNumbering())
        second, state = next_number(service(), state)
        assert (first, second, state.issued) == ("1001", "1002", 2)

    def test_prefix_numbers_are_zero_padded(self) -> None:
        numbers = NumberRange(1, 999, "A", 3)
        number, _ = next_number(service(numbers=numbers), DayNumbering())
        assert number == "A001"
        assert numbers.format(23) == "A023"

    def test_an_exhausted_range_is_refused_not_wrapped(self) -> None:
        with pytest.raises(Conflict) as refused:
            next_number(service(), DayNumbering(last_value=1003, issued=3))
        assert refused.value.code == "number_range_exhausted"

    def test_the_daily_cap_is_refused(self) -> None:
        with pytest.raises(Conflict) as refused:
            next_number(service(daily_cap=2), DayNumbering(last_value=1002, issued=2))
        assert refused.value.code == "daily_cap_reached"

    def test_ranges_overlap_only_with_the_same_prefix(self) -> None:
        assert NumberRange(1001, 1999).overlaps(NumberRange(1500, 2500))
        assert not NumberRange(1, 999, "A", 3).overlaps(NumberRange(1, 999, "B", 3))


class TestCallingPolicy:
    policy = PriorityRatioPolicy(ratio=2)

    def test_oldest_first_among_the_counters_services(self) -> None:
        waiting = [ticket(2, 5), ticket(1, 1, service_id="other"), ticket(3, 3)]
        choice = self.policy.choose(1, ["s"], waiting, 0)
        assert choice is not None and choice.ticket.id == 3

    def test_priority_by_ratio_then_a_normal_one(self) -> None:
        waiting = [
            ticket(1, 0),
            ticket(2, 1, priority=True),
            ticket(3, 2, priority=True),
            ticket(4, 3, priority=True),
        ]
        calls, streak = [], 0
        for _ in range(4):
            choice = self.policy.choose(1, ["s"], waiting, streak)
            assert choice is not None
            calls.append(choice.ticket.id)
            streak = choice.priority_streak
            waiting = [t for t in waiting if t.id != choice.ticket.id]
        assert calls == [2, 3, 1, 4]

    def test_directed_then_front_before_everything(self) -> None:
        waiting = [
            ticket(1, 0, priority=True),
            ticket(2, 5, front=True),
            ticket(3, 9, target_counter=7),
            ticket(4, 1, target_counter=8),
        ]
        first = self.policy.choose(7, ["s"], waiting, 0)
        assert first is not None and first.ticket.id == 3
        second = self.policy.choose(8, ["s"], waiting[:2], 0)
        assert second is not None and second.ticket.id == 2

    def test_nobody_waiting_is_none(self) -> None:
        assert self.policy.choose(1, ["s"], [ticket(1, service_id="x")], 0) is None

    def test_a_holder_is_called_ahead_of_walk_ins_only_within_call_ahead(self) -> None:
        slot = T0 + timedelta(minutes=30)
        waiting = [ticket(1, 0), ticket(2, 10, appointment_at=slot, queue_at=slot)]
        ahead = PriorityRatioPolicy(ratio=2, call_ahead=timedelta(minutes=5))
        calls = [
            (policy.choose(1, ["s"], waiting, 0, slot - timedelta(minutes=m)), m)
            for policy in (self.policy, ahead)
            for m in (6, 5, 0)
        ]
        assert [c.ticket.id for c, _ in calls if c is not None] == [1, 1, 2, 1, 2, 2]


class TestStateMachine:
    def test_the_happy_path(self) -> None:
        t = moves.call(ticket(1), 5, "lan", T0)
        t = moves.start(moves.recall(t), T0)
        t = moves.finish(t, T0 + timedelta(minutes=4))
        assert (t.status, t.counter, t.recalls) == (TicketStatus.DONE, 5, 1)

    @pytest.mark.parametrize(
        ("status", "move"),
        [
            (TicketStatus.WAITING, lambda t: moves.start(t, T0)),
            (TicketStatus.WAITING, lambda t: moves.finish(t, T0)),
            (TicketStatus.DONE, lambda t: moves.call(t, 1, None, T0)),
            (TicketStatus.SERVING, lambda t: moves.recall(t)),
            (TicketStatus.SERVING, lambda t: moves.mark_no_show(t, 0, T0)),
            (TicketStatus.CALLED, lambda t: moves.cancel(t, T0)),
            (TicketStatus.NO_SHOW, lambda t: moves.transfer(t, T0, to_counter=2)),
        ],
    )
    def test_illegal_moves_are_refused_with_a_code_and_a_sentence(self, status, move) -> None:
        with pytest.raises(Conflict) as refused:
            move(ticket(1, status=status))
        assert refused.value.code == "illegal_transition"
        assert "1001" in refused.value.message

    def test_day_end_closes_each_live_state_its_own_way(self) -> None:
        called = moves.call(ticket(1), 5, None, T0)
        serving = moves.start(moves.call(ticket(2), 6, None, T0), T0)
        closed = [moves.close_at_day_end(t, T0) for t in (ticket(3), called, serving)]
        assert [t.status for t in closed] == [
            TicketStatus.CANCELLED,
            TicketStatus.NO_SHOW,
            TicketStatus.DONE,
        ]
        assert all(t.finished_at == T0 for t in closed)

    def test_no_show_needs_the_sites_recalls(self) -> None:
        called = moves.call(ticket(1), 5, None, T0)
        with pytest.raises(Conflict) as refused:
            moves.mark_no_show(called, 1, T0)
        assert refused.value.code == "recall_first"
        assert moves.mark_no_show(moves.recall(called), 1, T0).status is TicketStatus.NO_SHOW

    def test_transfer_front_keeps_the_issue_time_back_takes_now(self) -> None:
        called = moves.call(ticket(1, 0), 5, None, T0)
        later = T0 + timedelta(minutes=30)
        front = moves.transfer(called, later, to_service="x", position=Position.FRONT)
        back = moves.transfer(called, later, to_service="x", position=Position.BACK)
        assert (front.queue_at, front.front, front.status) == (T0, True, TicketStatus.WAITING)
        assert (back.queue_at, back.front, back.service_id) == (later, False, "x")
        assert front.transferred_from == "counter:5"

    def test_rating_once_within_the_levels(self) -> None:
        done = replace(ticket(1), status=TicketStatus.DONE, counter=5, finished_at=T0)
        rated = moves.rate(done, 2, 4, None, counter=5, now=T0)
        with pytest.raises(Conflict):
            moves.rate(rated, 3, 4, None, counter=5, now=T0)
        with pytest.raises(Exception, match="1 to 4"):
            moves.rate(done, 5, 4, None, counter=5, now=T0)

    def test_rating_only_at_the_counter_that_served_it_soon_after(self) -> None:
        called = moves.call(ticket(1), 5, None, T0)
        with pytest.raises(Conflict) as refused:
            moves.rate(called, 1, 4, None, counter=5, now=T0)
        assert refused.value.code == "not_served"
        done = replace(called, status=TicketStatus.DONE, finished_at=T0)
        with pytest.raises(AccessDenied) as elsewhere:
            moves.rate(done, 1, 4, None, counter=6, now=T0)
        assert elsewhere.value.code == "not_allowed"
        last = T0 + moves.RATING_WINDOW
        assert moves.rate(done, 1, 4, None, counter=5, now=last).rating == 1
        with pytest.raises(Conflict) as late:
            moves.rate(done, 1, 4, None, counter=5, now=last + timedelta(seconds=1))
        assert late.value.code == "rating_closed"


class TestTime:
    def test_business_day_turns_at_the_reset_hour_local(self) -> None:
        site = Site("s", "S", ZoneInfo("Asia/Ho_Chi_Minh"), day_reset_hour=3)
        # 19:30 UTC is 02:30 next day in Hà Nội: still the previous business day.
        assert site.business_day(datetime(2026, 11, 25, 19, 30, tzinfo=UTC)) == date(2026, 11, 25)
        assert site.business_day(datetime(2026, 11, 25, 20, 30, tzinfo=UTC)) == date(2026, 11, 26)

    def test_opening_hours_and_the_reason_when_closed(self) -> None:
        hours = OpeningHours(frozenset(range(5)), ((time(7, 30), time(11, 30)),))
        tz = ZoneInfo("Asia/Ho_Chi_Minh")
        wednesday_noon = datetime(2026, 11, 25, 12, 0, tzinfo=tz)
        saturday = datetime(2026, 11, 28, 9, 0, tzinfo=tz)
        assert hours.is_open(datetime(2026, 11, 25, 8, 0, tzinfo=tz))
        assert not hours.is_open(wednesday_noon) and not hours.is_open(saturday)
        closed = service_availability(service(hours=hours), wednesday_noon, 0)
        assert closed.reason == "closed_now" and "07:30 on 26/11" in (closed.message or "")
        capped = service_availability(service(daily_cap=5), saturday, 5)
        assert capped.reason == "daily_cap_reached"
