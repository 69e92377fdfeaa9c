"""Dossiers: exports in three formats, refused whole when a row is bad, imported once, private."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from queue_core.cli import main
from queue_core.config import SAMPLE_SITE
from queue_core.domain.dossiers import (
    DossierStatus,
    Timeliness,
    dossier_key,
    mask_name,
    normalise_code,
)
from queue_core.dossiers import DossierImportError
from queue_core.dossiers.repository import agency_figures, get_dossier, ready_codes
from queue_core.dossiers.service import import_file, public_answer
from queue_core.store import Store

SAMPLES = Path(SAMPLE_SITE).parent / "samples"
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
READY = "000.00.12.H55-261104-0002"


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_a_good_export_imports_every_dossier(sample_store: Store, kind: str) -> None:
    summary = import_file(sample_store, SAMPLES / f"dossiers.{kind}", NOW)
    assert (summary.added, summary.changed, summary.unchanged) == (10, 0, 0)
    stored = get_dossier(sample_store.conn, READY)
    assert stored is not None
    dossier = stored.dossier
    assert (dossier.agency_id, dossier.status) == ("stp", DossierStatus.READY)
    assert dossier.holder_name == "Trần Thị Bích Ngọc"
    assert dossier.due_at == datetime.fromisoformat("2026-11-18T17:00:00+07:00")


def test_the_same_file_twice_changes_nothing(sample_store: Store) -> None:
    import_file(sample_store, SAMPLES / "dossiers.csv", NOW)
    before = sample_store.conn.execute("SELECT * FROM dossiers ORDER BY code").fetchall()
    again = import_file(sample_store, SAMPLES / "dossiers.xlsx", NOW.replace(hour=9))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 10)
    assert sample_store.conn.execute("SELECT * FROM dossiers ORDER BY code").fetchall() == before


def test_a_changed_dossier_is_updated_with_a_new_stamp(sample_store: Store, tmp_path: Path) -> None:
    import_file(sample_store, SAMPLES / "dossiers.csv", NOW)
    text = (SAMPLES / "dossiers.csv").read_text(encoding="utf-8")
    changed = tmp_path / "later.csv"
    changed.write_text(
        text.replace("18/11/2026 15:10,", "18/11/2026 15:10,25/11/2026 10:30"), encoding="utf-8"
    )
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "18/11/2026 17:00,Đã có kết quả", "18/11/2026 17:00,Đã trả kết quả", 1
        ),
        encoding="utf-8",
    )
    summary = import_file(sample_store, changed, NOW.replace(hour=4))
    assert (summary.added, summary.changed) == (0, 1)
    stored = get_dossier(sample_store.conn, READY)
    assert stored is not None and stored.dossier.status is DossierStatus.RETURNED
    assert stored.updated_at == NOW.replace(hour=4)


def test_each_dossier_new_or_changed_is_one_event_in_the_log_without_code_or_name(
    sample_store: Store, tmp_path: Path
) -> None:
    first = sample_store.last_seq()
    import_file(sample_store, SAMPLES / "dossiers.csv", NOW)
    events = sample_store.events_since(first)
    assert [e["type"] for e in events] == ["dossier.changed"] * 10
    ready = next(e for e in events if e["detail"]["dossier"] == dossier_key(READY))
    assert ready["detail"] == {
        "dossier": hashlib.sha256(READY.encode()).hexdigest()[:32],
        "agency": "stp",
        "status": "ready",
        "received_at": "2026-11-04T02:40:00.000000+00:00",
        "due_at": "2026-11-18T10:00:00.000000+00:00",
        "resolved_at": "2026-11-18T08:10:00.000000+00:00",
    }
    log = (SAMPLES / "dossiers.csv").read_text(encoding="utf-8")
    for event in events:  # the stream every board reads, and the province: no code, no name
        assert READY not in str(event) and "Trần Thị" not in str(event)
    assert "Trần Thị Bích Ngọc" in log
    seq = sample_store.last_seq()
    import_file(sample_store, SAMPLES / "dossiers.xlsx", NOW.replace(hour=9))  # nothing new
    assert sample_store.last_seq() == seq
    changed = tmp_path / "later.csv"
    changed.write_text(
        log.replace("18/11/2026 17:00,Đã có kết quả", "18/11/2026 17:00,Đã trả kết quả", 1),
        encoding="utf-8",
    )
    import_file(sample_store, changed, NOW.replace(hour=10))
    (later,) = sample_store.events_since(seq)
    assert later["detail"]["status"] == "returned"
    assert later["at"] == "2026-11-25T10:00:00.000000+00:00"


BAD_ROWS = {
    "000.00.12.H55-261103-0001,": ",",  # row 2 loses its code
    "04/11/2026 09:40": "4 tháng 11",  # row 3: a date nobody can read
    "Hoàng Văn Dũng": "Hoàng Văn Dũng",
    "Sở Kế hoạch và Đầu tư,Đỗ": "Sở Ngoại vụ,Đỗ",  # row 8: an agency the site lacks
}


def bad_csv(tmp_path: Path) -> Path:
    text = (SAMPLES / "dossiers.csv").read_text(encoding="utf-8")
    for old, new in BAD_ROWS.items():
        text = text.replace(old, new, 1)
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_with_bad_rows_is_refused_whole_naming_each(
    sample_store: Store, tmp_path: Path
) -> None:
    with pytest.raises(DossierImportError) as refused:
        import_file(sample_store, bad_csv(tmp_path), NOW)
    lines = [str(p) for p in refused.value.problems]
    assert lines == [
        "row 2, Mã hồ sơ: is missing",
        "row 3, Ngày tiếp nhận: '4 tháng 11' is not a date (e.g. 25/11/2026 14:30)",
        "row 8, Cơ quan: unknown agency 'Sở Ngoại vụ'",
    ]
    assert sample_store.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0


def test_bad_xlsx_and_json_rows_are_named_too(sample_store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Mã hồ sơ",
            "Thủ tục",
            "Cơ quan",
            "Chủ hồ sơ",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
            "Trạng thái",
        ]
    )
    sheet.append(
        [
            "ABC-1",
            "Thủ tục",
            "Sở Tư pháp",
            "A",
            datetime(2026, 11, 1),
            datetime(2026, 11, 5),
            "Đã xong?",
        ]
    )
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(DossierImportError) as refused:
        import_file(sample_store, path, NOW)
    assert [str(p) for p in refused.value.problems] == [
        "row 2, Trạng thái: unknown status 'Đã xong?'"
    ]
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('[{"Mã hồ sơ": "X"}]', encoding="utf-8")
    with pytest.raises(DossierImportError) as refused_json:
        import_file(sample_store, bad_json, NOW)
    assert str(refused_json.value.problems[0]) == "item 1, Mã hồ sơ: 'X' is not a dossier code"


def test_the_cli_lists_every_bad_row_and_exits_2_database_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "luot.db")
    assert main(["--db", db, "init"]) == 0
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["--db", db, "dossiers", "import", str(bad_csv(tmp_path))]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4 and "row 2, Mã hồ sơ: is missing" in err[0]
    assert err[-1].endswith("nothing imported")
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before


def test_masking_and_codes() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V*** A**"
    assert mask_name("Trần Thị Bích Ngọc") == "Trần T*** B*** N**"
    assert normalise_code(" 000.00.12.h55-261104-0002 ") == READY
    assert normalise_code("'; DROP TABLE") is None


def test_the_public_answer_masks_the_holder_and_says_where_to_collect(sample_store: Store) -> None:
    import_file(sample_store, SAMPLES / "dossiers.csv", NOW)
    answer = public_answer(sample_store, READY.lower(), NOW)
    assert answer is not None
    assert answer["holder"] == "Trần T*** B*** N**"
    assert "Ngọc" not in str(answer)
    assert answer["status_text"] == "Đã có kết quả — chờ trả"
    assert answer["result"]["counters"] == [12]
    assert answer["timeliness"] == Timeliness.ON_TIME.value
    assert public_answer(sample_store, "000.00.00.X00-000000-0000", NOW) is None
    assert public_answer(sample_store, "<script>", NOW) is None


def test_figures_per_agency_and_codes_ready(sample_store: Store) -> None:
    import_file(sample_store, SAMPLES / "dossiers.json", NOW)
    november = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    figures = agency_figures(sample_store.conn, november, NOW, NOW, sample_store.site.timezone)
    stp, stnmt = figures["stp"], figures["stnmt"]
    assert (stp.received, stp.resolved, stp.early, stp.on_time, stp.late) == (3, 3, 1, 2, 0)
    assert (stnmt.resolved, stnmt.late, stnmt.on_time_share) == (1, 1, 0.0)
    assert ready_codes(sample_store.conn, "stp") == [READY]
    assert len(ready_codes(sample_store.conn)) == 4


def test_report_by_agency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "luot.db")
    main(["--db", db, "init"])
    main(["--db", db, "dossiers", "import", str(SAMPLES / "dossiers.csv")])
    capsys.readouterr()
    assert (
        main(
            [
                "--db",
                db,
                "--at",
                "2026-11-25T10:00+07:00",
                "report",
                "--by",
                "agency",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-25",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("Sở Tư pháp"))
    assert row.split()[-6:] == ["3", "3", "1", "2", "0", "100%"]
    assert io.StringIO(out).readline().startswith("Dossiers by agency, 01/11/2026")
