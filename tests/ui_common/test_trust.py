"""An app and a TLS core: the first contact learns the certificate (as the zeroconf record names
it) and keeps it beside the token the pairing gives; the keeper learns a rotation's next
certificate over the pinned channel, the core counts the device, and after the switch the app
goes on working and lets the old one go."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from queue_core.cli import main
from queue_core.client import CoreClient, CoreNotTrusted, Discovered, Health, Trust, Via
from queue_core.client import first_contact as learn
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge, DeviceSettings, load_settings, save_settings
from ui_common.pairing import PairingViewModel
from ui_common.trust import TrustKeeper, trusted_at_start

GUARD = 30.0
"""Seconds: a hang guard, not a measurement."""


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def tls_core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, tls=True) as core:
        yield core


def served_sha256(core: CoreServer) -> str:
    return asyncio.run(learn(core.base_url)).fingerprints[0]


def health(bridge: CoreBridge) -> Health:
    async def ask(core: CoreClient) -> Health:
        return await core.health()

    future: Future[Health] = bridge.call(ask)
    return future.result(timeout=GUARD)


def test_the_first_contact_is_learned_and_kept(tls_core: CoreServer) -> None:
    found = Discovered(tls_core.base_url, Via.ZEROCONF, "Trung tâm", "test-centre")
    kept = trusted_at_start("kiosk", DeviceSettings(), found)
    assert Trust(kept.certificates).fingerprints == (served_sha256(tls_core),)
    assert load_settings("kiosk").certificates == kept.certificates
    assert trusted_at_start("kiosk", kept, found) is kept  # learned once, never again
    plain = Discovered("http://127.0.0.1:9", Via.CONFIG)
    assert trusted_at_start("board", DeviceSettings(), plain) == DeviceSettings()


def test_a_core_that_is_not_the_advertised_one_is_not_learned(tls_core: CoreServer) -> None:
    found = Discovered(tls_core.base_url, Via.ZEROCONF, "Trung tâm", "test-centre", "0" * 64)
    with pytest.raises(CoreNotTrusted, match="zeroconf record names"):
        trusted_at_start("kiosk", DeviceSettings(), found)
    assert load_settings("kiosk").certificates == ()


def test_pairing_keeps_the_certificate_beside_the_token(qtbot: QtBot, tls_core: CoreServer) -> None:
    found = Discovered(tls_core.base_url, Via.CONFIG)
    settings = trusted_at_start("kiosk", DeviceSettings(), found)
    bridge = CoreBridge(tls_core.base_url, trust=Trust(settings.certificates))
    model = PairingViewModel(bridge, "kiosk", settings, "Kiosk A")
    with qtbot.waitSignal(model.paired, timeout=10_000):
        model.submit_code(tls_core.pairing_code("kiosk"))
    kept = load_settings("kiosk")
    assert kept.token and kept.certificates == settings.certificates
    assert health(bridge).status == "ok"
    bridge.close()


def announced(core: CoreServer) -> dict[str, Any]:
    """What the core announces, once it has read its folder (every 2 s)."""
    deadline = time.monotonic() + GUARD
    while True:
        told: dict[str, Any] = httpx.get(
            core.base_url + "/api/v1/tls", verify=core.verify(), trust_env=False
        ).json()
        if told["next_sha256"] is not None or time.monotonic() > deadline:
            return told
        time.sleep(0.2)


def test_the_keeper_carries_the_app_through_a_rotation(
    qtbot: QtBot, tls_core: CoreServer, capsys: pytest.CaptureFixture[str]
) -> None:
    old = served_sha256(tls_core)
    first = tls_core.trust()
    token = tls_core.pair_device("counter", "Counter 3 display")
    save_settings("counter-3", DeviceSettings(token=token, certificates=first.certificates))
    bridge = CoreBridge(tls_core.base_url, token, trust=first)
    keeper = TrustKeeper(bridge, "counter-3")

    db = str(tls_core.db_path)
    assert main(["--db", db, "cert", "rotate"]) == 0
    upcoming = announced(tls_core)["next_sha256"]
    assert upcoming is not None
    with qtbot.waitSignal(keeper.learned, timeout=10_000) as learned:
        keeper.check()
    assert learned.args[0].fingerprints == (old, upcoming) == bridge.trust.fingerprints
    assert Trust(load_settings("counter-3").certificates).fingerprints == (old, upcoming)
    assert health(bridge).status == "ok"

    capsys.readouterr()
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert main(["--db", db, "--at", later, "cert", "rotate", "--finish"]) == 0  # counted
    deadline = time.monotonic() + GUARD
    while served_sha256(tls_core) != upcoming and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served_sha256(tls_core) == upcoming

    assert health(bridge).status == "ok"  # the same bridge, now over the next certificate
    with qtbot.waitSignal(keeper.learned, timeout=10_000) as learned:
        keeper.check()
    assert learned.args[0].fingerprints == (upcoming,)  # the old one let go
    assert Trust(load_settings("counter-3").certificates).fingerprints == (upcoming,)
    assert load_settings("counter-3").token == token
    bridge.close()
