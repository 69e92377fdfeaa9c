"""The heartbeat every paired app sends (``ui_common.heartbeat``), against a real core: at start
and on its timer, with the printer's state asked off the Qt thread, and a beat the core does not
take only logged."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from harness.child import free_port
from queue_core import __version__
from queue_core.client import Heartbeat as Beaten
from tests.support.server import CoreServer
from tests.support.startup import device
from ui_common.bridge import CoreBridge
from ui_common.heartbeat import Heartbeat
from ui_common.timings import Timings

WAIT = 15_000
QUICK = Timings(heartbeat_ms=50)

Bridges = Callable[[str, str], CoreBridge]


@pytest.fixture
def bridge_to() -> Iterator[Bridges]:
    """``bridge_to(url, token)``: a bridge, closed when the test ends, whatever its end."""
    made: list[CoreBridge] = []

    def make(url: str, token: str) -> CoreBridge:
        made.append(CoreBridge(url, token))
        return made[-1]

    yield make
    for made_bridge in made:
        made_bridge.close()


def test_it_beats_at_start_then_on_its_timer(
    qtbot: QtBot, core_server: CoreServer, bridge_to: Bridges
) -> None:
    bridge = bridge_to(core_server.base_url, core_server.pair_device("board", "Bảng sảnh"))
    beat = Heartbeat(bridge, timings=QUICK)
    answers: list[Beaten] = []
    beat.delivered.connect(answers.append)
    beat.start()
    qtbot.waitUntil(lambda: len(answers) >= 3, timeout=WAIT)
    beat.stop()
    assert not beat.timer.isActive()
    row = device(core_server, int(answers[-1].device_id))
    assert row.name == "Bảng sảnh" and row.last_seen is not None
    assert row.version == __version__ and row.printer is None and beat.last_printer is None


def test_the_printer_is_asked_off_the_qt_thread_and_its_state_carried(
    qtbot: QtBot, core_server: CoreServer, bridge_to: Bridges
) -> None:
    bridge = bridge_to(core_server.base_url, core_server.pair_device("kiosk"))
    asked_on: list[threading.Thread] = []

    def printer() -> str:
        asked_on.append(threading.current_thread())
        return "paper_low"

    beat = Heartbeat(bridge, printer)
    with qtbot.waitSignal(beat.delivered, timeout=WAIT) as delivered:
        beat.beat()
    beat.stop()
    assert asked_on and threading.main_thread() not in asked_on
    assert device(core_server, int(delivered.args[0].device_id)).printer == "paper_low"
    assert beat.last_printer == "paper_low"


def test_a_beat_the_core_does_not_take_is_only_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, bridge_to: Bridges
) -> None:
    caplog.set_level(logging.INFO, logger="ui_common.heartbeat")
    bridge = bridge_to(f"http://127.0.0.1:{free_port()}", "luot_d_nobody")  # no core there
    beat = Heartbeat(bridge)
    beat.delivered.connect(lambda _answer: pytest.fail("no core took it"))
    beat.beat()

    def missed() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "ui_common.heartbeat"]

    qtbot.waitUntil(lambda: bool(missed()), timeout=WAIT)
    beat.stop()
    (record,) = missed()
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith("heartbeat not delivered: the core at http://127.0.0.1")
