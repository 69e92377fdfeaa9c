"""Qt offscreen and a private settings folder for every test here; the real core fixture; a
helper to issue tickets and make a panel."""

from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["LUOT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="luot-counter-tests-")

from collections.abc import Iterator

import httpx
import pytest
from pytestqt.qtbot import QtBot

from counter_display.panel_model import PanelViewModel, SignIn
from tests.support.server import CoreServer, core_server  # noqa: F401
from ui_common.bridge import CoreBridge

WAIT = 15_000


class Hall:
    """The test site's hall: a kiosk token to issue tickets, staff tokens to look at them."""

    def __init__(self, core: CoreServer) -> None:
        self.core = core
        self.kiosk = core.pair_device("kiosk")
        self.boss = core.login("boss", "999999", None)

    def issue(self, service: str = "lltp", n: int = 1) -> list[dict]:
        tickets = []
        for _ in range(n):
            response = httpx.post(
                self.core.base_url + "/api/v1/tickets",
                json={"service": service},
                headers={"Authorization": f"Bearer {self.kiosk}"},
            )
            response.raise_for_status()
            tickets.append(response.json())
        return tickets

    def ticket(self, ticket_id: int) -> dict:
        response = httpx.get(
            f"{self.core.base_url}/api/v1/tickets/{ticket_id}",
            headers={"Authorization": f"Bearer {self.boss}"},
        )
        response.raise_for_status()
        return response.json()

    def waiting(self, service: str) -> int:
        agencies = httpx.get(self.core.base_url + "/api/v1/services").json()
        return next(s["waiting"] for a in agencies for s in a["services"] if s["id"] == service)

    def events(self, kind: str) -> list[dict]:
        store = self.core.store()
        try:
            return [e for e in store.events_since(0, 100_000) if e["type"] == kind]
        finally:
            store.close()


@pytest.fixture
def hall(core_server: CoreServer) -> Hall:  # noqa: F811
    return Hall(core_server)


PANELS: list[PanelViewModel] = []


@pytest.fixture
def bridge(qtbot: QtBot, core_server: CoreServer) -> Iterator[CoreBridge]:  # noqa: F811
    """A bridge to the core, paired as the panel's device is; the panels made on it are
    stopped, idle, before it closes."""
    bridge = CoreBridge(core_server.base_url, core_server.pair_device("counter"))
    yield bridge
    for panel in PANELS:
        panel.stop()
        qtbot.waitUntil(lambda p=panel: p.idle, timeout=WAIT)
    PANELS.clear()
    bridge.close()


def panel(bridge: CoreBridge, counter: int = 1) -> PanelViewModel:
    model = PanelViewModel(bridge, counter, repeat_guard_s=0)
    PANELS.append(model)
    return model


def signed_in(qtbot: QtBot, bridge: CoreBridge, counter: int = 1) -> PanelViewModel:
    """A panel model at ``counter``, signed in as ``lan`` with its counter open and loaded."""
    model = panel(bridge, counter)
    model.login("lan", "1234")
    qtbot.waitUntil(
        lambda: model.sign_in is SignIn.SIGNED_IN and model.snapshot is not None, timeout=WAIT
    )
    qtbot.waitUntil(lambda: model.connected and bool(model.enabled), timeout=WAIT)
    return model
