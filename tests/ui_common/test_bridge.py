"""The bridge against a real core: calls answer on the GUI thread, events arrive, a lost core
is reported and found again."""

from __future__ import annotations

import threading

import httpx
from pytestqt.qtbot import QtBot

from queue_core.client import (
    ConnectionState,
    CoreClient,
    CoreEvent,
    CoreRefused,
    CounterEvent,
    TicketEvent,
)
from queue_core.domain import EventType
from tests.support.server import CoreServer
from ui_common import CoreBridge


def test_a_call_answers_on_the_gui_thread(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge = CoreBridge(core_server.base_url)
    answers: list[tuple[str, bool]] = []

    def got(health: object) -> None:
        answers.append((health.site_name, threading.current_thread() is threading.main_thread()))

    bridge.call(lambda core: core.health(), got)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    assert answers == [("Trung tâm thử nghiệm", True)]
    bridge.close()


def test_a_refusal_comes_back_as_the_contracts_error(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge = CoreBridge(core_server.base_url)
    errors: list[CoreRefused] = []
    bridge.call(lambda core: core.call_next(1), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], CoreRefused) and errors[0].status == 401
    bridge.close()


def test_events_arrive_and_a_lost_core_is_reported_then_found(
    qtbot: QtBot, core_server: CoreServer
) -> None:
    kiosk = core_server.pair_device("kiosk")
    bridge = CoreBridge(core_server.base_url, kiosk)
    events: list[CoreEvent] = []
    states: list[ConnectionState] = []
    bridge.event_received.connect(events.append)
    bridge.connection_changed.connect(states.append)
    bridge.subscribe(0)
    qtbot.waitUntil(lambda: ConnectionState.CONNECTED in states, timeout=10_000)

    def issued() -> int:
        return sum(isinstance(e, TicketEvent) and e.kind is EventType.TICKET_ISSUED for e in events)

    async def issue(core: CoreClient) -> object:
        return await core.issue_ticket("lltp")

    bridge.call(issue)
    qtbot.waitUntil(lambda: issued() == 1, timeout=10_000)
    core_server.kill()
    qtbot.waitUntil(lambda: states[-1] is ConnectionState.RECONNECTING, timeout=3_000)
    core_server.restart()
    qtbot.waitUntil(lambda: states[-1] is ConnectionState.CONNECTED, timeout=20_000)
    bridge.call(issue)
    qtbot.waitUntil(lambda: issued() == 2, timeout=10_000)
    seqs = [e.seq for e in events]
    assert seqs == sorted(set(seqs))
    bridge.close()


def test_the_stream_listens_with_the_devices_token_while_a_session_acts(
    qtbot: QtBot, core_server: CoreServer
) -> None:
    """A counter's panel: the clerk's session carries the presses; the stream is the device's
    and goes on when the session ends (closing the counter ends it)."""
    kiosk = core_server.pair_device("kiosk")
    bridge = CoreBridge(core_server.base_url, core_server.pair_device("counter"))
    bridge.session = core_server.login("lan", "1234", 1)
    events: list[CoreEvent] = []
    states: list[ConnectionState] = []
    errors: list[CoreRefused] = []
    bridge.event_received.connect(events.append)
    bridge.connection_changed.connect(states.append)
    bridge.subscribe(0)
    qtbot.waitUntil(lambda: ConnectionState.CONNECTED in states, timeout=10_000)
    bridge.call(lambda core: core.open_counter(1), on_error=errors.append)
    bridge.call(lambda core: core.close_counter(1), on_error=errors.append)
    qtbot.waitUntil(lambda: len(kinds(events)) == 2, timeout=10_000)
    bridge.call(lambda core: core.open_counter(1), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors[0].code == "session_ended"
    httpx.post(
        core_server.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {kiosk}"},
    ).raise_for_status()
    qtbot.waitUntil(lambda: len(kinds(events)) == 3, timeout=10_000)
    assert kinds(events) == [
        EventType.COUNTER_OPENED,
        EventType.COUNTER_CLOSED,
        EventType.TICKET_ISSUED,
    ]
    assert states[-1] is ConnectionState.CONNECTED and len(errors) == 1
    bridge.close()


def kinds(events: list[CoreEvent]) -> list[EventType]:
    return [e.kind for e in events if isinstance(e, TicketEvent | CounterEvent)]


def test_calls_after_close_are_ignored(qtbot: QtBot, core_server: CoreServer) -> None:
    bridge = CoreBridge(core_server.base_url)
    bridge.close()
    answers: list[object] = []
    late = bridge.call(lambda core: core.health(), answers.append, answers.append)
    bridge.subscribe(0)
    qtbot.wait(200)
    assert late.cancelled() and answers == []
