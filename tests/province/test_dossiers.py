"""The province's dossier figures equal the core's own dossier report: a core imports the
e-system's export (dossiers received, resolved early, on time and late), then a later one (more
resolved, one past its due time, one on its due day, one collected); its log ships in small
batches (a dossier's versions across them), and per business day and agency the province's
received, resolved, early, on time, late and share equal `luot-core report --by agency --json`;
the site file given again counts them the same; migration 007's filling, from the events held,
makes the same rows; and the log carries neither a dossier's code nor its holder's name. After
the core is restored from a backup taken before the later export, the changes it lost are lost
at the province too."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from harness.province import ship
from province.centres import load_site_file
from province.db import connect
from province.db.migrations import FOLDER
from province.reads import dossier_rows
from queue_core.cli import main
from queue_core.config import SAMPLE_SITE
from queue_core.dossiers.service import import_file
from queue_core.store import Store, restore_backup, take_backup
from tests.province.conftest import Province

SAMPLES = Path(SAMPLE_SITE).parent / "samples"
STEP_007 = (FOLDER / "007_dossiers.sql").read_text(encoding="utf-8")
FILLING = STEP_007[STEP_007.index("-- The dossier events held already") :]
LATER = {  # resolved late, on its due day, and the ready one collected
    "26/11/2026 17:00,Đang xử lý,,": "26/11/2026 17:00,Đã có kết quả,27/11/2026 09:00,",
    "27/11/2026 17:00,Đang xử lý,,": "27/11/2026 17:00,Đã có kết quả,27/11/2026 16:00,",
    "18/11/2026 17:00,Đã có kết quả,18/11/2026 15:10,": (
        "18/11/2026 17:00,Đã trả kết quả,18/11/2026 15:10,28/11/2026 08:00"
    ),
}
DAYS = [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]


def later_export(folder: Path, changes: dict[str, str]) -> Path:
    export = (SAMPLES / "dossiers.csv").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in export
        export = export.replace(old, new)
    path = folder / "later.csv"
    path.write_text(export, encoding="utf-8")
    return path


def core(db: str, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", db, *args]) == 0
    return capsys.readouterr().out


def core_rows(db: str, day: date, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The core's own report of one business day, the agencies with a dossier that day."""
    out = core(db, "--at", "2026-11-30T12:00+07:00", "report", "--by", "agency", "--json",
               "--from", day.isoformat(), "--to", day.isoformat(), capsys=capsys)  # fmt: skip
    return {
        row["agency"]: row for row in json.loads(out)["rows"] if row["received"] or row["resolved"]
    }


def province_rows(dsn: str, day: date) -> dict[str, Any]:
    with connect(dsn) as conn:
        return {row["agency"]: row for row in dossier_rows(conn, "hcc-tinh", day, day)}


def test_the_dossier_figures_equal_the_cores_own_report(
    province: Province, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "luot.db")
    core(db, "init", capsys=capsys)
    core(db, "--at", "2026-11-21T10:00+07:00", "dossiers", "import", str(SAMPLES / "dossiers.csv"),
         capsys=capsys)  # fmt: skip
    later = later_export(tmp_path, LATER)
    core(db, "--at", "2026-11-28T10:00+07:00", "dossiers", "import", str(later), capsys=capsys)
    store = Store.open(Path(db))
    try:
        log = store.events_since(0, 100_000)
    finally:
        store.close()
    dossier_events = [e for e in log if e["type"] == "dossier.changed"]
    assert len(dossier_events) == 10 + len(LATER)
    assert not any("H55-" in json.dumps(e) or "Nguyễn Văn An" in json.dumps(e) for e in log)

    token = province.add("hcc-tinh", SAMPLE_SITE)
    assert ship(province.client, province.url, token, "hcc-tinh", log, 3) == log[-1]["seq"]

    expected = {day: core_rows(db, day, capsys) for day in DAYS}
    kinds = {k: sum(r[k] for rows in expected.values() for r in rows.values())
             for k in ("received", "resolved", "early", "on_time", "late")}  # fmt: skip
    assert kinds == {"received": 10, "resolved": 9, "early": 4, "on_time": 3, "late": 2}
    for day in DAYS:
        assert province_rows(province.dsn, day) == expected[day], day

    with connect(province.dsn) as conn:  # the site given again: every dossier counted again
        load_site_file(conn, "hcc-tinh", SAMPLE_SITE)
    assert all(province_rows(province.dsn, day) == expected[day] for day in DAYS)
    with connect(province.dsn) as conn:  # migration 007's own filling, on the events held
        conn.execute("DELETE FROM dossier_days")
        conn.execute("DELETE FROM dossiers")
        conn.execute(FILLING)
    assert all(province_rows(province.dsn, day) == expected[day] for day in DAYS)


def test_the_dossier_changes_a_restore_lost_are_lost_at_the_province_too(
    province: Province, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "luot.db"
    core(str(db), "init", capsys=capsys)
    store = Store.open(db)
    import_file(store, SAMPLES / "dossiers.csv", datetime(2026, 11, 21, 3, tzinfo=UTC))
    token = province.add("hcc-tinh", SAMPLE_SITE)
    ship(province.client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    backup = take_backup(db, tmp_path / "backups", datetime(2026, 11, 21, 4, tzinfo=UTC))
    import_file(store, later_export(tmp_path, LATER), datetime(2026, 11, 28, 3, tzinfo=UTC))
    held = ship(province.client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    store.close()
    assert province_rows(province.dsn, date(2026, 11, 27))  # resolved that day, then lost
    done = restore_backup(db, backup.path, datetime(2026, 11, 28, 5, tzinfo=UTC))
    assert done.backup_seq == backup.seq < held < done.first_seq
    store = Store.open(db)
    one = dict(list(LATER.items())[1:2])  # only the one resolved on its due day, again
    import_file(store, later_export(tmp_path, one), datetime(2026, 11, 28, 6, tzinfo=UTC))
    acked = ship(province.client, province.url, token, "hcc-tinh", store.events_since(0, 10_000))
    assert acked == store.last_seq()
    store.close()
    for day in DAYS:
        assert province_rows(province.dsn, day) == core_rows(str(db), day, capsys), day
    assert province_rows(province.dsn, date(2026, 11, 27))["sgtvt"]["on_time"] == 1
    assert "stnmt" not in province_rows(province.dsn, date(2026, 11, 27))  # its late one lost
