"""The server fixture starts a real core, pairs a kiosk, issues a ticket, and restarts."""

from __future__ import annotations

import httpx

from tests.support.server import CoreServer


def test_issue_survives_restart(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    response = httpx.post(
        core_server.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["number"] == "1001"
    core_server.kill()
    core_server.restart()
    again = httpx.get(
        f"{core_server.base_url}/api/v1/tickets/{ticket['id']}",
        params={"t": ticket["public_token"]},
    )
    assert again.json()["number"] == "1001"
    assert httpx.get(core_server.base_url + "/api/v1/health").json()["seq"] == 1
