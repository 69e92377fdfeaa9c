"""The bookings' figures in the reports, from a real core: booked, checked in, missed, cancelled
and punctuality per service and in total, the same in `GET /api/v1/stats` (read through the
typed client), `luot-core report` (its table and CSV) and the console's reports page."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from queue_core.cli import main
from queue_core.client import Stats
from queue_core.domain import (
    Book,
    CallNext,
    CancelBooking,
    CheckIn,
    CounterState,
    FinishService,
    IssueTicket,
    SetCounterState,
    StartService,
    SweepBookings,
)
from queue_core.domain.appointments import Booking
from queue_core.store import GroupBy, Store, stats
from tests.queue_core.conftest import MORNING, open_store
from tests.queue_core.console.conftest import log_in
from tests.queue_core.test_appointments import SITE, TEN
from tests.support.server import running_core

DAY = "2026-11-25"


def minutes(n: int) -> datetime:
    """``n`` minutes after 10:00 in Hà Nội (negative: before)."""
    return TEN + timedelta(minutes=n)


def fill(store: Store) -> None:
    """lltp (counter 1): A's slot 10:00, in at 9:40, called 10:05 (on time); B's 10:15, in at
    10:20, called 10:40 (25 minutes late); C's 10:30, never came (missed); D's 10:45, cancelled.
    chungthuc (counter 2): E's 10:00, in at 9:55, called 10:08 (on time). And one walk-in."""

    def book(service: str, at: int, name: str) -> str:
        made = store.execute(Book(service, minutes(at), name), MORNING).result
        assert isinstance(made, Booking)
        return made.code

    a, b, c, d = (book("lltp", 15 * i, f"Nguyễn Văn {n}") for i, n in enumerate("ABCD"))
    e = book("chungthuc", 0, "Phạm Thị E")
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING)
    store.execute(SetCounterState(2, CounterState.OPEN, "lan"), MORNING)
    store.execute(IssueTicket("datdai"), MORNING)
    store.execute(CheckIn(a), minutes(-20))
    store.execute(CheckIn(e), minutes(-5))
    store.execute(CallNext(1), minutes(5))
    store.execute(StartService(1), minutes(6))
    store.execute(CallNext(2), minutes(8))
    store.execute(FinishService(1), minutes(15))
    store.execute(CheckIn(b), minutes(20))
    store.execute(CancelBooking(d, "Đổi lịch"), minutes(30))
    store.execute(CallNext(1), minutes(40))
    store.execute(SweepBookings(), minutes(41))
    assert c  # never checked in: the sweep marks it missed


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bookings") / "luot.db"
    store = open_store(path, SITE)
    try:
        fill(store)
    finally:
        store.close()
    return path


EXPECTED_TOTAL = {
    "booked": 5, "checked_in": 3, "missed": 1, "cancelled": 1, "to_come": 0,
    "called_on_time": 2, "judged": 3, "punctuality": 0.667, "arrival_minutes": -6.7,
}  # fmt: skip


def test_the_figures_count_early_late_missed_and_cancelled(db: Path, tmp_path: Path) -> None:
    shutil.copy(db, tmp_path / "luot.db")
    store = Store.open(tmp_path / "luot.db")
    try:
        day = date.fromisoformat(DAY)
        by_service = stats(store, day, day, GroupBy.SERVICE)
        by_counter = stats(store, day, day, GroupBy.COUNTER)
    finally:
        store.close()
    assert by_service["total"]["appointments"] == EXPECTED_TOTAL
    groups = {g["service"]["id"]: g["appointments"] for g in by_service["groups"]}
    assert groups["lltp"]["punctuality"] == 0.5  # A on time, B called 25 minutes late
    assert (groups["lltp"]["missed"], groups["lltp"]["cancelled"]) == (1, 1)
    assert groups["chungthuc"]["punctuality"] == 1.0
    assert groups["datdai"]["booked"] == 0
    assert by_counter["total"]["appointments"] == EXPECTED_TOTAL  # the total, whatever the rows
    assert all("appointments" not in g for g in by_counter["groups"])


def test_the_api_the_report_and_the_console_show_them(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(db, tmp_path / "luot.db")
    with running_core(tmp_path, site_toml=None, clock=(minutes(50), 1.0)) as core:
        token = core.login("boss", "999999", None)
        answer = httpx.get(
            core.base_url + "/api/v1/stats",
            params={"from": DAY, "to": DAY, "by": "service"},
            headers={"Authorization": f"Bearer {token}"},
        )
        with httpx.Client(base_url=core.base_url) as console:
            assert log_in(console, "boss", "999999").status_code == 303
            page = console.get("/console/reports", params={"from": DAY, "to": DAY}).text
            download = console.get("/console/reports.csv", params={"from": DAY, "to": DAY})
    figures = Stats.from_json(answer.json())
    assert figures.total.appointments is not None
    assert figures.total.appointments.punctuality == pytest.approx(0.667)
    lltp = next(g for g in figures.groups if g.key == "lltp").figures.appointments
    assert lltp is not None and (lltp.booked, lltp.checked_in, lltp.judged) == (4, 2, 2)
    assert 'id="appointments-1"' in page and "Lịch hẹn theo dịch vụ" in page
    assert '<td>Tổng</td><td class="n">5</td><td class="n">3</td>' in page
    assert "67%" in page
    assert "Tổng,5,3,1,1,2,3,66.7" in download.content.decode("utf-8-sig")

    copy = str(tmp_path / "luot.db")
    assert main(["--db", copy, "report", "--from", DAY, "--to", DAY]) == 0
    table = capsys.readouterr().out
    assert "Lịch hẹn theo dịch vụ" in table and "Đúng giờ" in table
    out = tmp_path / "day.csv"
    assert main(["--db", copy, "report", "--from", DAY, "--to", DAY, "--csv", str(out)]) == 0
    capsys.readouterr()
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    start = next(i for i, r in enumerate(rows) if r and r[1] == "Đã đặt lịch")
    assert rows[start][0] == "Dịch vụ"
    assert rows[start + 1][:3] == ["Cấp phiếu lý lịch tư pháp", "4", "2"]
    total = next(r for r in rows[start:] if r and r[0] == "Tổng")
    assert total[1:8] == ["5", "3", "1", "1", "2", "3", "66.7"]
