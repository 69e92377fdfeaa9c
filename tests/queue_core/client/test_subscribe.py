"""subscribe(): in order, resumed from the last seq after any drop, never an event twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlparse

import anyio
import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from harness.child import free_port
from harness.proxy import CuttableProxy
from queue_core.client import (
    Backoff,
    ConnectionState,
    CoreClient,
    CoreEvent,
    CoreRefused,
    EventStream,
    StreamSnapshot,
    TicketEvent,
    UnknownEvent,
)
from tests.queue_core.client import samples

pytestmark = pytest.mark.anyio

FAST = Backoff(initial=0.02, maximum=0.2, factor=2.0, jitter=0.5)
GUARD = 20  # seconds: a hang guard, not a measurement


class FakeFeed:
    """A core's event log: each connection gets the events after its ``since``, then live ones.

    ``script`` may change what one connection sends: it gets the connection's index and
    ``since`` and returns the messages to send (then the connection is closed with
    ``close_code``, 4008 "resume" unless a test changes it).
    """

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.sinces: list[int] = []
        self.script: Callable[[int, int], list[dict[str, Any]] | None] = lambda i, s: None
        self.close_code = 4008
        self._changed = asyncio.Event()

    async def publish(self, *seqs: int) -> None:
        self.events += [samples.event(seq) for seq in seqs]
        self._changed.set()
        self._changed = asyncio.Event()

    async def handler(self, connection: ServerConnection) -> None:
        assert connection.request is not None
        query = parse_qs(urlparse(connection.request.path).query)
        since = int(query.get("since", ["0"])[0])
        index = len(self.sinces)
        self.sinces.append(since)
        scripted = self.script(index, since)
        if scripted is not None:
            for message in scripted:
                await connection.send(json.dumps(message))
            await connection.close(self.close_code, "scripted close")
            return
        sent = since
        closed = asyncio.ensure_future(connection.wait_closed())
        while not closed.done():
            changed = asyncio.ensure_future(self._changed.wait())
            try:
                for event in [e for e in self.events if e["seq"] > sent]:
                    await connection.send(json.dumps(event))
                    sent = event["seq"]
            except ConnectionClosed:  # a test cut the link: the client is gone, as it should be
                changed.cancel()
                return
            await asyncio.wait({changed, closed}, return_when=asyncio.FIRST_COMPLETED)
            changed.cancel()


@asynccontextmanager
async def running(feed: FakeFeed, port: int = 0, **kwargs: Any) -> AsyncIterator[str]:
    server: Server = await serve(feed.handler, "127.0.0.1", port, **kwargs)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()


async def take(stream: EventStream, count: int) -> list[CoreEvent]:
    events = []
    with anyio.fail_after(GUARD):
        async for event in stream:
            events.append(event)
            if len(events) == count:
                break
    return events


def seqs(events: list[CoreEvent]) -> list[int]:
    return [e.seq for e in events]


async def test_resumes_after_a_4008_close_and_drops_duplicates() -> None:
    feed = FakeFeed()
    await feed.publish(1, 2, 3, 4, 5)
    first_three = [samples.event(s) for s in (1, 2, 3)]
    feed.script = lambda index, since: first_three if index == 0 else None
    states: list[ConnectionState] = []
    async with running(feed) as url, CoreClient(url, backoff=FAST) as core:
        stream = core.subscribe(0, on_state=states.append)
        events = await take(stream, 5)
        await stream.aclose()
    assert seqs(events) == [1, 2, 3, 4, 5]
    assert feed.sinces == [0, 3]
    assert states == [
        ConnectionState.CONNECTED,
        ConnectionState.RECONNECTING,
        ConnectionState.CONNECTED,
        ConnectionState.CLOSED,
    ]


async def test_duplicate_seqs_from_the_server_are_dropped() -> None:
    feed = FakeFeed()
    repeated = [samples.event(s) for s in (3, 4, 4, 2, 5, 5, 6)]
    feed.script = lambda index, since: repeated if index == 0 else []
    async with (
        running(feed) as url,
        CoreClient(url, backoff=FAST) as core,
        core.subscribe(3) as stream,
    ):
        events = await take(stream, 3)
        assert stream.last_seq == 6
    assert seqs(events) == [4, 5, 6]


async def test_a_network_cut_resumes_with_exactly_the_missed_events() -> None:
    feed = FakeFeed()
    await feed.publish(1, 2)
    async with running(feed) as url:
        proxy = await CuttableProxy(int(url.rsplit(":", 1)[1])).start()
        async with CoreClient(proxy.url, backoff=FAST) as core, core.subscribe() as stream:
            before = await take(stream, 2)
            proxy.cut()
            await feed.publish(3, 4)
            after = await take(stream, 2)
            assert stream.connections == 2
        await proxy.close()
    assert seqs(before + after) == [1, 2, 3, 4]
    assert feed.sinces == [0, 2]


async def test_drop_closes_the_socket_and_the_stream_resumes() -> None:
    feed = FakeFeed()
    await feed.publish(1)
    async with (
        running(feed) as url,
        CoreClient(url, backoff=FAST) as core,
        core.subscribe() as stream,
    ):
        first = await take(stream, 1)
        await stream.drop()
        await feed.publish(2)
        second = await take(stream, 1)
    assert seqs(first + second) == [1, 2]
    assert feed.sinces == [0, 1]


async def test_a_snapshot_is_yielded_and_moves_the_last_seq() -> None:
    feed = FakeFeed()
    snapshot = samples.snapshot(10)
    feed.script = lambda index, since: [snapshot, samples.event(9), samples.event(11)]
    async with (
        running(feed) as url,
        CoreClient(url, backoff=FAST) as core,
        core.subscribe(2) as stream,
    ):
        events = await take(stream, 2)
        assert stream.last_seq == 11
    assert isinstance(events[0], StreamSnapshot) and events[0].board.seq == 10
    assert seqs(events) == [10, 11]


async def test_keeps_trying_until_the_core_comes_back() -> None:
    port = free_port()
    feed = FakeFeed()
    await feed.publish(1)
    reconnecting = asyncio.Event()

    def on_state(state: ConnectionState) -> None:
        if state is ConnectionState.RECONNECTING:
            reconnecting.set()

    async with (
        CoreClient(f"http://127.0.0.1:{port}", backoff=FAST) as core,
        core.subscribe(on_state=on_state) as stream,
    ):
        pending = asyncio.ensure_future(take(stream, 1))
        await reconnecting.wait()
        assert stream.state is ConnectionState.RECONNECTING
        async with running(feed, port):
            events = await pending
    assert seqs(events) == [1]


async def test_a_refused_handshake_ends_the_stream_with_core_refused() -> None:
    body = {"error": {"code": "bad_since", "message": "since is ahead.", "field": "since"}}

    def refuse(connection: ServerConnection, request: Request) -> Response:
        response = connection.respond(400, json.dumps(body))
        return response

    async with running(FakeFeed(), process_request=refuse) as url, CoreClient(url) as core:
        stream = core.subscribe(99)
        with pytest.raises(CoreRefused) as caught:
            await take(stream, 1)
        assert stream.state is ConnectionState.CLOSED
    assert (caught.value.status, caught.value.code, caught.value.field) == (
        400,
        "bad_since",
        "since",
    )


async def test_an_error_body_then_a_44xx_close_is_core_refused() -> None:
    feed = FakeFeed()
    feed.close_code = 4400
    body = {"error": {"code": "invalid_since", "message": "since must be >= 0.", "field": "since"}}
    feed.script = lambda index, since: [body]
    async with running(feed) as url, CoreClient(url, backoff=FAST) as core:
        stream = core.subscribe(0)
        with pytest.raises(CoreRefused) as caught:
            await take(stream, 1)
    assert (caught.value.status, caught.value.code, caught.value.field) == (
        400,
        "invalid_since",
        "since",
    )
    assert feed.sinces == [0]


def test_backoff_grows_to_its_cap_with_jitter_below_it() -> None:
    backoff = Backoff(initial=1.0, maximum=8.0, factor=2.0, jitter=0.25)
    for attempt, base in enumerate([1.0, 2.0, 4.0, 8.0, 8.0, 8.0]):
        for _ in range(50):
            assert base * 0.75 <= backoff.delay(attempt) <= base
    assert backoff.delay(10_000) <= 8.0


async def test_events_arrive_typed_and_an_unknown_type_is_yielded_to_be_passed_over() -> None:
    feed = FakeFeed()
    newer = {"seq": 2, "type": "queue.rebalanced", "at": "2026-11-25T09:00:00.000+07:00"}
    feed.script = lambda index, since: [samples.event(1, "ticket.called"), newer,
                                        samples.event(3, "counter.paused")]  # fmt: skip
    async with (
        running(feed) as url,
        CoreClient(url, backoff=FAST) as core,
        core.subscribe(0) as stream,
    ):
        events = await take(stream, 3)
    assert isinstance(events[0], TicketEvent) and events[0].ticket.number == "1001"
    assert events[1] == UnknownEvent("queue.rebalanced", 2)
    assert seqs(events) == [1, 2, 3] and stream.last_seq == 3


async def test_an_event_that_breaks_the_contract_is_logged_and_passed_over(
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed = FakeFeed()
    broken = samples.event(2, "ticket.called", ticket=None)
    feed.script = lambda index, since: [samples.event(1), broken, samples.event(3)]
    with caplog.at_level("ERROR", "queue_core.client.events"):
        async with (
            running(feed) as url,
            CoreClient(url, backoff=FAST) as core,
            core.subscribe(0) as stream,
        ):
            events = await take(stream, 2)
            assert stream.last_seq == 3
    assert seqs(events) == [1, 3]
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "broke the contract" in record.getMessage() and "'ticket'" in record.getMessage()
