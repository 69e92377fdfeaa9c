"""The hall board beats, as every paired app does: started through the one start-up against a real
core, it tells the core it is alive, and the console that called it lost lists it ok, its alert
cleared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_board.app import launch, parse_args
from queue_core import __version__
from queue_core.store import DeviceRole
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core
from tests.support.startup import (
    FAST_CONSOLE,
    console_health,
    device,
    paired_long_ago,
    raised_alerts,
    run_started,
)

WAIT = 15_000


@pytest.fixture
def fast_core(tmp_path: Path) -> Iterator[CoreServer]:
    """The test site's core, checking for alerts every second."""
    with running_core(tmp_path, SMALL_SITE + FAST_CONSOLE) as core:
        yield core


def test_the_board_beats_from_its_start_and_is_lost_no_more(
    qtbot: QtBot, fast_core: CoreServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))
    board = paired_long_ago(fast_core, DeviceRole.BOARD, "Bảng sảnh A", "board")
    lost = f"device:{board}:lost"
    qtbot.waitUntil(lambda: lost in raised_alerts(fast_core), timeout=WAIT)
    assert console_health(fast_core) == {"Bảng sảnh A": "lost"}

    args = parse_args(["--core", fast_core.base_url, "--silent"])
    started = run_started(
        launch, args, lambda: device(fast_core, board).last_seen is not None, monkeypatch
    )
    assert started.seen and started.code == 0
    beat = device(fast_core, board)
    assert beat.version == __version__ and beat.printer is None
    assert console_health(fast_core) == {"Bảng sảnh A": "ok"}
    qtbot.waitUntil(lambda: lost not in raised_alerts(fast_core), timeout=WAIT)
