"""The window against a real core: a call reaches the screen; the screenshots script paints."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_board.model import BoardModel, Timing
from hall_board.run import Board, assemble
from hall_board.widgets import Orientation
from queue_core.client import ConnectionState
from tests.hall_board.hall import BOARD_SITE, Hall
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge, load_fonts
from ui_common.qt import QtGui
from ui_common.sound import RecordingSink

WAIT = 20_000


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=BOARD_SITE) as server:
        yield server


def _board(core: CoreServer, pack: Path, orientation: Orientation) -> Board:
    load_fonts()
    model = BoardModel(timing=Timing(alone_ms=60_000, busy_ms=60_000))
    bridge = CoreBridge(core.base_url, core.pair_device("board"))
    return assemble(bridge, None, orientation, pack, sink=RecordingSink(), model=model)


@pytest.mark.parametrize("orientation", list(Orientation))
def test_a_call_is_painted_in_now_calling_and_said(
    qtbot: QtBot, core: CoreServer, default_pack_dir: Path, orientation: Orientation
) -> None:
    hall = Hall(core)
    hall.open(2)
    hall.issue(1)
    board = _board(core, default_pack_dir, orientation)
    qtbot.addWidget(board.window)
    painted: list[int] = []
    board.window.now.frame_shown.connect(painted.append)
    board.window.show()
    board.controller.start()
    qtbot.waitUntil(lambda: board.model.connection is ConnectionState.CONNECTED, timeout=WAIT)
    number = hall.next(2)
    qtbot.waitUntil(lambda: board.model.now is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: board.model.now.seq in painted, timeout=WAIT)
    assert board.model.now.ticket == number and board.model.highlighted
    sink = board.queue.sink
    assert isinstance(sink, RecordingSink)
    qtbot.waitUntil(lambda: len(sink.played) == 1, timeout=WAIT)
    image = board.window.grab().toImage()
    assert (image.width(), image.height()) == (
        (1920, 1080) if orientation is Orientation.LANDSCAPE else (1080, 1920)
    )
    yellow = QtGui.QColor(board.model.appearance.number).rgb()
    centre = board.window.now.geometry().center()
    row = [image.pixel(x, centre.y() - 60) for x in range(0, image.width(), 2)]
    assert yellow in row  # the number is painted, in the number colour
    board.close()
    board.bridge.close()


def test_the_screenshots_script_writes_seven_screens_of_exact_sizes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demo.screenshots.board", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-1000:]
    sizes = {}
    for path in sorted(tmp_path.glob("*.png")):
        image = QtGui.QImage(str(path))
        sizes[path.name] = (image.width(), image.height())
    assert sizes == {
        "board-1080x1920-portrait.png": (1080, 1920),
        "board-1080x1920-portrait-dossiers.png": (1080, 1920),
        "board-1080x1920-portrait-ready.png": (1080, 1920),
        "board-1920x1080-12.png": (1920, 1080),
        "board-1920x1080-12-dossiers.png": (1920, 1080),
        "board-1920x1080-48.png": (1920, 1080),
        "board-1920x1080-48-ready.png": (1920, 1080),
    }
