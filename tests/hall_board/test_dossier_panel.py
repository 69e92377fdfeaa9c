"""This month's dossiers on the board, from a real core: figures, ready codes, never a name."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from hall_board.model import BoardModel, Timing
from hall_board.run import Board, assemble
from hall_board.slots import SlotKind
from hall_board.widgets.paint import recording_text
from tests.hall_board.hall import BOARD_SITE
from tests.support.dossiers import (
    HOLDERS,
    LATE,
    LATER,
    PENDING,
    READY,
    export_time,
    import_dossiers,
    this_month_rows,
)
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge, load_fonts

WAIT = 20_000
HELD = Timing(alone_ms=60_000, busy_ms=60_000, figures_ms=600_000, dossier_ms=600_000)


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=BOARD_SITE) as server:
        import_dossiers(server, tmp_path / "month.csv", this_month_rows())
        yield server


def open_board(qtbot: QtBot, core: CoreServer) -> Board:
    load_fonts()
    bridge = CoreBridge(core.base_url, core.pair_device("board"))
    board = assemble(bridge, model=BoardModel(timing=HELD))
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
    board.bridge.close()


def test_an_import_reads_the_dossiers_again_by_itself(
    qtbot: QtBot, core: CoreServer, tmp_path: Path
) -> None:
    board = open_board(qtbot, core)
    reads: list[int] = []
    board.model.dossiers_changed.connect(lambda: reads.append(1))
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    later = [
        [code, "Chứng thực bản sao", "Sở Tư pháp", HOLDERS[3],
         export_time(now - timedelta(minutes=5)), export_time(now + timedelta(days=1)),
         "Đã có kết quả", export_time(now), ""]
        for code in (LATER, *(f"000.00.12.H55-00000{n}-000{n}" for n in (5, 6, 7)))
    ]  # fmt: skip
    import_dossiers(core, tmp_path / "later.csv", [*this_month_rows(), *later])
    # the import's four dossier.changed events, not the 3-minute timer, bring the new codes
    qtbot.waitUntil(lambda: LATER in board.model.dossiers.agencies[0].ready_codes, timeout=WAIT)
    qtbot.wait(1500)
    assert len(reads) == 1  # one read for the whole import, not one per dossier
    board.close()
    board.bridge.close()


def test_a_changed_notice_reads_the_dossiers_again(
    qtbot: QtBot, core: CoreServer, tmp_path: Path
) -> None:
    board = open_board(qtbot, core)
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    later = [LATER, "Chứng thực bản sao", "Sở Tư pháp", HOLDERS[3],
             export_time(now - timedelta(minutes=5)), export_time(now + timedelta(days=1)),
             "Đã có kết quả", export_time(now), ""]  # fmt: skip
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
    board.bridge.close()
