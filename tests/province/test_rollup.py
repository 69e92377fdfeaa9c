"""The month's roll-up (``month_figures``) equals its day figures summed, batch after batch (a
ticket sent on to another service, a day's end, the site given late so every day is derived
again), over two months; and a report per month, which reads it, equals the same report per
day, which does not, for every grouping, over a range of a whole month and a cut one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import zip_longest
from typing import Any

import pytest

from province.centres import load_site_file
from province.console import report
from province.db import connect
from province.db.migrations import FOLDER
from queue_core.config import SAMPLE_SITE
from tests.province.conftest import Province, event, ticket

STEP_006 = (FOLDER / "006_cancelled_uncalled.sql").read_text(encoding="utf-8")
FILLING = STEP_006.split("-- The months of the day figures already held, summed again.")[1]
DAYS_FILLED = STEP_006[STEP_006.index("UPDATE day_figures") : STEP_006.index("-- The month's")]
SERVICES = ("stp-lltp", "stp-chungthuc", "sgtvt-gplx")
DAYS = (date(2026, 10, 29), date(2026, 10, 30), date(2026, 11, 2), date(2026, 11, 3))


def a_day(day: date, first_seq: int, first_id: int) -> list[dict[str, Any]]:
    """Nine tickets over three services: issued, most called after 1 to 40 minutes, some served
    and rated, one sent on to another service, one cancelled unseen, one no-show."""
    opening = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
    events: list[dict[str, Any]] = []

    def add(kind: str, at: datetime, row: dict[str, Any]) -> None:
        events.append(event(first_seq + len(events), kind, at, row))

    for n in range(9):
        tid, service = first_id + n, SERVICES[n % 3]
        issued = opening + timedelta(minutes=3 * n)
        add("ticket.issued", issued, ticket(tid, service, issued=issued, day=day))
        if n == 8:
            add("ticket.cancelled", issued + timedelta(minutes=5),
                ticket(tid, service, "cancelled", issued=issued, day=day))  # fmt: skip
            continue
        called = issued + timedelta(minutes=1 + 5 * n + day.day % 3)
        row = ticket(tid, service, "called", issued=issued, called=called, counter=1, day=day)
        add("ticket.called", called, row)
        if n == 7:
            add("ticket.no_show", called + timedelta(minutes=2),
                ticket(tid, service, "no_show", issued=issued, called=called, day=day))  # fmt: skip
            continue
        if n == 4:  # sent on: its day's figures leave stp-chungthuc for stp-lltp
            service = "stp-lltp"
            add("ticket.transferred", called + timedelta(minutes=1),
                ticket(tid, service, "waiting", issued=issued, called=called, day=day,
                       transfers=1, transferred_from="stp-chungthuc"))  # fmt: skip
        started, done = called + timedelta(minutes=2), called + timedelta(minutes=9 + n)
        add("ticket.finished", done,
            ticket(tid, service, "done", issued=issued, called=called, started=started,
                   finished=done, counter=1, day=day, rating=1 + n % 4))  # fmt: skip
    return events


def _added(a: list[int], b: list[int]) -> list[int]:
    return [x + y for x, y in zip_longest(a, b, fillvalue=0)]


def summed_days(dsn: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The day figures summed per centre, month, service and agency, in Python, in
    ``month_figures``' order."""
    with connect(dsn) as conn:
        rows = conn.execute(
            "SELECT centre_id, business_day, service_id, agency_id, issued, served, no_show, "
            "cancelled, gave_up, called, within_target, wait_sum_us, service_n, "
            "service_sum_us, rated, wait_histogram, ratings, cancelled_uncalled FROM day_figures"
        ).fetchall()
    sums: dict[tuple[Any, ...], tuple[list[int], list[int], list[int]]] = {}
    for row in rows:
        key = (row[0], row[1].replace(day=1), row[2], row[3])
        within, uncalled = row[10], row[17]
        judged = row[9] + uncalled if within is not None else 0
        scalars = [*row[4:10], within or 0, judged, *row[11:15], uncalled]
        old = sums.get(key, ([0] * len(scalars), [], []))
        sums[key] = (
            [a + b for a, b in zip(old[0], scalars, strict=True)],
            _added(old[1], row[15]),
            _added(old[2], row[16]),
        )
    return {key: (*scalars, hist, levels) for key, (scalars, hist, levels) in sums.items()}


def rolled_up(dsn: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    with connect(dsn) as conn:
        rows = conn.execute(
            "SELECT centre_id, month, service_id, agency_id, issued, served, no_show, "
            "cancelled, gave_up, called, within_target, judged, wait_sum_us, service_n, "
            "service_sum_us, rated, cancelled_uncalled, wait_histogram, ratings "
            "FROM month_figures"
        ).fetchall()
    return {tuple(r[:4]): tuple(r[4:]) for r in rows}


def test_the_months_roll_up_is_its_days_summed(province: Province) -> None:
    token = province.add("hcc-tinh")
    other = province.add("hcc-giabinh")
    seq = {"hcc-tinh": 0, "hcc-giabinh": 0}
    for number, day in enumerate(DAYS):
        for code, key in (("hcc-tinh", token), ("hcc-giabinh", other)):
            events = a_day(day, seq[code] + 1, 100 * number + 1)
            for start in range(0, len(events), 7):  # a transfer lands in a batch of its own
                answer = province.post(key, events[start : start + 7], centre=code)
                assert answer.status_code == 200, answer.text
            seq[code] += len(events)
            assert rolled_up(province.dsn) == summed_days(province.dsn)
    assert {k[1] for k in rolled_up(province.dsn)} == {date(2026, 10, 1), date(2026, 11, 1)}
    with connect(province.dsn) as conn:  # the targets known late: every day derived again
        load_site_file(conn, "hcc-tinh", SAMPLE_SITE)
    assert rolled_up(province.dsn) == summed_days(province.dsn)
    assert any(row[7] for row in rolled_up(province.dsn).values())  # within target counted
    held = rolled_up(province.dsn)
    assert any(row[12] for row in rolled_up(province.dsn).values())  # cancelled uncalled
    with connect(province.dsn) as conn:  # migration 006's own filling, on the days held
        conn.execute("UPDATE day_figures SET cancelled_uncalled = 0")
        conn.execute("DELETE FROM month_figures")
        conn.execute(DAYS_FILLED)
        conn.execute(FILLING)
    assert rolled_up(province.dsn) == held


@pytest.mark.parametrize("by", report.BY)
@pytest.mark.parametrize("span", [(date(2026, 10, 1), date(2026, 10, 31)),
                                  (date(2026, 10, 30), date(2026, 11, 30))])  # fmt: skip
def test_a_report_per_month_equals_it_per_day(
    province: Province, by: str, span: tuple[date, date]
) -> None:
    token = province.add("hcc-tinh", SAMPLE_SITE)
    seq = 0
    for number, day in enumerate(DAYS):
        events = a_day(day, seq + 1, 100 * number + 1)
        assert province.post(token, events).status_code == 200
        seq += len(events)
    with connect(province.dsn) as conn:
        monthly = report.build(conn, *span, by=by, period="month")
        daily = report.build(conn, *span, by=by, period="day")
    assert monthly.total == daily.total and monthly.total.issued > 0
    assert [(r.key, r.figures) for r in monthly.rows] == [(r.key, r.figures) for r in daily.rows]
    by_month: dict[str, report.Figures] = {p.label: p.figures for p in monthly.periods}
    october = [p.figures for p in daily.periods if p.first.month == 10]
    assert by_month["2026-10"].issued == sum(f.issued for f in october)
