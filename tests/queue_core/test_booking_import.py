"""A portal's bookings through `luot-core bookings`: CSV, JSON and XLSX taken whole or not at
all, again without a second booking, every bad row named; the day's list; a cancel audited."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from queue_core.cli import main
from queue_core.store import Store, audit_entries, bookings_of_day
from tests.queue_core.conftest import MORNING, open_store
from tests.queue_core.test_appointments import SITE

AT = ["--at", MORNING.isoformat()]
HEADER = ["service", "slot", "name", "phone", "id"]
GOOD = [
    ["lltp", "25/11/2026 10:00", "Nguyễn Văn An", "0912345678", "DVC-1"],
    ["Chứng thực bản sao", "2026-11-25 14:00", "Trần Thị Bình", "", "DVC-2"],
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    open_store(tmp_path / "luot.db", SITE).close()
    return tmp_path / "luot.db"


def write(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([HEADER, *rows])
    elif path.suffix == ".json":
        path.write_text(
            json.dumps({"bookings": [dict(zip(HEADER, r, strict=True)) for r in rows]}),
            encoding="utf-8",
        )
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [HEADER, *rows]:
            sheet.append(row)
        book.save(path)
    return path


def codes(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return sorted(b.code for b in bookings_of_day(store.conn, MORNING.date()))
    finally:
        store.close()


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_an_export_is_taken_whole_and_once(
    db: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write(tmp_path / f"export{suffix}", GOOD)
    assert main(["--db", str(db), *AT, "bookings", "import", str(export)]) == 0
    assert "2 booking(s) taken" in capsys.readouterr().out
    first = codes(db)
    assert len(first) == 2
    assert main(["--db", str(db), *AT, "bookings", "import", str(export)]) == 0
    assert codes(db) == first  # the portal's ids: the same bookings, not two more


def test_a_bad_export_is_refused_whole_naming_every_bad_row(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        *GOOD,
        ["datdai", "25/11/2026 10:00", "Lê Văn Cường", "", "DVC-3"],
        ["lltp", "hôm nay", "Phạm Dung", "", "DVC-4"],
        ["lltp", "25/11/2026 10:00", "Võ Em", "", "DVC-5"],  # the slot's one place is DVC-1's
        ["lltp", "25/11/2026 10:15", "", "", "DVC-1"],
    ]
    export = write(tmp_path / "export.csv", rows)
    assert main(["--db", str(db), *AT, "bookings", "import", str(export)]) == 2
    err = capsys.readouterr().err
    assert "row 4, service: 'datdai' takes no appointments" in err
    assert "row 5, slot: 'hôm nay' is not a time" in err
    assert "row 6, slot: The slot at 10:00 25/11/2026 is full" in err
    assert "row 7, name: is missing" in err and "row 7, id: DVC-1 is also on row 2" in err
    assert "nothing taken" in err
    assert codes(db) == []


def test_the_days_list_and_a_cancel_audited(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(db), *AT, "bookings", "import", str(write(tmp_path / "e.csv", GOOD))])
    capsys.readouterr()
    assert main(["--db", str(db), *AT, "bookings", "list", "--day", "2026-11-25"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 3 and "10:00  lltp" in listed[0] and "Nguyễn Văn An" in listed[0]
    assert listed[2].startswith("2026-11-25: 2 booked, 0 checked in, 0 missed, 0 cancelled")
    code = listed[0].split()[0]
    assert main(["--db", str(db), *AT, "bookings", "cancel", code.lower(), "Đổi lịch"]) == 0
    store = Store.open(db)
    try:
        (entry,) = [e for e in audit_entries(store.conn) if e.action == "booking.cancel"]
        assert entry.target == code and entry.detail == "Đổi lịch"
        assert entry.before == {"booking": code, "status": "booked"}
        assert entry.after == {"booking": code, "status": "cancelled"}
    finally:
        store.close()
    assert main(["--db", str(db), *AT, "bookings", "cancel", code, "again"]) == 2
    assert "booking_closed" in capsys.readouterr().err
