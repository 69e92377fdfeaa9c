"""This month's dossiers on the board, from a real core: figures, ready codes, never a name."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from hall_board.model import BoardModel, SlotKind, Timing
from hall_board.run import Board, assemble
from hall_board.widgets.paint import recording_text
from queue_core.dossiers.service import import_file
from tests.hall_board.hall import BOARD_SITE
from tests.support.server import CoreServer, running_core
from ui_common import load_fonts

WAIT = 20_000
HELD = Timing(alone_ms=60_000, busy_ms=60_000, figures_ms=600_000, dossier_ms=600_000)
COLUMNS = ["Mã hồ sơ", "Thủ tục", "Cơ quan", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Trạng thái", "Ngày có kết quả", "Ngày trả kết quả"]  # fmt: skip
"""The sample export's columns (queue_core/samples/dossiers.csv)."""
HOLDERS = ["Nguyễn Thị Kín Đáo", "Trần Văn Bảo Mật", "Lê Thị Riêng Tư", "Phạm Văn Ẩn Danh"]
READY, LATE, PENDING, LATER = (f"000.00.12.H55-{n:06d}-000{n}" for n in (1, 2, 3, 4))


def _at(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def import_dossiers(core: CoreServer, path: Path, rows: list[list[str]]) -> None:
    """Write an export with these rows and import it as the core's pull would."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    store = core.store()
    try:
        import_file(store, path, datetime.now(UTC))
    finally:
        store.close()


def this_month_rows() -> list[list[str]]:
    """Dated just now (the figures count the current month of the real clock)."""
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    got, procedure, agency = (
        _at(now - timedelta(minutes=40)),
        "Cấp phiếu lý lịch tư pháp",
        "Sở Tư pháp",
    )
    done = _at(now - timedelta(minutes=20))
    return [
        [READY, procedure, agency, HOLDERS[0], got, _at(now + timedelta(days=2)), "Đã có kết quả",
         done, ""],
        [LATE, procedure, agency, HOLDERS[1], got, _at(now - timedelta(minutes=30)),
         "Đã trả kết quả", done, _at(now - timedelta(minutes=10))],
        [PENDING, procedure, agency, HOLDERS[2], got, _at(now + timedelta(days=5)), "Đang xử lý",
         "", ""],
    ]  # fmt: skip


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=BOARD_SITE) as server:
        import_dossiers(server, tmp_path / "month.csv", this_month_rows())
        yield server


def open_board(qtbot: QtBot, core: CoreServer) -> Board:
    load_fonts()
    board = assemble(core.base_url, model=BoardModel(timing=HELD))
    qtbot.addWidget(board.window)
    board.window.show()
    board.controller.start()
    qtbot.waitUntil(lambda: bool(board.model.dossiers.agencies), timeout=WAIT)
    return board


def painted(board: Board, kind: SlotKind) -> list[str]:
    """Turn the slot to a page of ``kind`` and read every text the window paints."""
    for _ in board.model.slots:
        if board.model.slot.kind is kind:
            break
        board.model.next_slot()
    assert board.model.slot.kind is kind
    with recording_text() as seen:
        board.window.grab()
    return seen


def test_the_panel_shows_the_share_on_time_and_the_ready_code_and_no_name(
    qtbot: QtBot, core: CoreServer
) -> None:
    board = open_board(qtbot, core)
    (stp,) = board.model.dossiers.agencies
    assert (stp.received, stp.resolved, stp.on_time_share) == (3, 2, 0.5)
    assert stp.ready_codes == (READY,)

    month = painted(board, SlotKind.DOSSIERS)
    assert {"Sở Tư pháp", "3", "2", "50%"} <= set(month)
    ready = painted(board, SlotKind.READY)
    assert READY in ready and LATE not in ready and PENDING not in ready
    assert board.window.now.isVisible()  # the slot never covers "now calling"

    seen = month + ready + painted(board, SlotKind.FIGURES)
    text = " ".join(seen)
    for holder in HOLDERS:
        assert holder not in text
        assert " ".join(holder.split()[-2:]) not in text  # not even the given names
        assert holder not in repr(board.model.dossiers)
    board.close()


def test_a_changed_notice_reads_the_dossiers_again(
    qtbot: QtBot, core: CoreServer, tmp_path: Path
) -> None:
    board = open_board(qtbot, core)
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    later = [LATER, "Chứng thực bản sao", "Sở Tư pháp", HOLDERS[3], _at(now - timedelta(minutes=5)),
             _at(now + timedelta(days=1)), "Đã có kết quả", _at(now), ""]  # fmt: skip
    import_dossiers(core, tmp_path / "later.csv", [*this_month_rows(), later])
    notice = "Hồ sơ mới đã có kết quả."
    subprocess.run(
        [sys.executable, "-m", "queue_core.cli", "--db", str(core.db_path), "notice", notice],
        check=True,
        capture_output=True,
    )
    qtbot.waitUntil(lambda: LATER in board.model.dossiers.agencies[0].ready_codes, timeout=WAIT)
    assert board.model.notices == (notice,)
    assert [p.kind for p in board.model.slots] == [SlotKind.FIGURES, SlotKind.DOSSIERS,
                                                   SlotKind.READY]  # fmt: skip
    board.close()
