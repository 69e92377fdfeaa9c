"""Through the client only, against a real `luot-core serve` (uvicorn, temporary database):
pair, issue, log in, call, serve, rate; subscribers see the same events in order, and one
whose connection is cut mid-stream resumes with exactly the events it missed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import anyio
import pytest

from harness.proxy import CuttableProxy
from queue_core.client import (
    Backoff,
    CoreClient,
    CoreEvent,
    CoreRefused,
    EventStream,
    StreamSnapshot,
    TicketEvent,
    TicketInfo,
    UnknownEvent,
)
from queue_core.domain import CounterState, EventType, TicketStatus
from tests.support.server import CoreServer

pytestmark = pytest.mark.anyio

FAST = Backoff(initial=0.05, maximum=0.5)
GUARD = 60  # seconds: a hang guard, not a measurement
COUNTER = 1


async def collect(stream: EventStream, until_seq: int) -> list[CoreEvent]:
    """The events the stream yields up to and including ``until_seq``."""
    events: list[CoreEvent] = []
    with anyio.fail_after(GUARD):
        async for event in stream:
            events.append(event)
            if event.seq >= until_seq:
                break
    return events


async def wait_for_seq(stream: EventStream, seq: int, into: list[CoreEvent]) -> None:
    with anyio.fail_after(GUARD):
        async for event in stream:
            into.append(event)
            if event.seq >= seq:
                return


class Hall:
    """The devices of a small hall, each its own client of the one core."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.anyone = CoreClient(url)
        self.kiosk = CoreClient(url)
        self.counter_display = CoreClient(url)
        self.clerk = CoreClient(url)

    async def setup(self, server: CoreServer) -> None:
        pairing = await self.kiosk.pair(server.pairing_code("kiosk"), "Kiosk sảnh A")
        assert pairing.role == "kiosk"
        self.kiosk.token = pairing.token
        code = server.pairing_code("counter-display", counter=COUNTER)
        display = await self.counter_display.pair(code, "Quầy 1")
        self.counter_display.token = display.token
        session = await self.clerk.login("lan", "1234", COUNTER)
        assert session.counter == COUNTER
        self.clerk.token = session.token

    async def aclose(self) -> None:
        for client in (self.anyone, self.kiosk, self.counter_display, self.clerk):
            await client.aclose()


@pytest.fixture
async def hall(core_server: CoreServer) -> AsyncIterator[Hall]:
    hall = Hall(core_server.base_url)
    await hall.setup(core_server)
    yield hall
    await hall.aclose()


async def serve_one(hall: Hall) -> TicketInfo:
    """Issue a ticket and take it through call, recall, start, finish and rating."""
    issued = await hall.kiosk.issue_ticket("lltp")
    assert (issued.status, issued.number, issued.service.id) == (
        TicketStatus.WAITING,
        "1001",
        "lltp",
    )
    called = await hall.clerk.call_next(COUNTER)
    assert called is not None
    assert (called.id, called.status, called.counter) == (issued.id, TicketStatus.CALLED, COUNTER)
    recalled = await hall.clerk.recall(COUNTER)
    assert (recalled.status, recalled.recalls) == (TicketStatus.CALLED, 1)
    assert (await hall.clerk.start(COUNTER)).status is TicketStatus.SERVING
    assert (await hall.clerk.finish(COUNTER)).status is TicketStatus.DONE
    assert await hall.clerk.call_next(COUNTER) is None  # nobody else waits: 204
    rated = await hall.counter_display.rate(issued.id, 4, "Nhanh, chu đáo")
    assert rated.rating == 4
    return issued


async def test_a_ticket_from_kiosk_to_rating_and_three_subscribers_agree(hall: Hall) -> None:
    health = await hall.anyone.health()
    assert (health.status, health.site_id) == ("ok", "test-centre")
    streams = [hall.counter_display.subscribe(health.seq) for _ in range(3)]
    opened = await hall.clerk.open_counter(COUNTER)
    assert (opened.number, opened.state) == (COUNTER, CounterState.OPEN)

    issued = await serve_one(hall)

    seen = await hall.anyone.ticket(issued.id, public_token=issued.public_token)
    assert (seen.status, seen.number) == (TicketStatus.DONE, issued.number)
    last = health.seq + 7  # the seven events of one visit (health's seq may trail a moment)
    received = await asyncio.gather(*(collect(s, last) for s in streams))
    for stream in streams:
        await stream.aclose()
    assert received[0] == received[1] == received[2]
    assert [e.seq for e in received[0]] == list(range(health.seq + 1, last + 1))
    assert [e.kind for e in received[0] if not isinstance(e, StreamSnapshot | UnknownEvent)] == [
        EventType.COUNTER_OPENED,
        EventType.TICKET_ISSUED,
        EventType.TICKET_CALLED,
        EventType.TICKET_RECALLED,
        EventType.TICKET_STARTED,
        EventType.TICKET_FINISHED,
        EventType.TICKET_RATED,
    ]
    called = received[0][2]
    assert isinstance(called, TicketEvent) and called.counter == COUNTER
    assert called.ticket.number == issued.number
    await hall.clerk.logout()
    with pytest.raises(CoreRefused):
        await hall.clerk.call_next(COUNTER)


async def test_a_subscriber_cut_mid_stream_gets_exactly_what_it_missed(
    hall: Hall, core_server: CoreServer
) -> None:
    start = (await hall.anyone.health()).seq
    proxy = await CuttableProxy(core_server.port).start()
    watcher = CoreClient(proxy.url, hall.counter_display.token, backoff=FAST)
    stream = watcher.subscribe(start)
    events: list[CoreEvent] = []
    await hall.clerk.open_counter(COUNTER)
    await hall.kiosk.issue_ticket("lltp")
    await wait_for_seq(stream, start + 2, events)

    proxy.cut()  # mid-stream: no close frame, the socket just dies
    await hall.kiosk.issue_ticket("chungthuc")
    await hall.clerk.call_next(COUNTER)
    await hall.kiosk.issue_ticket("lltp")
    last = start + 5  # opened, issued, issued, called, issued
    await wait_for_seq(stream, last, events)

    assert stream.connections == 2
    assert [e.seq for e in events] == list(range(start + 1, last + 1))
    await stream.aclose()
    await watcher.aclose()
    await proxy.close()


async def test_a_subscriber_resumes_across_a_core_restart(
    hall: Hall, core_server: CoreServer
) -> None:
    start = (await hall.anyone.health()).seq
    watcher = CoreClient(core_server.base_url, hall.counter_display.token, backoff=FAST)
    stream = watcher.subscribe(start)
    events: list[CoreEvent] = []
    await hall.clerk.open_counter(COUNTER)
    await wait_for_seq(stream, start + 1, events)

    await asyncio.to_thread(core_server.restart)  # SIGTERM, then the same database and port
    await hall.kiosk.issue_ticket("lltp")
    # two events in all (health's seq may trail a write by a moment: boards hear after callers)
    last = start + 2
    await wait_for_seq(stream, last, events)

    assert [e.seq for e in events] == list(range(start + 1, last + 1))
    assert [getattr(e, "kind", None) for e in events] == [
        EventType.COUNTER_OPENED,
        EventType.TICKET_ISSUED,
    ]
    await stream.aclose()
    await watcher.aclose()


async def test_the_real_core_refusals_arrive_as_core_refused(hall: Hall) -> None:
    with pytest.raises(CoreRefused) as unknown:
        await hall.kiosk.issue_ticket("no-such-service")
    assert 400 <= unknown.value.status < 500
    assert unknown.value.code != f"http_{unknown.value.status}"  # the contract's own code
    assert unknown.value.message
    with pytest.raises(CoreRefused) as not_kiosk:
        await hall.anyone.issue_ticket("lltp")
    assert not_kiosk.value.status in (401, 403)


async def test_services_counters_board_and_heartbeat(hall: Hall) -> None:
    agencies = await hall.anyone.services()
    assert {a.id for a in agencies} == {"stp", "stnmt"}
    assert all(s.available for a in agencies for s in a.services)
    counters = await hall.anyone.counters()
    assert [c.number for c in counters] == [1, 2, 3]
    board = await hall.anyone.board()
    assert board.seq == (await hall.anyone.health()).seq
    beat = await hall.kiosk.heartbeat("0.1.0", 42, "ok")
    assert beat.last_seen.utcoffset() is not None
