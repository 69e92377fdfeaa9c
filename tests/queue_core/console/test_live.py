"""The live hall and the device list against a real core: tickets, heartbeats, alert events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.queue_core.conftest import SMALL_SITE
from tests.queue_core.console.conftest import log_in
from tests.support.server import CoreServer, running_core

FAST_SITE = SMALL_SITE + "\n[console]\ncheck_seconds = 1\n"


@pytest.fixture
def fast_core(tmp_path: Path) -> Iterator[CoreServer]:
    """A core that checks for alerts every second."""
    with running_core(tmp_path, site_toml=FAST_SITE) as core:
        yield core


@pytest.fixture
def boss(fast_core: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_core.base_url, timeout=10) as client:
        assert log_in(client, "boss", "999999").status_code == 303
        yield client


def next_of(ws: ClientConnection, kind: str) -> dict[str, Any]:
    """The next event of this type (others pass by); waits as long as the test's timeout."""
    while True:
        event = json.loads(ws.recv(timeout=60))
        if event.get("type") == kind:
            return event


def heartbeat(core: CoreServer, token: str, printer: str) -> None:
    response = httpx.post(
        core.base_url + "/api/v1/devices/heartbeat",
        json={"version": "1.2.0", "uptime_seconds": 7200, "printer": printer},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200


def test_the_hall_shows_services_counters_and_a_new_ticket(
    fast_core: CoreServer, boss: httpx.Client
) -> None:
    page = boss.get("/console")
    assert page.status_code == 200
    assert 'id="service-lltp"' in page.text and 'id="counter-3"' in page.text
    assert 'data-fragment="/console/fragment/hall"' in page.text
    kiosk = fast_core.pair_device("kiosk")
    issued = httpx.post(
        fast_core.base_url + "/api/v1/tickets",
        json={"service": "datdai"},
        headers={"Authorization": f"Bearer {kiosk}"},
    ).json()
    clerk = fast_core.login("lan", "1234", 3)
    api = httpx.Client(base_url=fast_core.base_url, headers={"Authorization": f"Bearer {clerk}"})
    with api:
        assert api.post("/api/v1/counters/3/open").status_code == 200
        assert api.post("/api/v1/counters/3/next").json()["number"] == issued["number"]
    fragment = boss.get("/console/fragment/hall").text
    counter = fragment.split('id="counter-3"')[1].split("</article>")[0]
    assert issued["number"] in counter and "Đang mở" in counter


def test_a_paper_out_heartbeat_turns_the_row_red_and_raises_then_clears_an_alert(
    fast_core: CoreServer, boss: httpx.Client
) -> None:
    kiosk = fast_core.pair_device("kiosk", "Kiosk sảnh A")
    with connect(
        fast_core.ws_url + "?since=0", additional_headers=fast_core.stream_headers()
    ) as ws:
        heartbeat(fast_core, kiosk, "paper_out")
        raised = next_of(ws, "alert.raised")
        assert raised["kind"] == "device_paper_out"
        assert raised["message"] == "Thiết bị Kiosk sảnh A: máy in hết giấy"
        fragment = boss.get("/console/fragment/devices").text
        assert '<tr id="device-1" class="health-paper_out alerting"' in fragment
        assert "Hết giấy" in fragment
        assert "máy in hết giấy" in boss.get("/console/fragment/hall").text
        heartbeat(fast_core, kiosk, "ok")
        cleared = next_of(ws, "alert.cleared")
        assert cleared["key"] == raised["key"] and cleared["seq"] > raised["seq"]
    store = fast_core.store()
    try:
        kinds = [e["type"] for e in store.events_since(0) if e["type"].startswith("alert.")]
    finally:
        store.close()
    assert kinds == ["alert.raised", "alert.cleared"]
    assert 'class="health-ok"' in boss.get("/console/devices").text


def test_a_device_can_be_renamed_and_revoked_and_both_are_audited(
    fast_core: CoreServer, boss: httpx.Client
) -> None:
    kiosk = fast_core.pair_device("kiosk", "Kiosk 1")
    page = boss.get("/console/devices").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    renamed = boss.post("/console/devices/1/rename", data={"csrf": csrf, "name": "Kiosk cổng"})
    assert renamed.status_code == 303
    empty = boss.post("/console/devices/1/rename", data={"csrf": csrf, "name": " "})
    assert empty.status_code == 422 and "1 to 80 characters" in empty.text
    assert boss.post("/console/devices/1/revoke", data={"csrf": csrf}).status_code == 303
    unknown = boss.post("/console/devices/99/revoke", data={"csrf": csrf})
    assert unknown.status_code == 404
    refused = httpx.post(
        fast_core.base_url + "/api/v1/devices/heartbeat",
        json={},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert refused.status_code == 401
    audit = boss.get("/console/audit").text
    assert "device.rename" in audit and "Kiosk cổng" in audit and "device.revoke" in audit
