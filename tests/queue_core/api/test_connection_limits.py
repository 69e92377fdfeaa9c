"""A connection cannot run up the core's memory or hold it: a request's head is at most 16 KiB in
100 fields (a 40 MB header, a 1 MB one and 10,000 fields are cut off as they come), a request
must arrive whole within its deadline (the half-sent and the trickled are closed, over TLS
too), a subscriber's message is at most 4 KiB; and ordinary clients notice none of it.

Real cores on 127.0.0.1, spoken to with raw sockets; memory is the core process's own, read
from /proc."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from queue_core.api.connections import MAX_HEAD_BYTES, MAX_HEADER_FIELDS, MAX_WS_MESSAGE_BYTES
from tests.support.server import CoreServer, running_core

GIVE_UP = 30.0
"""Seconds after which a connection the core should have ended is taken to be held (never
reached when it works: the tests' deadline is one second)."""
DEADLINE = "1"
"""The tests' own ``--request-seconds``."""
HEAD = b"GET /api/v1/health HTTP/1.1\r\nHost: core\r\n"


@pytest.fixture
def quick_core(tmp_path: Path) -> Iterator[CoreServer]:
    """A core that gives a request one second to arrive."""
    with running_core(tmp_path, extra=["--request-seconds", DEADLINE]) as core:
        yield core


def raw(core: CoreServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", core.port), timeout=GIVE_UP)
    return sock


def answer(sock: socket.socket) -> bytes:
    """Everything the core sends until it closes the connection (a reset counts as closed)."""
    got = b""
    try:
        while chunk := sock.recv(65536):
            got += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"the core still held the connection after {GIVE_UP:g} s (sent {got[:80]!r})")
    return got


def refused_or_closed(reply: bytes, status: bytes) -> None:
    """The core answered ``status`` and closed, or closed (a client still sending may find the
    connection reset before it reads the answer)."""
    assert reply == b"" or reply.startswith(b"HTTP/1.1 " + status), reply[:200]
    if reply:
        head, _, body = reply.partition(b"\r\n\r\n")
        assert b"connection: close" in head.lower()
        assert b"content-security-policy" in head.lower()  # the headers every answer carries
        assert body.startswith(b'{"error": {"code": "')


def send_all(sock: socket.socket, data: bytes) -> None:
    """As much of ``data`` as the core takes before it closes the connection."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        sock.sendall(data)


def memory_kib(pid: int, field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (the most it has been) of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def healthy(core: CoreServer, **request: object) -> None:
    with httpx.Client(base_url=core.base_url, trust_env=False, timeout=GIVE_UP) as client:
        for _ in range(3):  # one kept connection
            reply = client.get("/api/v1/health", **request)  # type: ignore[arg-type]
            assert reply.status_code == 200, reply.text


# --- the head's size and fields -----------------------------------------------------------------


def test_five_unfinished_40_mb_headers_are_cut_off_with_memory_bounded(
    core_server: CoreServer,
) -> None:
    assert core_server.process is not None
    pid = core_server.process.pid
    healthy(core_server)
    before = max(memory_kib(pid, "VmRSS"), memory_kib(pid, "VmHWM"))
    header = HEAD + b"X-Big: " + b"a" * (40 * 1024 * 1024)  # and never its end
    sockets = [raw(core_server) for _ in range(5)]
    senders = [threading.Thread(target=send_all, args=(s, header)) for s in sockets]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(GIVE_UP)
    peak = memory_kib(pid, "VmHWM")
    # Each connection may hold its head's limit and one read of the socket (uvloop reads up to
    # 256 KiB at once) before it is refused; 16 MiB more for the interpreter's own noise.
    bound = 5 * (MAX_HEAD_BYTES + 256 * 1024) // 1024 + 16 * 1024
    assert peak - before < bound, f"the core grew by {(peak - before) // 1024} MiB"
    for sock in sockets:
        reply = answer(sock)
        sock.close()
        refused_or_closed(reply, b"431")
    healthy(core_server)


def test_a_1_mb_header_is_refused(core_server: CoreServer) -> None:
    with raw(core_server) as sock:
        send_all(sock, HEAD + b"Cookie: " + b"a" * (1024 * 1024) + b"\r\n\r\n")
        refused_or_closed(answer(sock), b"431")
    healthy(core_server)


def test_ten_thousand_header_fields_are_refused(core_server: CoreServer) -> None:
    with raw(core_server) as sock:
        send_all(sock, HEAD + b"X-N: 1\r\n" * 10_000 + b"\r\n")
        refused_or_closed(answer(sock), b"431")
    healthy(core_server)


def test_one_field_over_the_count_is_refused_in_a_small_head(core_server: CoreServer) -> None:
    fields = b"".join(b"X-%d: 1\r\n" % n for n in range(MAX_HEADER_FIELDS))  # Host is one more
    assert len(HEAD + fields) < MAX_HEAD_BYTES // 4
    with raw(core_server) as sock:
        sock.sendall(HEAD + fields + b"\r\n")
        reply = answer(sock)
    refused_or_closed(reply, b"431")
    assert b'"headers_too_large"' in reply and b"header fields" in reply


def test_a_head_within_the_limits_is_served(core_server: CoreServer) -> None:
    """A long cookie and many fields, under both limits, sent in pieces as a slow link would."""
    fields = {f"X-{n}": "1" for n in range(MAX_HEADER_FIELDS - 10)}
    cookie = "a" * (MAX_HEAD_BYTES - 4096)
    healthy(core_server, headers={**fields, "Cookie": f"c={cookie}"})
    head = HEAD + b"Cookie: c=" + cookie.encode() + b"\r\nConnection: close\r\n\r\n"
    with raw(core_server) as sock:
        for start in range(0, len(head), 1000):
            sock.sendall(head[start : start + 1000])
        reply = answer(sock)
    assert reply.startswith(b"HTTP/1.1 200 "), reply[:200]


# --- the time a request takes to arrive -------------------------------------------------------


def test_half_sent_requests_are_closed_after_the_deadline(quick_core: CoreServer) -> None:
    half_sent = [raw(quick_core) for _ in range(300)]
    for sock in half_sent:
        sock.sendall(HEAD)  # and never the blank line that ends the head
    for sock in half_sent:
        reply = answer(sock)
        sock.close()
        refused_or_closed(reply, b"408")
        assert b'"request_timeout"' in reply
    healthy(quick_core)


def test_a_trickled_head_is_closed_after_the_deadline(quick_core: CoreServer) -> None:
    """Slowloris: a byte now and then never buys the request more time."""
    with raw(quick_core) as sock:
        sock.sendall(HEAD)
        sock.settimeout(0.1)
        got, closed = b"", False
        for _ in range(int(GIVE_UP / 0.1)):
            try:
                sock.sendall(b"X")
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            got += chunk
            if not chunk:
                closed = True
                break
        assert closed, "the core still held the trickled request"
    refused_or_closed(got, b"408")


def test_a_silent_connection_and_late_bodies_are_closed(quick_core: CoreServer) -> None:
    with raw(quick_core) as silent:
        assert answer(silent) == b""  # nothing asked, nothing said
    token = quick_core.pair_device("kiosk")
    late_ones = (
        b"POST /api/v1/tickets HTTP/1.1\r\nHost: core\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\n".encode()
        + b'Content-Length: 100\r\n\r\n{"service": ',
        b"POST /console/login HTTP/1.1\r\nHost: core\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 100\r\n\r\nusername=boss&pin=",
    )
    for late_one in late_ones:
        with raw(quick_core) as late:
            late.sendall(late_one)
            assert answer(late) == b""  # the app was answering a request that never came whole
    store = quick_core.store()
    try:  # the app heard a disconnect: nothing was issued
        assert store.conn.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
    finally:
        store.close()
    assert "ERROR" not in quick_core.log() and "Traceback" not in quick_core.log()
    healthy(quick_core)


def test_a_half_sent_request_over_tls_is_closed_after_the_deadline(tmp_path: Path) -> None:
    with running_core(tmp_path, tls=True, extra=["--request-seconds", DEADLINE]) as core:
        context = core.trust().context()
        with context.wrap_socket(raw(core), server_hostname="core") as sock:
            sock.sendall(HEAD)
            try:
                reply = answer(sock)
            except ssl.SSLError:  # the core's close_notify may cross the client's read
                reply = b""
        refused_or_closed(reply, b"408")
        with httpx.Client(base_url=core.base_url, verify=core.verify(), timeout=GIVE_UP) as client:
            assert client.get("/api/v1/health").status_code == 200


def test_ordinary_clients_keep_their_connection_across_requests(quick_core: CoreServer) -> None:
    """The deadline counts from a request's first byte: a kept connection's later requests,
    and a POST with its body, each get their own."""
    token = quick_core.pair_device("kiosk")
    with httpx.Client(base_url=quick_core.base_url, trust_env=False, timeout=GIVE_UP) as client:
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(3):
            issued = client.post("/api/v1/tickets", json={"service": "lltp"}, headers=headers)
            assert issued.status_code == 201, issued.text
            assert client.get("/api/v1/health").status_code == 200


# --- what a subscriber sends -----------------------------------------------------------------


def test_a_subscriber_that_sends_a_large_message_is_closed(core_server: CoreServer) -> None:
    with connect(
        core_server.ws_url,
        additional_headers=core_server.stream_headers(),
        open_timeout=GIVE_UP,
        max_size=None,
    ) as stream:
        stream.recv(timeout=GIVE_UP)  # the snapshot
        stream.send("x" * (MAX_WS_MESSAGE_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                stream.recv(timeout=GIVE_UP)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    healthy(core_server)
