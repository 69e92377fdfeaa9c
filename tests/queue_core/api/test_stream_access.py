"""Who may listen to the event stream, and what it never says: a paired device or a staff
session listens, nobody else; no message carries a ticket's public token (the key to its
citizen's phone page), nor does any open read; a stream whose credential ends is closed."""

from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from queue_core.domain import ResetDay
from tests.queue_core.console.conftest import csrf_of, log_in
from tests.support.server import CoreServer


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def listen(core: CoreServer, token: str | None, query: str = "?since=0") -> ClientConnection:
    headers = None if token is None else bearer(token)
    return connect(core.ws_url + query, additional_headers=headers)


def refusal(ws: ClientConnection) -> tuple[dict[str, Any], int]:
    """The error message and the close code of a refused stream."""
    error = json.loads(ws.recv(timeout=10))
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    return error, closed.value.rcvd.code


def test_a_stream_without_a_token_is_refused(core_server: CoreServer) -> None:
    with listen(core_server, None) as ws:
        error, code = refusal(ws)
    assert code == 4401
    assert error["error"]["code"] == "token_required"


def test_a_stream_with_an_unknown_token_is_refused(core_server: CoreServer) -> None:
    with listen(core_server, "luot_d_not-a-real-token") as ws:
        error, code = refusal(ws)
    assert (error["error"]["code"], code) == ("invalid_token", 4401)


def test_every_device_and_staff_session_may_listen(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    listeners = [
        kiosk,
        core_server.pair_device("counter"),
        core_server.pair_device("board"),
        core_server.login("lan", "1234", counter=1),
        core_server.login("boss", "999999", counter=None),
    ]
    with ExitStack() as stack:
        streams = [stack.enter_context(listen(core_server, t, "")) for t in listeners]
        for ws in streams:
            assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        url = core_server.base_url + "/api/v1/tickets"
        issued = httpx.post(url, json={"service": "lltp"}, headers=bearer(kiosk))
        assert issued.status_code == 201, issued.text
        for ws in streams:
            assert json.loads(ws.recv(timeout=10))["type"] == "ticket.issued"


def a_day_of_events(core: CoreServer) -> list[str]:
    """Tickets through every move a counter makes, then the day's end; their public tokens."""
    kiosk = bearer(core.pair_device("kiosk"))
    display = bearer(core.pair_device("counter-display", counter=1))
    clerk = bearer(core.login("lan", "1234", counter=1))
    with httpx.Client(base_url=core.base_url + "/api/v1", timeout=30) as api:

        def post(path: str, headers: dict[str, str], body: Any = None) -> httpx.Response:
            answer = api.post(path, json=body, headers=headers)
            assert answer.status_code < 300, answer.text
            return answer

        issued = [post("/tickets", kiosk, {"service": "lltp"}).json() for _ in range(5)]
        post("/counters/1/open", clerk)
        post("/counters/1/next", clerk)
        post("/counters/1/recall", clerk)
        post("/counters/1/start", clerk)
        served = post("/counters/1/finish", clerk).json()
        post(f"/tickets/{served['id']}/rating", display, {"score": 1})
        post("/counters/1/next", clerk)
        post("/counters/1/recall", clerk)
        post("/counters/1/no-show", clerk)
        post("/counters/1/next", clerk)
        post("/counters/1/transfer", clerk, {"service": "datdai"})
        post("/counters/1/call", clerk, {"ticket": issued[4]["id"], "reason": "urgent"})
    store = core.store()
    try:
        store.execute(ResetDay("day end"), datetime.now(UTC))
    finally:
        store.close()
    return [ticket["public_token"] for ticket in issued]


def test_no_event_and_no_snapshot_carries_a_public_token(core_server: CoreServer) -> None:
    listener = core_server.pair_device("board")
    with listen(core_server, listener) as ws:
        tokens = a_day_of_events(core_server)
        messages: list[str] = []
        while not messages or json.loads(messages[-1])["type"] != "day.reset":
            messages.append(str(ws.recv(timeout=30)))
    with listen(core_server, listener, "") as ws:
        messages.append(str(ws.recv(timeout=10)))  # a snapshot: the board as it is now
    kinds = {json.loads(m)["type"] for m in messages}
    assert {"snapshot", "ticket.issued", "ticket.called", "ticket.recalled"} < kinds
    assert {"ticket.started", "ticket.finished", "ticket.rated", "ticket.no_show"} < kinds
    assert {"ticket.transferred", "ticket.cancelled", "counter.opened", "counter.closed"} < kinds
    assert "day.reset" in kinds
    assert len(tokens) == 5 and all(tokens)
    for message in messages:
        assert "public_token" not in message
        assert not any(token in message for token in tokens)


def test_only_the_issue_answer_carries_a_public_token(core_server: CoreServer) -> None:
    kiosk = bearer(core_server.pair_device("kiosk"))
    clerk = bearer(core_server.login("lan", "1234", counter=1))
    boss = bearer(core_server.login("boss", "999999", counter=None))
    with httpx.Client(base_url=core_server.base_url + "/api/v1", timeout=30) as api:
        issued = [api.post("/tickets", json={"service": "lltp"}, headers=kiosk) for _ in range(3)]
        tokens = [answer.json()["public_token"] for answer in issued]
        assert api.post("/counters/1/open", headers=clerk).status_code == 200
        called = api.post("/counters/1/next", headers=clerk).json()
        ticket = issued[0].json()
        reads = [
            api.get("/counters"),
            api.get("/board"),
            api.get("/services"),
            api.get(f"/tickets/{ticket['id']}", headers=boss),
            api.get(f"/tickets/{ticket['id']}", params={"t": tokens[0]}),
        ]
    assert all(tokens) and "public_token" not in called
    assert [r.status_code for r in reads] == [200] * len(reads)
    assert reads[0].json()[0]["ticket"]["id"] == ticket["id"]  # the counter's ticket is there
    for read in reads:
        assert "public_token" not in read.text
        assert not any(token in read.text for token in tokens)


def test_a_revoked_device_is_cut_off_at_once(core_server: CoreServer) -> None:
    board = core_server.pair_device("board")
    with httpx.Client(base_url=core_server.base_url, timeout=30) as console:
        assert log_in(console, "boss", "999999").status_code == 303
        store = core_server.store()
        try:
            device_id = store.conn.execute("SELECT max(id) FROM devices").fetchone()[0]
        finally:
            store.close()
        with listen(core_server, board, "") as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
            csrf = csrf_of(console, "/console/devices")
            revoked = console.post(f"/console/devices/{device_id}/revoke", data={"csrf": csrf})
            assert revoked.status_code == 303, revoked.text
            error, code = refusal(ws)
    assert (error["error"]["code"], code) == ("invalid_token", 4401)
    with listen(core_server, board, "") as ws:  # and it cannot come back
        assert refusal(ws)[1] == 4401


def test_a_clerk_who_signs_out_is_cut_off_at_once(core_server: CoreServer) -> None:
    clerk = core_server.login("lan", "1234", counter=1)
    with listen(core_server, clerk, "") as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        ended = httpx.delete(core_server.base_url + "/api/v1/session", headers=bearer(clerk))
        assert ended.status_code == 204
        error, code = refusal(ws)
    assert (error["error"]["code"], code) == ("session_ended", 4401)


def console_stream(
    core: CoreServer, cookie: str | None, origin: str | None = None
) -> ClientConnection:
    headers = {} if cookie is None else {"Cookie": f"luot_console={cookie}"}
    if origin is not None:
        headers["Origin"] = origin
    url = core.ws_url.replace("/api/v1/events", "/console/events") + "?since=0"
    return connect(url, additional_headers=headers)


def test_the_console_listens_on_its_session_cookie(core_server: CoreServer) -> None:
    with httpx.Client(base_url=core_server.base_url, timeout=30) as console:
        assert log_in(console, "boss", "999999").status_code == 303
        cookie = console.cookies["luot_console"]
        kiosk = bearer(core_server.pair_device("kiosk"))
        console.post("/api/v1/tickets", json={"service": "lltp"}, headers=kiosk)
        with console_stream(core_server, cookie, origin=core_server.base_url) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "ticket.issued"
            console.post("/console/logout", data={"csrf": csrf_of(console)})
            error, code = refusal(ws)  # logging out ends the console's stream with it
    assert (error["error"]["code"], code) == ("session_ended", 4401)


def test_the_console_stream_refuses_no_cookie_another_session_and_another_site(
    core_server: CoreServer,
) -> None:
    with console_stream(core_server, None) as ws:
        assert refusal(ws)[1] == 4401
    boss = core_server.login("boss", "999999", counter=None)  # an API session is not the console's
    with console_stream(core_server, boss) as ws:
        error, code = refusal(ws)
    assert (error["error"]["code"], code) == ("not_allowed", 4403)
    with httpx.Client(base_url=core_server.base_url, timeout=30) as console:
        assert log_in(console, "boss", "999999").status_code == 303
        cookie = console.cookies["luot_console"]
    with console_stream(core_server, cookie, origin="http://evil.example") as ws:
        error, code = refusal(ws)
    assert (error["error"]["code"], code) == ("csrf_failed", 4403)
