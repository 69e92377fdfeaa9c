"""`luot-core report`: a day with tickets at known times, read back as the terminal's table,
CSV, XLSX and PNG charts, each checked against the stats API; bad input writes nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook
from PIL import Image

from queue_core.cli import main
from queue_core.domain import (
    CallNext,
    Command,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    RateTicket,
    Recall,
    ResetDay,
    Role,
    SetCounterState,
    StartService,
)
from queue_core.reports import charts
from queue_core.reports.tables import Kind, Table
from queue_core.reports.terminal import grid
from queue_core.shapes import today_figures
from queue_core.store import GroupBy, Store, TicketView, add_staff, stats
from tests.queue_core.conftest import open_store
from tests.support.server import running_core

DAY = "2026-11-25"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{DAY}T{hhmm}").replace(tzinfo=HANOI).astimezone(UTC)


def fill_day(store: Store) -> None:
    """Six tickets: three at 8 h, two at 10 h (one no-show, one never called), one at 14 h.

    Waits: lltp 20 and 35 min, chungthuc 6 and 2, datdai 15 (then no-show).
    """
    with store.transaction() as conn:
        add_staff(conn, "hoa", "Lê Thị Hoa", Role.CLERK, "2468")
        add_staff(conn, "minh", "Trần Văn Minh", Role.CLERK, "1357")
    ids: dict[str, int] = {}

    def issue(name: str, service: str, hhmm: str) -> None:
        view = store.execute(IssueTicket(service), at(hhmm)).result
        assert isinstance(view, TicketView)
        ids[name] = view.ticket.id

    def run(hhmm: str, *commands: Command) -> None:
        for minute, command in enumerate(commands):
            store.execute(command, at(hhmm) + timedelta(minutes=minute))

    issue("A", "lltp", "08:10")
    issue("B", "lltp", "08:20")
    run("08:00", SetCounterState(1, CounterState.OPEN, "hoa"))
    run("08:30", CallNext(1), StartService(1))
    issue("C", "chungthuc", "08:40")
    run("08:41", FinishService(1), RateTicket(ids["A"], 1, counter=1))
    run("08:45", SetCounterState(2, CounterState.OPEN, "minh"), CallNext(2), StartService(2))
    run("08:54", FinishService(2), RateTicket(ids["C"], 1, counter=2))
    run("08:55", CallNext(1), StartService(1))
    run("09:02", FinishService(1), RateTicket(ids["B"], 2, counter=1))
    issue("D", "datdai", "10:05")
    issue("E", "lltp", "10:15")
    run("10:19", SetCounterState(3, CounterState.OPEN, "minh"), CallNext(3), Recall(3))
    run("10:25", MarkNoShow(3))
    issue("F", "chungthuc", "14:30")
    run("14:32", CallNext(2), StartService(2))
    run("14:40", FinishService(2), RateTicket(ids["F"], 4, counter=2))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One filled database for the module: the report only reads it."""
    path = tmp_path_factory.mktemp("day") / "luot.db"
    store = open_store(path)
    try:
        fill_day(store)
    finally:
        store.close()
    return str(path)


def report(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, "report", "--from", DAY, "--to", DAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_hours_are_the_sites_local_hours_with_nearest_rank_waits(store: Store) -> None:
    fill_day(store)
    hours = stats(store, date(2026, 11, 25), date(2026, 11, 25), GroupBy.SERVICE)["hours"]
    assert [(h["hour"], h["issued"], h["called"]) for h in hours] == [
        (8, 3, 3),
        (10, 2, 1),
        (14, 1, 1),
    ]
    assert hours[0]["wait_minutes"] == {"mean": 20.3, "p50": 20.0, "p90": 35.0}
    assert hours[2]["wait_minutes"] == {"mean": 2.0, "p50": 2.0, "p90": 2.0}
    assert stats(store, date(2026, 11, 26), date(2026, 11, 30), GroupBy.SERVICE)["hours"] == []


def _figures(line: str) -> list[str]:
    """The figures of a table line, right of its (possibly clipped) name: columns are set
    apart by at least two spaces, words of a name by one."""
    return re.split(r" {2,}", line.strip())[1:]


def test_the_table_shows_the_stats_apis_figures(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A copy: a core serving today ends the test's day, which cancels its unserved ticket.
    shutil.copy(db, tmp_path / "luot.db")
    copy = str(tmp_path / "luot.db")
    with running_core(tmp_path, site_toml=None, staff=[("boss", "999999", "supervisor")]) as core:
        token = core.login("boss", "999999", None)
        api = httpx.get(
            core.base_url + "/api/v1/stats",
            params={"from": DAY, "to": DAY, "by": "staff"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    code, out, _ = report(copy, capsys, "--by", "staff", "--json")
    assert code == 0 and json.loads(out) == api
    assert [g["staff"]["name"] for g in api["groups"]] == ["Lê Thị Hoa", "Trần Văn Minh"]
    code, out, _ = report(copy, capsys, "--by", "staff")
    lines = out.splitlines()
    hoa = next(line for line in lines if line.startswith("Lê Thị Hoa (hoa)"))
    total = next(line for line in lines if line.startswith("Tổng "))
    figures = api["groups"][0]
    assert _figures(hoa)[:9] == [
        str(figures["issued"]),
        str(figures["served"]),
        "0",
        "0",
        "0",
        f"{figures['wait_minutes']['mean']:.1f}",
        f"{figures['wait_minutes']['p50']:.1f}",
        f"{figures['wait_minutes']['p90']:.1f}",
        f"{figures['service_minutes']['mean']:.1f}",
    ]
    assert _figures(total)[:3] == ["6", "4", "1"]
    assert "08:00–09:00" in out and "Rất hài lòng" in out


def test_the_table_of_a_day_is_aligned(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = report(db, capsys)
    lines = out.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("Dịch vụ")))
    table = lines[header : header + 7]
    assert len({len(line) for line in table}) == 1, table  # one width: aligned
    assert table[2].startswith("Cấp phiếu lý lịch tư pháp") and _figures(table[2])[:2] == ["3", "2"]


def test_a_long_name_is_clipped_and_a_decomposed_one_keeps_the_columns() -> None:
    long = (
        "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
    )
    decomposed = unicodedata.normalize("NFD", "Đổi giấy phép lái xe")  # as some exports write it
    kinds = [Kind.TEXT, Kind.COUNT, Kind.MINUTES, Kind.SHARE]
    lines = grid(
        Table(
            "",
            [],
            ["Dịch vụ", "Cấp số", "Chờ TB", "Đạt MT"],
            kinds,
            [[long, 20, 12.25, 0.5], [decomposed, 7, None, 1.0]],
            ["Tổng", 27, 9.0, 0.75],
        )
    )
    assert len({len(line) for line in lines}) == 1, lines
    assert lines[2].startswith("Cấp giấy chứng nhận quyền sử dụng đất, quyề… ")
    assert _figures(lines[3]) == ["7", "—", "100%"] and _figures(lines[-1]) == ["27", "9.0", "75%"]


def test_the_csv_reads_back_with_the_figures(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "báo cáo.csv"
    code, out, _ = report(db, capsys, "--csv", str(target))
    assert code == 0 and str(target) in out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Dịch vụ", "Đã cấp số", "Đã phục vụ"]
    lltp = rows[1]
    assert lltp[0] == "Cấp phiếu lý lịch tư pháp"
    assert [float(v) for v in lltp[1:11]] == [3, 2, 0, 0, 0, 27.5, 20, 35, 8.0, 10.0]
    assert float(lltp[11]) == 50.0  # within target, in percent
    total = next(r for r in rows if r and r[0] == "Tổng")
    assert total[1:4] == ["6", "4", "1"]
    hours = next(i for i, r in enumerate(rows) if r and r[0] == "Giờ")
    assert [r[:3] for r in rows[hours + 1 : hours + 4]] == [
        ["08:00–09:00", "3", "3"],
        ["10:00–11:00", "2", "1"],
        ["14:00–15:00", "1", "1"],
    ]


def test_the_workbook_has_its_sheets_values_and_formats(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.xlsx"
    assert report(db, capsys, "--xlsx", str(target))[0] == 0
    book = load_workbook(target)
    assert book.sheetnames == ["Theo dịch vụ", "Theo giờ", "Đánh giá"]
    groups = book["Theo dịch vụ"]
    assert groups["A1"].value == "Dịch vụ" and groups["A1"].font.bold
    assert groups["A2"].value == "Cấp phiếu lý lịch tư pháp"
    assert [c.value for c in groups[2]][1:9] == [3, 2, 0, 0, 0, 27.5, 20, 35]
    assert groups["G2"].number_format == "0.0" and groups["L2"].number_format == "0.0%"
    assert groups["L2"].value == 0.5
    assert groups["A5"].value == "Tổng" and groups["A5"].font.bold and groups["B5"].value == 6
    assert groups.column_dimensions["A"].width > 20 and groups.freeze_panes == "B2"
    hours = [tuple(r)[:6] for r in book["Theo giờ"].iter_rows(min_row=2, values_only=True)]
    assert hours == [
        ("08:00–09:00", 3, 3, 20.3, 20.0, 35.0),
        ("10:00–11:00", 2, 1, 15.0, 15.0, 15.0),
        ("14:00–15:00", 1, 1, 2.0, 2.0, 2.0),
    ]
    ratings = book["Đánh giá"]
    header = [c.value for c in ratings[1]]
    assert header[:6] == [
        "Dịch vụ",
        "Số lượt đánh giá",
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
    ]
    chungthuc = [c.value for c in ratings[3]]
    assert chungthuc[:6] == ["Chứng thực bản sao", 2, 1, 0, 0, 1]
    assert chungthuc[6] == 0.5 and ratings["G3"].number_format == "0.0%"


def _runs(row: list[tuple[int, int, int]], colour: tuple[int, int, int]) -> int:
    runs, inside = 0, False
    for pixel in row:
        if pixel == colour and not inside:
            runs += 1
        inside = pixel == colour
    return runs


def test_the_charts_are_pngs_with_one_bar_per_hour_with_arrivals(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "charts"
    assert report(db, capsys, "--charts", str(folder))[0] == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["arrivals-by-hour.png", "ratings-by-service.png", "wait-by-service.png"]
    for name in names:
        with Image.open(folder / name) as image:
            assert image.format == "PNG"
            assert 1200 <= image.width <= 2000 and 400 <= image.height <= 3000
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50
    with Image.open(folder / "arrivals-by-hour.png") as image:
        pixels = image.convert("RGB")
    bar = tuple(int(charts.ARRIVALS[i : i + 2], 16) for i in (1, 3, 5))
    lowest = max(
        y
        for y in range(pixels.height)
        for x in range(0, pixels.width, 4)
        if pixels.getpixel((x, y)) == bar
    )
    row = [pixels.getpixel((x, lowest - 3)) for x in range(pixels.width)]
    assert _runs(row, bar) == 3  # 8 h, 10 h and 14 h; nothing drawn for the empty hours


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "agency", "--csv", "{tmp}/r.csv"), "are for --by service, counter or staff"),
        (("--by", "nobody"), "--by is one of service, counter, staff, agency, not 'nobody'"),
        (("--from", "2026-13-01"), "dates are YYYY-MM-DD"),
        (("--from", "2026-11-26", "--to", "2026-11-25"), "--to is before --from"),
        (("--from", "2025-11-25", "--to", "2026-11-26"), "ask for at most 366 days at a time"),
        (("--lang", "fr"), "--lang is vi or en"),
        (("--csv", "{tmp}/no/such/r.csv", "--xlsx", "{tmp}/r.xlsx"), "there is no folder"),
        (("--xlsx", "{tmp}", "--csv", "{tmp}/r.csv"), "is a folder, not a file"),
        (("--charts", "{db}", "--csv", "{tmp}/r.csv"), "is a file, not a folder"),
        (("--charts", "{tmp}/a/b", "--csv", "{tmp}/r.csv"), "cannot make the folder"),
        (("--csv", "{tmp}/r.csv", "--charts", "{tmp}/c"), "wait-by-service.png is a folder"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_is_written(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "c" / "wait-by-service.png").mkdir(parents=True)  # in the way of a chart
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    args = tuple(a.replace("{tmp}", str(tmp_path)).replace("{db}", db) for a in args)
    code = main(["--db", db, "report", *(("--from", DAY) if "--from" not in args else ()), *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1, err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_those_who_gave_up_count_and_the_on_time_share_falls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "luot.db"
    store = open_store(db)
    try:
        fill_day(store)
        before = stats(store, date(2026, 11, 25), date(2026, 11, 25), GroupBy.SERVICE)["total"]
        # lltp's target is 30 min. At 15:45 counter 1 calls E (lltp, waiting since 10:15),
        # who has left: a no-show after five and a half hours. G (lltp, 15:00) is still
        # waiting when the day ends and is cancelled without a call.
        store.execute(IssueTicket("lltp"), at("15:00"))
        store.execute(CallNext(1), at("15:45"))
        store.execute(Recall(1), at("15:46"))
        store.execute(MarkNoShow(1), at("15:47"))
        store.execute(ResetDay(), at("17:30"))
        after = stats(store, date(2026, 11, 25), date(2026, 11, 25), GroupBy.SERVICE)["total"]
        hall = today_figures(store, date(2026, 11, 25))  # the console's hall, that day
    finally:
        store.close()
    # Before: 5 called, 4 within target (A 20, C 6, D 15, F 2; B 35 past lltp's 30).
    assert (before["gave_up"], before["within_target_share"]) == (0, 0.8)
    # After: E called late and gone, G cancelled uncalled: both gave up, and G counts as
    # late: 4 within of 6 called plus 1 cancelled, not 4 of the 6 called alone.
    assert (after["gave_up"], after["cancelled"], after["no_show"]) == (2, 1, 2)
    assert after["within_target_share"] == round(4 / 7, 3) < round(4 / 6, 3)
    assert (hall["gave_up"], hall["within_target_share"]) == (2, after["within_target_share"])
    code, out, _ = report(str(db), capsys)
    total = next(line for line in out.splitlines() if line.startswith("Tổng "))
    assert code == 0 and _figures(total)[:5] == ["7", "4", "2", "1", "2"]
    assert _figures(total)[-2] == "57%" and "Bỏ về" in out
    target = tmp_path / "day.csv"
    assert report(str(db), capsys, "--csv", str(target))[0] == 0
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0][5] == "Bỏ về"
    assert next(r for r in rows if r and r[0] == "Tổng")[5] == "2"
