"""The run's figures from known tickets: percentiles, estimate error, the peak, the table."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from simulator.plan import DayPlan
from simulator.report import NAME_WIDTH, as_json, clip, table, verdict
from simulator.results import (
    DayResult,
    TicketRecord,
    estimate_error,
    figures,
    peak_hour,
    summarize,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 11, 25)
NAMES = {
    "lltp": "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam và người nước ngoài",
    "gcn": "Đất",
}
TARGETS = {"lltp": 20, "gcn": 30}


def record(
    id_: int,
    service: str = "lltp",
    issued: str = "09:00",
    waited: float | None = 10.0,
    estimate: int = 10,
    status: str = "done",
) -> TicketRecord:
    at = datetime.combine(DAY, datetime.strptime(issued, "%H:%M").time(), tzinfo=TZ)
    return TicketRecord(
        id=id_,
        number=str(1000 + id_),
        service_id=service,
        business_day=DAY,
        priority=False,
        issued_at=at,
        estimate_minutes=estimate,
        first_called_at=None if waited is None else at + timedelta(minutes=waited),
        status=status,
    )


def test_estimate_error_in_minutes_and_as_a_share_of_the_wait() -> None:
    mae, share = estimate_error([(10, 12.0), (20, 16.0)]) or (None, None)
    assert mae == pytest.approx(3.0)
    assert share == pytest.approx(3.0 / 14.0)
    assert estimate_error([]) is None
    assert estimate_error([(3, 0.0)]) == (3.0, None)


def test_figures_of_one_service() -> None:
    tickets = [
        record(1, waited=5, estimate=4),
        record(2, waited=25, estimate=20),
        record(3, waited=15, estimate=15, status="no_show"),
        record(4, waited=None, status="cancelled"),
    ]
    f = figures("lltp", tickets, TARGETS)
    assert (f.issued, f.served, f.no_shows, f.waited) == (4, 2, 1, 3)
    # nearest rank, as the core's report reckons them: the day's two tables agree
    assert (f.wait_p50, f.wait_p90) == (15.0, 25.0)
    assert f.within_target == pytest.approx(2 / 3)
    assert f.mae_minutes == pytest.approx(2.0)
    assert f.mae_share == pytest.approx(2.0 / 15.0)


def test_the_peak_hour_is_the_one_with_most_tickets_issued() -> None:
    tickets = [record(1, issued="08:10"), record(2, issued="09:05"), record(3, issued="09:59")]
    assert peak_hour(tickets, TZ) == 9
    assert peak_hour([record(1, issued="10:00"), record(2, issued="08:00")], TZ) == 8
    assert peak_hour([], TZ) is None


def _result(tickets: list[TicketRecord]) -> DayResult:
    start = datetime.combine(DAY, datetime.min.time(), tzinfo=TZ)
    plan = DayPlan(DAY, start, start + timedelta(days=1), (), (), {}, NAMES, TARGETS, {})
    return DayResult(plan, tickets)


def test_the_table_has_a_line_per_service_the_peak_and_the_day_aligned() -> None:
    tickets = [
        record(1, issued="08:10", waited=12, estimate=10),
        record(2, "gcn", issued="09:05", waited=40, estimate=30),
        record(3, "gcn", issued="09:30", waited=30, estimate=33),
    ]
    summary = summarize(tickets, TARGETS, NAMES, TZ)
    assert [f.label for f in summary.services] == ["lltp", "gcn"]
    assert summary.peak is not None and summary.peak.label == "09:00-10:00"
    assert summary.peak.mae_share == pytest.approx(6.5 / 35)
    text = table(_result(tickets), summary)
    lines = text.splitlines()
    widths = {len(line) for line in lines[:8]}
    assert len(widths) == 1, lines[:8]
    assert lines[3].startswith(clip(NAMES["lltp"], NAME_WIDTH)) and "…" in lines[3]
    assert lines[6].startswith("peak hour 09:00-10:00")
    assert lines[7].split()[:3] == ["whole", "day", "3"]
    assert "estimate MAE at peak: 19 % of actual wait (target ≤ 20 %): met" in text
    assert as_json(_result(tickets), summary)["peak"]["issued"] == 2


def test_the_verdict_says_when_the_target_is_missed() -> None:
    tickets = [record(1, waited=10, estimate=5)]
    assert verdict(summarize(tickets, TARGETS, NAMES, TZ)).endswith("(target ≤ 20 %): NOT met")
