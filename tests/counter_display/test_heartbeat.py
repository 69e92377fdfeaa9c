"""The clerk's panel and the counter's display beat, as every paired app does: each started
through the one start-up against a real core tells it it is alive, and the console lists it ok —
the panel it called lost before is lost no more, its alert cleared; a clerk signed in at the
panel does not stop its beats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.app import display_parser, launch_display, launch_panel, panel_parser
from queue_core import __version__
from queue_core.store import DeviceRole, list_devices
from tests.counter_display.conftest import WAIT, signed_in
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
from ui_common.bridge import CoreBridge
from ui_common.heartbeat import Heartbeat


@pytest.fixture
def fast_core(tmp_path: Path) -> Iterator[CoreServer]:
    """The test site's core, checking for alerts every second."""
    with running_core(tmp_path, SMALL_SITE + FAST_CONSOLE) as core:
        yield core


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))


def test_the_panel_beats_from_its_start_and_is_lost_no_more(
    qtbot: QtBot, fast_core: CoreServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = paired_long_ago(fast_core, DeviceRole.COUNTER, "Quầy 1 (bàn)", "counter-1")
    lost = f"device:{panel}:lost"
    qtbot.waitUntil(lambda: lost in raised_alerts(fast_core), timeout=WAIT)
    assert console_health(fast_core) == {"Quầy 1 (bàn)": "lost"}

    args = panel_parser().parse_args(["--counter", "1", "--core", fast_core.base_url])
    started = run_started(
        launch_panel, args, lambda: device(fast_core, panel).last_seen is not None, monkeypatch
    )
    assert started.seen and started.code == 0
    beat = device(fast_core, panel)
    assert beat.version == __version__ and beat.printer is None
    assert console_health(fast_core) == {"Quầy 1 (bàn)": "ok"}
    qtbot.waitUntil(lambda: lost not in raised_alerts(fast_core), timeout=WAIT)


def test_the_display_pairs_at_its_first_start_then_beats(
    fast_core: CoreServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = fast_core.pairing_code("counter", "Counter 2 display")
    argv = ["--counter", "2", "--core", fast_core.base_url, "--pair-code", code, "--windowed"]

    def heard() -> bool:
        store = fast_core.store()
        try:
            return any(d.last_seen is not None for d in list_devices(store.conn))
        finally:
            store.close()

    started = run_started(launch_display, display_parser().parse_args(argv), heard, monkeypatch)
    assert started.seen and started.code == 0
    assert console_health(fast_core) == {"Counter 2 display": "ok"}


def test_a_clerk_signed_in_at_the_panel_does_not_stop_its_beats(
    qtbot: QtBot, bridge: CoreBridge, core_server: CoreServer
) -> None:
    signed_in(qtbot, bridge)
    assert bridge.session is not None  # the panel's calls carry the clerk's session now
    beat = Heartbeat(bridge)
    with qtbot.waitSignal(beat.delivered, timeout=WAIT) as delivered:
        beat.beat()
    beat.stop()
    assert device(core_server, int(delivered.args[0].device_id)).role is DeviceRole.COUNTER
