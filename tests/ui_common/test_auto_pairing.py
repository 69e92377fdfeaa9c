"""A code given on the command line (the demo hall's) pairs with a real core without the keypad;
a bad one shows the keypad with the error, as a wrong code typed there would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from demo.screenshots.fit import misfits
from tests.support.server import CoreServer
from ui_common import CoreBridge, DeviceSettings, load_settings
from ui_common.pairing import PairingScreen, PairingViewModel, start_pairing


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def pairing(qtbot: QtBot, core: CoreServer) -> tuple[CoreBridge, PairingViewModel, PairingScreen]:
    bridge = CoreBridge(core.base_url)
    model = PairingViewModel(bridge, "kiosk", DeviceSettings(), "Kiosk A")
    screen = PairingScreen(model)
    qtbot.addWidget(screen)
    return bridge, model, screen


def test_a_given_code_pairs_without_the_keypad(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge, model, screen = pairing(qtbot, core_server)
    with qtbot.waitSignal(model.paired, timeout=10_000) as paired:
        start_pairing(model, screen.show, core_server.pairing_code("kiosk"))
    assert not screen.isVisible()
    assert load_settings("kiosk").token == paired.args[0] == bridge.token
    bridge.close()


@pytest.mark.parametrize("code", ["000000", "12ab"])
def test_a_bad_code_shows_the_keypad_with_the_error(
    qtbot: QtBot, core_server: CoreServer, code: str
) -> None:
    bridge, model, screen = pairing(qtbot, core_server)
    start_pairing(model, screen.show, code)
    qtbot.waitUntil(screen.isVisible, timeout=10_000)
    assert "hết hạn" in screen.error.text()
    assert screen.keypad.isEnabled() and model.code == ""
    assert load_settings("kiosk").token is None
    bridge.close()


def test_without_a_code_the_keypad_shows_at_once(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge, model, screen = pairing(qtbot, core_server)
    start_pairing(model, screen.show, None)
    assert screen.isVisible() and screen.error.text() == ""
    bridge.close()


@pytest.mark.parametrize(
    ("compact", "size"), [(True, (1280, 720)), (False, (1080, 1920)), (False, (1920, 1080))]
)
def test_the_pairing_screen_fits_the_screens_it_shows_on(
    qtbot: QtBot, compact: bool, size: tuple[int, int]
) -> None:
    """The compact keypad is the counter display's (1280×720); the full one the kiosk's."""
    model = PairingViewModel(CoreBridge("http://127.0.0.1:9"), "display", DeviceSettings(), "D")
    model.error_key = "pair_wrong"  # the tallest it gets: the error under the boxes
    screen = PairingScreen(model, compact=compact)
    qtbot.addWidget(screen)
    screen.refresh()
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    assert misfits(screen, size) == []
    model.bridge.close()
