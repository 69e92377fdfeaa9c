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


def test_the_phone_page_shows_the_ticket(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    ticket = httpx.post(
        core_server.base_url + "/api/v1/tickets",
        json={"service": "datdai"},
        headers={"Authorization": f"Bearer {kiosk}"},
    ).json()
    page = httpx.get(f"{core_server.base_url}/t/{ticket['public_token']}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert ticket["number"] in page.text
    assert "Đăng ký đất đai" in page.text and "người trước bạn" in page.text
    missing = httpx.get(f"{core_server.base_url}/t/no-such-token")
    assert missing.status_code == 404 and "Không tìm thấy phiếu" in missing.text


def test_bodies_over_64_kib_are_refused(core_server: CoreServer) -> None:
    response = httpx.post(
        core_server.base_url + "/api/v1/pair", content=b"{" + b" " * 70_000 + b"}"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
