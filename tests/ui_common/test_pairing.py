"""First start: a code typed on the keypad pairs the device with a real core and is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.server import CoreServer
from ui_common import CoreBridge, DeviceSettings, load_settings
from ui_common.pairing import PairingScreen, PairingViewModel
from ui_common.qt import Qt


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def type_code(qtbot: QtBot, screen: PairingScreen, code: str) -> None:
    for digit in code:
        qtbot.mouseClick(screen.keypad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.keypad.keys["✓"], Qt.MouseButton.LeftButton)


def test_a_good_code_pairs_and_the_token_is_kept(
    qtbot: QtBot, core_server: CoreServer, config_dir: Path
) -> None:
    bridge = CoreBridge(core_server.base_url)
    model = PairingViewModel(bridge, "kiosk", DeviceSettings(), "Kiosk A")
    screen = PairingScreen(model)
    qtbot.addWidget(screen)
    code = core_server.pairing_code("kiosk")
    with qtbot.waitSignal(model.paired, timeout=10_000) as paired:
        type_code(qtbot, screen, code)
    token = paired.args[0]
    kept = load_settings("kiosk")
    assert kept.token == token and kept.device_id
    assert (config_dir / "kiosk.json").stat().st_mode & 0o077 == 0
    assert bridge.token == token
    bridge.close()


def test_a_wrong_code_says_so_and_clears(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge = CoreBridge(core_server.base_url)
    model = PairingViewModel(bridge, "kiosk", DeviceSettings(), "Kiosk A")
    screen = PairingScreen(model)
    qtbot.addWidget(screen)
    type_code(qtbot, screen, "000000")
    qtbot.waitUntil(lambda: model.error_key is not None, timeout=10_000)
    assert "hết hạn" in screen.error.text()
    assert model.code == "" and load_settings("kiosk").token is None
    bridge.close()
