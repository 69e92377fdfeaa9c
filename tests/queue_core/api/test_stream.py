"""The event stream: backlog then live with no gap or repeat, snapshots, and slow subscribers."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from queue_core.domain import IssueTicket, SetNotices
from tests.support.server import CoreServer


def listen(core: CoreServer, query: str = "", **options: Any) -> ClientConnection:
    """The event stream, as a board listens to it (its device token)."""
    return connect(core.ws_url + query, additional_headers=core.stream_headers(), **options)


def events(ws: ClientConnection, count: int) -> list[dict[str, Any]]:
    return [json.loads(ws.recv(timeout=30)) for _ in range(count)]


def issue(core: CoreServer, token: str, count: int, service: str = "lltp") -> list[dict[str, Any]]:
    with httpx.Client(base_url=core.base_url) as api:
        return [
            api.post(
                "/api/v1/tickets",
                json={"service": service},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            for _ in range(count)
        ]


def test_backlog_then_live_in_order_once(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    issue(core_server, kiosk, 5)
    with listen(core_server, "?since=2") as ws:
        issue(core_server, kiosk, 3)
        got = events(ws, 6)
        assert [e["seq"] for e in got] == [3, 4, 5, 6, 7, 8]
        assert {e["type"] for e in got} == {"ticket.issued"}
        assert got[-1]["ticket"]["number"] == "1008"
        assert got[0]["at"].endswith("+07:00")
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.3)  # nothing twice


def test_three_subscribers_see_the_same_stream(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    with ExitStack() as stack:
        streams = [stack.enter_context(listen(core_server, "?since=0")) for _ in range(3)]
        issue(core_server, kiosk, 4)
        seen = [[(e["seq"], e["ticket"]["number"]) for e in events(ws, 4)] for ws in streams]
    assert seen[0] == seen[1] == seen[2]
    assert [s for s, _n in seen[0]] == [1, 2, 3, 4]


def test_no_since_gives_a_snapshot_then_live(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    issue(core_server, kiosk, 2)
    with listen(core_server) as ws:
        snapshot = json.loads(ws.recv(timeout=10))
        assert snapshot["type"] == "snapshot"
        assert snapshot["seq"] == 2
        assert {"counters", "recent_calls", "waiting", "today", "notices", "seq"} <= set(
            snapshot["board"]
        )
        issue(core_server, kiosk, 1)
        assert events(ws, 1)[0]["seq"] == 3


def test_a_since_from_the_future_gives_a_snapshot(core_server: CoreServer) -> None:
    with listen(core_server, "?since=999") as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"


def test_a_bad_since_is_refused(core_server: CoreServer) -> None:
    with listen(core_server, "?since=abc") as ws:
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == "invalid_since"
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400


def test_events_other_processes_commit_are_streamed(core_server: CoreServer) -> None:
    with listen(core_server, "?since=0") as ws:
        store = core_server.store()
        try:
            store.execute(IssueTicket("datdai", channel="cli"), datetime.now(UTC))
        finally:
            store.close()
        assert events(ws, 1)[0]["ticket"]["number"] == "A001"


def open_raw_stream(port: int, path: str, token: str) -> socket.socket:
    """A WebSocket handshake on a bare socket that then reads nothing until told to."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nAuthorization: Bearer {token}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


def read_frames(sock: socket.socket) -> Iterator[tuple[int, bytes]]:
    """(opcode, payload) of each unmasked frame the server sends, until it closes."""
    stream = sock.makefile("rb")
    while header := stream.read(2):
        opcode, size = header[0] & 0x0F, header[1] & 0x7F
        if size == 126:
            size = struct.unpack("!H", stream.read(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", stream.read(8))[0]
        yield opcode, stream.read(size)
        if opcode == 0x8:
            return


def test_a_subscriber_that_does_not_read_is_told_to_resume(core_server: CoreServer) -> None:
    """Big events (40 kB notices) fill the socket buffers of a peer that reads nothing."""
    total = 400
    token = core_server.listener_token()
    stuck = open_raw_stream(core_server.port, "/api/v1/events?since=0", token)
    seqs: list[int] = []
    with listen(core_server, "?since=0", max_queue=None) as reader:
        store = core_server.store()
        try:
            for i in range(total // 50):  # in rounds, so that the hub publishes each round
                notices = [
                    (SetNotices((f"{i}-{j} " + "x" * 40_000,)), datetime.now(UTC))
                    for j in range(50)
                ]
                store.execute_many(notices)
                seqs.extend(e["seq"] for e in events(reader, 50))
        finally:
            store.close()
        frames = list(read_frames(stuck))
        stuck.close()
    assert seqs == list(range(1, total + 1))
    received = [json.loads(payload)["seq"] for opcode, payload in frames if opcode == 0x1]
    assert received == list(range(1, len(received) + 1))
    assert len(received) < total
    opcode, payload = frames[-1]
    assert opcode == 0x8
    assert (struct.unpack("!H", payload[:2])[0], payload[2:]) == (4008, b"resume")
