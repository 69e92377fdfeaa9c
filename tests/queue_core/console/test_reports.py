"""Reports: figures per day, week or month and per service, counter or clerk; CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import httpx
from openpyxl import load_workbook

from queue_core.console import charts
from queue_core.console.auth import LANG_COOKIE
from queue_core.domain import (
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    SetCounterState,
    StartService,
)
from queue_core.store import GroupBy, Store
from tests.queue_core.conftest import MORNING
from tests.support.server import CoreServer


def _serve_one(store: Store, day_offset: int, service: str = "lltp") -> None:
    at = MORNING + timedelta(days=day_offset)
    store.execute(IssueTicket(service), at)
    store.execute(CallNext(1, "lan"), at + timedelta(minutes=5))
    store.execute(StartService(1), at + timedelta(minutes=6))
    store.execute(FinishService(1), at + timedelta(minutes=16))


def test_periods_cut_a_range_into_days_weeks_and_months() -> None:
    first, last = date(2026, 11, 25), date(2026, 12, 8)
    assert len(charts.periods(first, last, "day")) == 14
    weeks = charts.periods(first, last, "week")
    assert [(w[1], w[2]) for w in weeks] == [
        (date(2026, 11, 25), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 12, 6)),
        (date(2026, 12, 7), date(2026, 12, 8)),
    ]
    assert [m[0] for m in charts.periods(first, last, "month")] == ["2026-11", "2026-12"]


def test_a_report_carries_groups_total_and_series(store: Store) -> None:
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING)
    _serve_one(store, 0)
    _serve_one(store, 0, "chungthuc")
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING + timedelta(days=1))
    _serve_one(store, 1)
    first = MORNING.date()
    report = charts.build(store, first, first + timedelta(days=1), GroupBy.SERVICE, "day")
    assert [r["service"]["id"] for r in report.rows] == ["lltp", "chungthuc"]  # the site's order
    assert report.total["issued"] == 3 and report.total["served"] == 3
    assert [(s["label"], s["issued"]) for s in report.series] == [
        ("2026-11-25", 2),
        ("2026-11-26", 1),
    ]
    lines = list(csv.reader(io.StringIO(charts.to_csv(report).decode("utf-8-sig"))))
    assert lines[0][:3] == ["Dịch vụ", "Đã cấp số", "Đã phục vụ"]
    assert lines[2][0] == "Chứng thực bản sao" and lines[1][:3] == [
        "Cấp phiếu lý lịch tư pháp",
        "2",
        "2",
    ]
    assert lines[3][:2] == ["Tổng", "3"] and lines[3][5:7] == ["0", "5.0"]  # nobody gave up
    book = load_workbook(io.BytesIO(charts.to_xlsx(report)))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][:3] == ("Cấp phiếu lý lịch tư pháp", 2, 2)
    assert rows[-1][:3] == ("2026-11-26", 1, 1)


def test_the_reports_page_and_its_downloads(core_server: CoreServer, console: httpx.Client) -> None:
    kiosk = core_server.pair_device("kiosk")
    httpx.post(
        core_server.base_url + "/api/v1/tickets",
        json={"service": "datdai"},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    page = console.get("/console/reports", params={"by": "service", "period": "week"})
    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 2 and "Đăng ký đất đai" in page.text
    query = {"by": "counter", "period": "month"}
    assert console.get("/console/reports", params=query).status_code == 200
    csv_file = console.get("/console/reports.csv", params={"by": "service"})
    assert csv_file.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_file.headers["content-disposition"]
    assert "Đăng ký đất đai,1,0" in csv_file.content.decode("utf-8-sig")
    xlsx = console.get("/console/reports.xlsx", params={"by": "service"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.active["A2"].value == "Đăng ký đất đai"  # type: ignore[index]


def test_in_english_the_downloads_are_in_english(console: httpx.Client) -> None:
    console.cookies.set(LANG_COOKIE, "en")
    csv_text = console.get("/console/reports.csv", params={"by": "service"}).text
    assert csv_text.lstrip("\ufeff").startswith("Service,Issued,")
    xlsx = console.get("/console/reports.xlsx", params={"by": "service"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.active["A1"].value == "Service"  # type: ignore[index]


def test_a_bad_range_is_explained_and_downloads_refuse_it(console: httpx.Client) -> None:
    page = console.get("/console/reports", params={"from": "2026-12-01", "to": "2026-11-01"})
    assert page.status_code == 422 and "must not be after" in page.text
    assert 'id="report-form"' in page.text
    refused = console.get("/console/reports.csv", params={"by": "nobody"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "by"
    garbled = console.get("/console/reports.xlsx", params={"from": "yesterday"})
    assert garbled.status_code == 422 and garbled.json()["error"]["code"] == "invalid_input"
    longer = console.get("/console/reports.csv", params={"from": "2025-11-25", "to": "2026-11-26"})
    assert longer.status_code == 422 and longer.json()["error"]["code"] == "range_too_long"
    year = console.get("/console/reports.csv", params={"from": "2025-11-26", "to": "2026-11-26"})
    assert year.status_code == 200


def test_a_groups_ratings_are_one_bar_of_its_levels_best_first() -> None:
    levels = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng")
    figures = {"ratings": {"count": 4, "levels": {"1": 2, "2": 1, "3": 0, "4": 1}}}
    bar = charts.rating_bar(figures, levels)
    assert bar["count"] == 4
    assert [(p["name"], p["count"], p["share"]) for p in bar["parts"]] == [
        ("Rất hài lòng", 2, 50.0),
        ("Hài lòng", 1, 25.0),
        ("Bình thường", 0, 0.0),
        ("Không hài lòng", 1, 25.0),
    ]
    assert bar["parts"][0]["colour"] != bar["parts"][-1]["colour"]
    empty = charts.rating_bar({"ratings": {"count": 0, "levels": {}}}, levels)
    assert empty["count"] == 0 and all(p["share"] == 0 for p in empty["parts"])
