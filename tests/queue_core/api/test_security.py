"""Who may do what: each refusal has its status and code, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from queue_core.store import DeviceRole, create_pairing_code
from tests.support.server import CoreServer


def state(core: CoreServer) -> tuple[int, dict[int, dict[str, object]], list[tuple[object, ...]]]:
    store = core.store()
    try:
        devices = store.conn.execute("SELECT id, revoked_at FROM devices ORDER BY id").fetchall()
        return store.last_seq(), store.table_tickets(), devices
    finally:
        store.close()


@contextmanager
def unchanged(core: CoreServer) -> Iterator[None]:
    before = state(core)
    yield
    assert state(core) == before


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


@pytest.fixture
def api(core_server: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=core_server.base_url) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writes_without_a_token_are_refused(core_server: CoreServer, api: httpx.Client) -> None:
    with unchanged(core_server):
        refused(api.post("/api/v1/tickets", json={"service": "lltp"}), 401, "token_required")
        refused(api.post("/api/v1/counters/1/next"), 401, "token_required")
        refused(api.post("/api/v1/counters/1/open"), 401, "token_required")
        refused(api.get("/api/v1/stats"), 401, "token_required")
        refused(api.post("/api/v1/devices/heartbeat", json={}), 401, "token_required")
        wrong = bearer("luot_d_not-a-real-token")
        refused(
            api.post("/api/v1/tickets", json={"service": "lltp"}, headers=wrong),
            401,
            "invalid_token",
        )


def test_a_kiosk_token_may_only_issue(core_server: CoreServer, api: httpx.Client) -> None:
    kiosk = bearer(core_server.pair_device("kiosk"))
    with unchanged(core_server):
        for action in ("open", "next", "recall", "finish"):
            refused(api.post(f"/api/v1/counters/1/{action}", headers=kiosk), 403, "not_allowed")
        refused(api.get("/api/v1/stats", headers=kiosk), 403, "not_allowed")
    assert api.post("/api/v1/tickets", json={"service": "lltp"}, headers=kiosk).status_code == 201


def test_board_and_counter_devices_do_not_issue(core_server: CoreServer, api: httpx.Client) -> None:
    board = bearer(core_server.pair_device("board"))
    counter = bearer(core_server.pair_device("counter"))
    display = bearer(core_server.pair_device("counter-display", counter=1))
    with unchanged(core_server):
        for token in (board, counter, display):
            refused(
                api.post("/api/v1/tickets", json={"service": "lltp"}, headers=token),
                403,
                "not_allowed",
            )
            refused(api.post("/api/v1/counters/1/next", headers=token), 403, "not_allowed")


def test_a_clerk_acts_only_at_the_counter_of_the_session(
    core_server: CoreServer, api: httpx.Client
) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    assert api.post("/api/v1/counters/1/open", headers=clerk).status_code == 200
    with unchanged(core_server):
        for action in ("open", "next", "pause", "close"):
            refused(api.post(f"/api/v1/counters/2/{action}", headers=clerk), 403, "wrong_counter")
        refused(api.get("/api/v1/stats", headers=clerk), 403, "not_allowed")
    boss = bearer(core_server.login("boss", "999999", counter=None))
    assert api.post("/api/v1/counters/2/open", headers=boss).status_code == 200
    assert api.get("/api/v1/stats", headers=boss).status_code == 200


def test_stats_take_a_year_at_most_and_say_so(core_server: CoreServer, api: httpx.Client) -> None:
    boss = bearer(core_server.login("boss", "999999", counter=None))
    year = {"from": "2025-11-26", "to": "2026-11-26"}  # 366 days, both ends counted
    assert api.get("/api/v1/stats", params=year, headers=boss).status_code == 200
    longer = {"from": "2025-11-25", "to": "2026-11-26"}
    refused(api.get("/api/v1/stats", params=longer, headers=boss), 422, "range_too_long")
    backwards = {"from": "2026-11-26", "to": "2026-11-25"}
    refused(api.get("/api/v1/stats", params=backwards, headers=boss), 422, "invalid_range")


def test_an_ended_session_no_longer_works(core_server: CoreServer, api: httpx.Client) -> None:
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    assert api.delete("/api/v1/session", headers=clerk).status_code == 204
    with unchanged(core_server):
        refused(api.post("/api/v1/counters/1/open", headers=clerk), 401, "session_ended")


def test_a_pairing_code_works_once(core_server: CoreServer, api: httpx.Client) -> None:
    code = core_server.pairing_code("kiosk")
    first = api.post("/api/v1/pair", json={"code": code, "name": "Kiosk A"})
    assert first.status_code == 201
    assert first.json()["role"] == "kiosk"
    with unchanged(core_server):
        refused(api.post("/api/v1/pair", json={"code": code}), 401, "code_used")


def test_an_expired_or_unknown_pairing_code_is_refused(
    core_server: CoreServer, api: httpx.Client
) -> None:
    store = core_server.store()
    try:
        with store.transaction() as conn:
            long_ago = datetime.now(UTC) - timedelta(minutes=11)
            code, _ = create_pairing_code(conn, DeviceRole.KIOSK, "old", long_ago)
    finally:
        store.close()
    with unchanged(core_server):
        refused(api.post("/api/v1/pair", json={"code": code}), 401, "code_expired")
        unknown = "000000" if code != "000000" else "000001"
        refused(api.post("/api/v1/pair", json={"code": unknown}), 401, "invalid_code")
        refused(api.post("/api/v1/pair", json={"code": "12ab56"}), 422, "invalid_input")


def test_a_revoked_device_is_refused(core_server: CoreServer, api: httpx.Client) -> None:
    kiosk = bearer(core_server.pair_device("kiosk"))
    store = core_server.store()
    try:
        device_id = store.conn.execute("SELECT max(id) FROM devices").fetchone()[0]
    finally:
        store.close()
    from queue_core.cli import main

    assert main(["--db", str(core_server.db_path), "devices", "revoke", str(device_id)]) == 0
    with unchanged(core_server):
        refused(
            api.post("/api/v1/tickets", json={"service": "lltp"}, headers=kiosk),
            401,
            "invalid_token",
        )


def test_five_wrong_pins_lock_the_account_from_that_address(
    core_server: CoreServer, api: httpx.Client
) -> None:
    def login(pin: str) -> httpx.Response:
        return api.post("/api/v1/session", json={"username": "lan", "pin": pin, "counter": 1})

    with unchanged(core_server):
        for _ in range(5):
            refused(login("0000"), 401, "wrong_pin")
        refused(login("1234"), 423, "account_locked")
        refused(
            api.post("/api/v1/session", json={"username": "nobody", "pin": "1234", "counter": 1}),
            401,
            "wrong_pin",
        )
    store = core_server.store()
    try:
        sessions = store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        store.close()
    assert sessions == 0


def test_a_ticket_is_read_only_with_its_public_token_or_a_credential(
    core_server: CoreServer, api: httpx.Client
) -> None:
    kiosk = bearer(core_server.pair_device("kiosk"))
    ticket = api.post("/api/v1/tickets", json={"service": "lltp"}, headers=kiosk).json()
    path = f"/api/v1/tickets/{ticket['id']}"
    refused(api.get(path), 401, "token_required")
    refused(api.get(path, params={"t": "wrong"}), 404, "unknown_ticket")
    assert api.get(path, params={"t": ticket["public_token"]}).json()["number"] == ticket["number"]
    assert api.get(path, headers=kiosk).status_code == 200
