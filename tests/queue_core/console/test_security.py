"""The console is for supervisors only: sessions, lockout, CSRF; refused means nothing changed."""

from __future__ import annotations

import httpx
import pytest

from tests.queue_core.console.conftest import csrf_of, log_in, login_csrf
from tests.support.server import CoreServer

PAGES = (
    "/console",
    "/console/devices",
    "/console/admin",
    "/console/audit",
    "/console/reports",
)
FRAGMENTS = (
    "/console/fragment/hall",
    "/console/fragment/devices",
    "/console/fragment/bookings",
    "/console/reports.csv",
    "/console/reports.xlsx",
)
ACTIONS = (
    "/console/logout",
    "/console/admin/service",
    "/console/admin/counter",
    "/console/admin/notice",
    "/console/admin/notice-withdraw",
    "/console/admin/notice-clear",
    "/console/admin/ticket-cancel",
    "/console/admin/day-end",
    "/console/admin/staff-add",
    "/console/admin/staff-disable",
    "/console/admin/staff-pin",
    "/console/devices/1/rename",
    "/console/devices/1/revoke",
)


def _client(core: CoreServer) -> httpx.Client:
    return httpx.Client(base_url=core.base_url, timeout=10)


def test_pages_send_a_stranger_to_the_login_page(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        for page in PAGES:
            response = client.get(page)
            assert response.status_code == 303, page
            assert response.headers["location"].startswith("/console/login?next=")
        for fragment in FRAGMENTS:
            response = client.get(fragment)
            assert response.status_code == 401, fragment
            assert response.json()["error"]["code"] == "login_required"


def test_actions_are_refused_without_a_session(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        for action in ACTIONS:
            response = client.post(action, data={"csrf": "x", "reason": "r", "service": "lltp"})
            assert response.status_code == 401, action
            assert response.json()["error"]["code"] == "login_required"
    services = httpx.get(core_server.base_url + "/api/v1/services").json()
    assert all(s["available"] for a in services for s in a["services"])


def test_the_login_sets_an_http_only_strict_cookie(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        response = log_in(client, "boss", "999999")
        assert response.status_code == 303
        cookie = next(
            v
            for k, v in response.headers.multi_items()
            if k == "set-cookie" and v.startswith("luot_console=")
        )
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
        assert "Secure" not in cookie  # plain http on the LAN; Secure when served over https
        assert client.get("/console").status_code == 200
        https = client.get("/console/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in https.headers["set-cookie"]


def test_a_clerk_is_refused_and_gets_no_session(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        response = log_in(client, "lan", "1234")
        assert response.status_code == 403
        assert "không có quyền" in response.text
        assert "luot_console=" not in response.headers.get("set-cookie", "")
        assert client.get("/console").status_code == 303


def test_a_clerks_api_session_or_a_device_token_as_cookie_is_refused(
    core_server: CoreServer,
) -> None:
    clerk = core_server.login("lan", "1234", 1)
    device = core_server.pair_device("kiosk")
    for token in (clerk, device):
        with _client(core_server) as client:
            client.cookies.set("luot_console", token, path="/console")
            response = client.get("/console")
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "not_allowed"
            posted = client.post(
                "/console/admin/notice", data={"csrf": "whatever", "text": "Hacked"}
            )
            assert posted.status_code == 403
    assert httpx.get(core_server.base_url + "/api/v1/board").json()["notices"] == []


def test_wrong_pins_lock_the_account_as_at_the_counters(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        for _ in range(5):
            assert log_in(client, "boss", "0000").status_code == 401
        locked = log_in(client, "boss", "999999")
        assert locked.status_code == 423
        assert "khoá" in locked.text
    api = httpx.post(
        core_server.base_url + "/api/v1/session", json={"username": "boss", "pin": "999999"}
    )
    assert api.status_code == 423


def test_the_login_form_needs_its_csrf_token(core_server: CoreServer) -> None:
    with _client(core_server) as client:
        login_csrf(client)
        response = client.post("/console/login", data={"username": "boss", "pin": "999999"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "csrf_failed"


@pytest.mark.parametrize("csrf", [None, "", "0" * 64])
def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    core_server: CoreServer, console: httpx.Client, csrf: str | None
) -> None:
    data = {"service": "lltp", "reason": "Hết phôi", "do": "close"}
    if csrf is not None:
        data["csrf"] = csrf
    response = console.post("/console/admin/service", data=data)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    services = httpx.get(core_server.base_url + "/api/v1/services").json()
    assert all(s["available"] for a in services for s in a["services"])
    assert "service.close" not in console.get("/console/audit").text


def test_the_csrf_token_of_another_session_is_refused(
    core_server: CoreServer, console: httpx.Client
) -> None:
    with _client(core_server) as other:
        assert log_in(other, "boss", "999999").status_code == 303
        theirs = csrf_of(other)
    assert theirs != csrf_of(console)
    response = console.post("/console/admin/notice", data={"csrf": theirs, "text": "Xin chào"})
    assert response.status_code == 403
    assert httpx.get(core_server.base_url + "/api/v1/board").json()["notices"] == []


def test_logging_out_ends_the_session(core_server: CoreServer, console: httpx.Client) -> None:
    token = console.cookies["luot_console"]
    response = console.post("/console/logout", data={"csrf": csrf_of(console)})
    assert response.status_code == 303
    with _client(core_server) as client:
        client.cookies.set("luot_console", token, path="/console")
        assert client.get("/console").status_code == 303


def test_the_language_switch_keeps_to_the_console(console: httpx.Client) -> None:
    assert "Sảnh" in console.get("/console").text
    response = console.get("/console/lang", params={"to": "en", "next": "//evil.example"})
    assert response.headers["location"] == "/console"
    assert "Hall" in console.get("/console").text
