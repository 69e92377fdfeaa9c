"""Sessions end on the server, each rule its own test against a real core: a clerk's when
signed out, when the counter closes and when the business day ends; a console session when
logged out, after 30 idle minutes and 12 hours after it began; and a revoked device, a disabled
account or a changed PIN is refused at its very next request.

Time moves the way the core lets it: the core is started again on its simulated clock
(``luot-core --at … serve``), later, over the same database; nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from queue_core.store import to_db_time
from tests.queue_core.console.conftest import csrf_of, log_in
from tests.support.server import CoreServer, running_core

# A Wednesday, 09:00 in Hà Nội; the test site's business day ends at midnight there.
T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
MIDNIGHT = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code, response.text


def at(core: CoreServer, moment: datetime) -> None:
    """The core again, its clock now at ``moment`` (the database, and its sessions, kept)."""
    core.clock = (moment, 1.0)
    core.restart()


@pytest.fixture
def timed_core(tmp_path: Path) -> Iterator[CoreServer]:
    """A core whose clock starts at T0 (Wednesday 09:00 in Hà Nội)."""
    with running_core(tmp_path, clock=(T0, 1.0)) as core:
        yield core


@pytest.fixture
def api(core_server: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=core_server.base_url + "/api/v1", timeout=30) as client:
        yield client


# --- a clerk's session ---------------------------------------------------------------


def test_signing_out_ends_the_session_on_the_server(
    core_server: CoreServer, api: httpx.Client
) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    assert api.post("/counters/1/open", headers=clerk).status_code == 200
    assert api.delete("/session", headers=clerk).status_code == 204
    refused(api.post("/counters/1/pause", headers=clerk), 401, "session_ended")
    refused(api.delete("/session", headers=clerk), 401, "session_ended")


def test_closing_the_counter_ends_its_clerks_session(
    core_server: CoreServer, api: httpx.Client
) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    other = bearer(core_server.login("lan", "1234", counter=3))
    assert api.post("/counters/1/open", headers=clerk).status_code == 200
    assert api.post("/counters/1/close", headers=clerk).status_code == 200
    refused(api.post("/counters/1/open", headers=clerk), 401, "session_ended")
    assert api.post("/counters/3/open", headers=other).status_code == 200  # its counter is open
    again = bearer(core_server.login("lan", "1234", counter=1))  # to open again: sign in again
    assert api.post("/counters/1/open", headers=again).status_code == 200


def test_a_clerks_session_ends_with_the_business_day(timed_core: CoreServer) -> None:
    clerk = bearer(timed_core.login("lan", "1234", counter=1))
    url = timed_core.base_url + "/api/v1/counters/1/"
    assert httpx.post(url + "open", headers=clerk).status_code == 200
    at(timed_core, MIDNIGHT - timedelta(minutes=2))
    assert httpx.post(url + "pause", headers=clerk).status_code == 200  # still Wednesday
    at(timed_core, MIDNIGHT + timedelta(seconds=30))
    refused(httpx.post(url + "open", headers=clerk), 401, "session_ended")


# --- a console session -----------------------------------------------------------------


@contextmanager
def console_login(core: CoreServer) -> Iterator[httpx.Client]:
    """A browser of the console, logged in as the supervisor ``boss``."""
    with httpx.Client(base_url=core.base_url, timeout=30) as client:
        assert log_in(client, "boss", "999999").status_code == 303
        yield client


def still_in(console: httpx.Client) -> bool:
    """Whether the live hall's fragment (which is no use of the session) still answers."""
    fragment = console.get("/console/fragment/hall")
    assert fragment.status_code in (200, 401), fragment.text
    if fragment.status_code == 401:
        assert fragment.json()["error"]["code"] == "login_required"
    return fragment.status_code == 200


def test_logging_out_of_the_console_ends_the_session_on_the_server(
    core_server: CoreServer,
) -> None:
    with console_login(core_server) as console:
        cookie = console.cookies["luot_console"]
        assert console.post("/console/logout", data={"csrf": csrf_of(console)}).status_code == 303
    with httpx.Client(base_url=core_server.base_url, cookies={"luot_console": cookie}) as replay:
        assert not still_in(replay)  # the old cookie, kept by someone, opens nothing
        page = replay.get("/console")
        assert page.status_code == 303 and page.headers["location"].startswith("/console/login")


def test_a_console_session_ends_after_30_idle_minutes(timed_core: CoreServer) -> None:
    with console_login(timed_core) as console:
        at(timed_core, T0 + timedelta(minutes=29))
        assert console.get("/console").status_code == 200  # a page: the supervisor is there
        at(timed_core, T0 + timedelta(minutes=58))
        assert still_in(console)  # 29 minutes after that page
        at(timed_core, T0 + timedelta(minutes=60))
        assert not still_in(console)  # 31: the live page's own fetches are no use


def test_a_console_session_ends_12_hours_after_it_began(timed_core: CoreServer) -> None:
    with console_login(timed_core) as console:
        store = timed_core.store()
        try:  # the supervisor kept using it: last seen ten minutes before the twelfth hour
            with store.transaction() as conn:
                used = to_db_time(T0 + timedelta(hours=11, minutes=50))
                conn.execute("UPDATE sessions SET last_used_at = ?", (used,))
        finally:
            store.close()
        at(timed_core, T0 + timedelta(hours=11, minutes=59))
        assert still_in(console)
        at(timed_core, T0 + timedelta(hours=12, minutes=1))
        assert not still_in(console)


# --- revoked, disabled, a new PIN: refused at the next request -----------------------------


def test_a_device_revoked_at_the_console_is_refused_at_its_next_request(
    core_server: CoreServer, api: httpx.Client
) -> None:
    kiosk = bearer(core_server.pair_device("kiosk"))
    assert api.post("/tickets", json={"service": "lltp"}, headers=kiosk).status_code == 201
    store = core_server.store()
    try:
        device_id = store.conn.execute("SELECT max(id) FROM devices").fetchone()[0]
    finally:
        store.close()
    with console_login(core_server) as console:
        csrf = csrf_of(console, "/console/devices")
        assert (
            console.post(f"/console/devices/{device_id}/revoke", data={"csrf": csrf}).status_code
            == 303
        )
    refused(api.post("/tickets", json={"service": "lltp"}, headers=kiosk), 401, "invalid_token")
    refused(api.post("/devices/heartbeat", json={}, headers=kiosk), 401, "invalid_token")


def admin_form(core: CoreServer, form: str, fields: dict[str, str]) -> None:
    with console_login(core) as console:
        csrf = csrf_of(console, "/console/admin")
        done = console.post(f"/console/admin/{form}", data={**fields, "csrf": csrf})
        assert done.status_code == 303, done.text


def test_a_disabled_account_is_refused_at_its_next_request(
    core_server: CoreServer, api: httpx.Client
) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    assert api.post("/counters/1/open", headers=clerk).status_code == 200
    admin_form(core_server, "staff-disable", {"username": "lan"})
    refused(api.post("/counters/1/pause", headers=clerk), 401, "session_ended")


def test_a_new_pin_ends_the_accounts_sessions_at_once(
    core_server: CoreServer, api: httpx.Client
) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    assert api.post("/counters/1/open", headers=clerk).status_code == 200
    admin_form(core_server, "staff-pin", {"username": "lan", "pin": "2468"})
    refused(api.post("/counters/1/pause", headers=clerk), 401, "session_ended")
    fresh = bearer(core_server.login("lan", "2468", counter=1))
    assert api.post("/counters/1/pause", headers=fresh).status_code == 200


def test_a_supervisor_given_a_new_pin_is_logged_out_of_the_console(
    core_server: CoreServer,
) -> None:
    core_server.add_staff("chef", "777777", "admin")  # nobody gives themselves a PIN
    with (
        console_login(core_server) as console,
        httpx.Client(base_url=core_server.base_url, timeout=30) as admin,
    ):
        assert log_in(admin, "chef", "777777").status_code == 303
        csrf = csrf_of(admin, "/console/admin")
        done = admin.post(
            "/console/admin/staff-pin", data={"username": "boss", "pin": "135790", "csrf": csrf}
        )
        assert done.status_code == 303, done.text
        assert not still_in(console)
