"""The live connection against a real core: the snapshot, then the stream from its seq; a core
away at start, read until it answers; a stream the core closed, opened again; a core that moved,
found again by polling and rediscovery."""

from __future__ import annotations

import logging

import httpx
import pytest
from pytestqt.qtbot import QtBot

from harness.child import free_port
from queue_core.client import (
    Backoff,
    Board,
    ConnectionState,
    CoreClient,
    CoreEvent,
    EventType,
    TicketEvent,
)
from tests.support.server import CoreServer
from ui_common import CoreBridge
from ui_common.live import LiveConnection
from ui_common.timings import Timings

WAIT = 20_000
FAST = Timings(
    retry=Backoff(initial=0.05, maximum=0.2, jitter=0.0),
    refresh_ms=50,
    poll_ms=100,
    rediscover_after_polls=3,
)


async def read_board(core: CoreClient) -> Board:
    return await core.board()


def issue(core: CoreServer, token: str) -> None:
    response = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {token}"},
    )
    response.raise_for_status()


def test_the_snapshot_then_the_events_after_it(qtbot: QtBot, core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    bridge = CoreBridge(core_server.base_url, core_server.listener_token())
    live = LiveConnection(bridge, read_board, lambda board: board.seq, timings=FAST)
    taken: list[Board] = []
    refreshed: list[Board] = []
    events: list[CoreEvent] = []
    live.snapshot_taken.connect(taken.append)
    live.refreshed.connect(refreshed.append)
    live.event_received.connect(events.append)
    live.start()
    qtbot.waitUntil(lambda: bool(taken) and live.state is ConnectionState.CONNECTED, timeout=WAIT)
    issue(core_server, kiosk)
    qtbot.waitUntil(lambda: bool(events), timeout=WAIT)
    (event,) = events
    assert isinstance(event, TicketEvent) and event.kind is EventType.TICKET_ISSUED
    assert event.seq == taken[0].seq + 1 == live.last_seq
    live.refresh_soon()
    live.refresh_soon()  # one read for the burst
    qtbot.waitUntil(lambda: bool(refreshed), timeout=WAIT)
    qtbot.wait(200)
    assert len(taken) == len(refreshed) == 1 and refreshed[0].seq == event.seq
    assert (live.reads, live.answering) == (2, 2)
    live.stop()
    bridge.close()


def test_a_core_away_at_start_is_read_until_it_answers(
    qtbot: QtBot, core_server: CoreServer
) -> None:
    board = core_server.listener_token()
    core_server.kill()
    bridge = CoreBridge(core_server.base_url, board)
    live = LiveConnection(bridge, read_board, lambda board: board.seq, timings=FAST)
    failed: list[object] = []
    live.read_failed.connect(failed.append)
    live.start()
    qtbot.waitUntil(lambda: len(failed) >= 2, timeout=WAIT)
    assert live.state is ConnectionState.RECONNECTING and not live.following
    core_server.start()
    qtbot.waitUntil(lambda: live.state is ConnectionState.CONNECTED, timeout=WAIT)
    assert live.following
    live.stop()
    bridge.close()


def test_a_stream_the_core_closed_is_opened_again(
    qtbot: QtBot, core_server: CoreServer, caplog: pytest.LogCaptureFixture
) -> None:
    bridge = CoreBridge(core_server.base_url, core_server.listener_token())
    live = LiveConnection(bridge, read_board, lambda _board: -1, timings=FAST)  # refused
    states: list[ConnectionState] = []
    bridge.connection_changed.connect(states.append)
    with caplog.at_level(logging.WARNING, logger="ui_common.bridge"):  # "event stream ended"
        live.start()
        qtbot.waitUntil(lambda: states.count(ConnectionState.CLOSED) >= 3, timeout=WAIT)
        live.stop()
        bridge.close()
    assert live.state is ConnectionState.CLOSED


def test_a_core_that_moved_is_found_by_polling_and_followed(
    qtbot: QtBot, core_server: CoreServer, caplog: pytest.LogCaptureFixture
) -> None:
    was = f"http://127.0.0.1:{free_port()}"  # where the core was: nothing answers there
    bridge = CoreBridge(was, core_server.listener_token())

    async def finder() -> str:
        return core_server.base_url

    live = LiveConnection(
        bridge, read_board, lambda board: board.seq, poll=True, finder=finder, timings=FAST
    )
    with caplog.at_level(logging.WARNING, logger="ui_common.live"):
        live.start()
        qtbot.waitUntil(lambda: live.state is ConnectionState.CONNECTED, timeout=WAIT)
    assert live.following and bridge.base_url == core_server.base_url
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert said == [f"core moved: {was} -> {core_server.base_url}"]
    live.stop()
    bridge.close()
