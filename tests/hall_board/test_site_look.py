"""The site file's [board] on a real core: colours, logo and the way calls are said.

The site is made with `luot-core init` (the only way a logo reaches the core's database);
the command line's choices win over the site's.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_board.model import BoardModel, Timing
from hall_board.run import Board, assemble
from hall_board.state import LookOverrides, VoiceChoices
from hall_board.voice.catalogue import vi_word_clip
from queue_core.cli import main as luot_core
from queue_core.client import ConnectionState
from queue_core.config import SAMPLE_SITE, clean_svg
from tests.hall_board.hall import BOARD_SITE, Hall
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge, load_fonts
from ui_common.qt import QtGui
from ui_common.sound import RecordingSink

WAIT = 20_000
HELD = Timing(alone_ms=60_000, busy_ms=60_000, figures_ms=600_000, dossier_ms=600_000)
GROUND = "#1B4D3E"
LOGO_RED = "#C8102E"

LOOK_SITE = (
    BOARD_SITE.replace('numbers = "1001-1999"', 'numbers = "105-199"')
    + f"""
[board]
ground = "{GROUND}"
ink = "#FFFFFF"
number = "#FFD400"
accent = "#C8102E"
logo = "logo.svg"
zero_tens = "lẻ"
four = "tư"
repeat_priority = true
"""
)


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    site = tmp_path / "site.toml"
    site.write_text(LOOK_SITE, encoding="utf-8")
    shutil.copy(SAMPLE_SITE.parent / "sample_logo.svg", tmp_path / "logo.svg")
    assert luot_core(["--db", str(tmp_path / "luot.db"), "init", str(site)]) == 0
    with running_core(tmp_path, site_toml=None) as server:
        yield server


def open_board(
    qtbot: QtBot, core: CoreServer, pack: Path, look: LookOverrides | None = None,
    voice: VoiceChoices | None = None,
) -> Board:  # fmt: skip
    load_fonts()
    bridge = CoreBridge(core.base_url, core.pair_device("board"))
    board = assemble(bridge, pack_dir=pack, sink=RecordingSink(),
                     model=BoardModel(timing=HELD), look=look, voice=voice)  # fmt: skip
    qtbot.addWidget(board.window)
    board.window.show()
    board.controller.start()
    qtbot.waitUntil(lambda: board.model.connection is ConnectionState.CONNECTED, timeout=WAIT)
    return board


def said(board: Board) -> list[tuple[str, ...]]:
    sink = board.queue.sink if board.queue else None
    assert isinstance(sink, RecordingSink)
    return [tuple(p for p in a.parts if isinstance(p, str)) for a in sink.played]


def test_the_board_wears_the_site_colours_and_logo_and_says_le(
    qtbot: QtBot, core: CoreServer, default_pack_dir: Path
) -> None:
    board = open_board(qtbot, core, default_pack_dir)
    model, window = board.model, board.window
    qtbot.waitUntil(lambda: model.logo is not None, timeout=WAIT)
    assert model.appearance.ground == GROUND
    assert model.logo == clean_svg((SAMPLE_SITE.parent / "sample_logo.svg").read_bytes())
    window.top.repaint()
    image = window.grab().toImage()
    assert image.pixelColor(4, image.height() // 2).name().upper() == GROUND  # the margin
    top = window.top.geometry()
    logo_h = top.height() - 12  # the red disc under the star, drawn from the SVG
    red = image.pixelColor(top.x() + logo_h // 2, top.y() + 6 + int(logo_h * 0.85))
    assert red.name().upper() == LOGO_RED

    hall = Hall(core)
    hall.open(1)
    assert hall.issue(1) == ["105"]
    hall.next(1)
    qtbot.waitUntil(lambda: len(said(board)) == 1, timeout=WAIT)
    words = said(board)[0]
    assert vi_word_clip("lẻ") in words and vi_word_clip("linh") not in words
    board.close()
    board.bridge.close()


def test_the_command_line_wins_over_the_site(
    qtbot: QtBot, core: CoreServer, default_pack_dir: Path
) -> None:
    look = LookOverrides(ground="#000000")
    board = open_board(qtbot, core, default_pack_dir, look, VoiceChoices(zero_tens="linh"))
    assert board.model.appearance.ground == "#000000"
    assert board.model.appearance.number == "#FFD400"  # the site's, not overridden
    assert board.model.voicing.style.four.value == "tư"  # the site's
    hall = Hall(core)
    hall.open(1)
    hall.issue(1)
    hall.next(1)
    qtbot.waitUntil(lambda: len(said(board)) == 1, timeout=WAIT)
    words = said(board)[0]
    assert vi_word_clip("linh") in words and vi_word_clip("lẻ") not in words
    colour = QtGui.QColor(board.window.palette().color(QtGui.QPalette.ColorRole.Window))
    assert colour.name().upper() == "#000000"
    board.close()
    board.bridge.close()


def test_a_site_without_a_board_section_keeps_the_defaults(
    qtbot: QtBot, tmp_path: Path, default_pack_dir: Path
) -> None:
    with running_core(tmp_path, site_toml=BOARD_SITE) as plain:
        board = open_board(qtbot, plain, default_pack_dir)
        model = board.model
        assert model.appearance.logo is None and model.logo is None
        assert model.appearance.ground == "#071A3D"
        assert model.voicing.style.zero_tens.value == "linh" and not model.voicing.english
        assert not model.voicing.repeat_priority  # a priority call is said once by default
        assert [a.name for a in model.waiting] == ["Sở Tư pháp"]  # named by the snapshot
        board.close()
        board.bridge.close()


def test_a_priority_call_is_said_twice_when_the_site_asks_and_the_next_call_waits_for_both(
    qtbot: QtBot, core: CoreServer, default_pack_dir: Path
) -> None:
    board = open_board(qtbot, core, default_pack_dir)
    assert board.model.voicing.repeat_priority
    hall = Hall(core)
    hall.open(1)
    hall.open(2)
    elder = hall.issue(1, priority=True)[0]
    other = hall.issue(1)[0]
    hall.next(1)  # the priority ticket is called first, then the other at once
    hall.next(2)
    sink = board.queue.sink if board.queue else None
    assert isinstance(sink, RecordingSink)
    qtbot.waitUntil(lambda: len(sink.played) == 3, timeout=WAIT)
    heard = [(a.ticket, a.counter, a.again) for a in sink.played]
    assert heard == [(elder, 1, False), (elder, 1, True), (other, 2, False)]
    first, second = said(board)[:2]
    assert first[0] == "chime" and second == first[1:]  # the same words, without the chime
    assert sink.most_at_once == 1
    board.close()
    board.bridge.close()


def test_the_command_line_can_say_priority_calls_once(
    qtbot: QtBot, core: CoreServer, default_pack_dir: Path
) -> None:
    board = open_board(qtbot, core, default_pack_dir, voice=VoiceChoices(repeat_priority=False))
    hall = Hall(core)
    hall.open(1)
    hall.issue(1, priority=True)
    hall.next(1)
    qtbot.waitUntil(lambda: len(said(board)) == 1, timeout=WAIT)
    # a second reading is queued with the first, at once: it would be heard or waiting now
    assert len(said(board)) == 1 and board.queue is not None and not board.queue.pending()
    board.close()
    board.bridge.close()
