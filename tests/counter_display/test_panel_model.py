"""The clerk's panel view-model against a real core: sign-in, the queue actions, the rules the
core enforces said in the clerk's words, one request per press, and a lost core."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_display.panel_model import PanelViewModel, SignIn
from counter_display.state import Action
from queue_core.domain import CounterState, Position, TicketStatus
from tests.counter_display.conftest import WAIT, Hall, panel, signed_in
from tests.support.server import CoreServer
from ui_common.bridge import CoreBridge


def wait_idle(qtbot: QtBot, model: PanelViewModel) -> None:
    qtbot.waitUntil(lambda: model.busy is None, timeout=WAIT)


def test_sign_in_opens_the_counter_and_shows_the_clerk(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = signed_in(qtbot, bridge)
    assert model.staff["username"] == "lan"
    assert model.snapshot is not None and model.snapshot.state is CounterState.OPEN
    assert model.snapshot.staff_name == "Lan"
    assert Action.NEXT in model.enabled


def test_a_wrong_pin_says_so_and_the_fifth_locks(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = panel(bridge)
    for attempt in range(5):
        model.login("lan", "0000")
        qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT, timeout=WAIT)
        assert model.login_message is not None
        assert model.login_message.key == "counter_wrong_pin", attempt
    model.login("lan", "1234")  # the right PIN, but locked now
    qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT, timeout=WAIT)
    assert model.login_message is not None and model.login_message.key == "counter_locked"


def test_an_empty_pin_is_not_sent(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = panel(bridge)
    model.login("lan", "")
    assert model.sign_in is SignIn.SIGNED_OUT and model.requests_sent == 0
    assert model.login_message is not None and model.login_message.key == "counter_login_needed"


def test_next_shows_the_ticket_and_a_subscriber_receives_the_call(
    qtbot: QtBot, bridge: CoreBridge, core_server: CoreServer, hall: Hall
) -> None:
    watcher = CoreBridge(core_server.base_url)
    events: list[dict] = []
    watcher.event_received.connect(events.append)
    watcher.subscribe(0)
    issued = hall.issue("lltp", 2)
    model = signed_in(qtbot, bridge)
    assert model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.number == issued[0]["number"]
    assert model.ticket.status is TicketStatus.CALLED
    qtbot.waitUntil(lambda: any(e["type"] == "ticket.called" for e in events), timeout=WAIT)
    called = [e for e in events if e["type"] == "ticket.called"]
    assert [(e["ticket"]["number"], e["counter"]) for e in called] == [(issued[0]["number"], 1)]
    watcher.close()


def test_next_with_nobody_waiting_says_so(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = signed_in(qtbot, bridge)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert model.ticket is None
    assert model.message is not None and model.message.key == "counter_nobody_to_call"


def test_recall_then_no_show_which_the_site_allows_only_after_a_recall(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    (ticket,) = hall.issue("lltp")
    model = signed_in(qtbot, bridge)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert model.recalls_before_no_show == 1
    assert Action.NO_SHOW not in model.enabled  # disabled, not hidden: the site wants a recall
    assert not model.trigger(Action.NO_SHOW)
    assert model.trigger(Action.RECALL)
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.recalls == 1
    assert hall.events("ticket.recalled")[0]["ticket"]["id"] == ticket["id"]
    assert model.trigger(Action.NO_SHOW)
    wait_idle(qtbot, model)
    assert model.ticket is None
    assert hall.ticket(ticket["id"])["status"] == "no_show"


def test_next_while_a_called_ticket_is_not_started_is_disabled_then_start_finish(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    first, second = hall.issue("lltp", 2)
    model = signed_in(qtbot, bridge)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert Action.NEXT not in model.enabled and not model.trigger(Action.NEXT)
    model.trigger(Action.START)
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.status is TicketStatus.SERVING
    assert Action.FINISH in model.enabled and Action.START not in model.enabled
    model.trigger(Action.NEXT)  # finishes the one being served, then calls
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.number == second["number"]
    assert hall.ticket(first["id"])["status"] == "done"


def test_transfer_to_another_service_joins_its_waiting_count(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    (ticket,) = hall.issue("lltp")
    model = signed_in(qtbot, bridge)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    before = hall.waiting("datdai")
    assert model.transfer(service="datdai", position=Position.BACK)
    wait_idle(qtbot, model)
    assert model.ticket is None
    assert hall.waiting("datdai") == before + 1
    moved = hall.ticket(ticket["id"])
    assert (moved["status"], moved["service"]["id"]) == ("waiting", "datdai")


def test_call_one_ticket_out_of_turn_keeps_the_reason(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    _first, _second, third = hall.issue("lltp", 3)
    model = signed_in(qtbot, bridge)
    qtbot.waitUntil(lambda: len(model.snapshot.waiting) == 3, timeout=WAIT)
    assert not model.call_chosen(third["id"], "   ")  # a reason is required
    assert model.call_chosen(third["id"], "quay lại bổ sung giấy tờ")
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.number == third["number"]
    (event,) = hall.events("ticket.called")
    assert event["detail"]["reason"] == "quay lại bổ sung giấy tờ"


def test_one_press_sends_one_request_however_often_it_repeats(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    hall.issue("lltp", 3)
    model = signed_in(qtbot, bridge)
    model.repeat_guard_s = 60.0  # a bouncing key: the same press again right after the answer
    sent = model.requests_sent
    assert model.trigger(Action.NEXT)
    for _ in range(5):
        assert not model.trigger(Action.NEXT)  # still in flight
    wait_idle(qtbot, model)
    assert model.requests_sent == sent + 1
    assert len(hall.events("ticket.called")) == 1
    assert model.trigger(Action.PAUSE)
    wait_idle(qtbot, model)
    assert Action.PAUSE in model.enabled  # F8 now opens again, but not on the same bounce
    assert not model.trigger(Action.PAUSE)
    assert model.snapshot is not None and model.snapshot.state is CounterState.PAUSED
    assert model.requests_sent == sent + 2


def test_a_lost_core_disables_the_buttons_and_reconnecting_repeats_nothing(
    qtbot: QtBot, bridge: CoreBridge, core_server: CoreServer, hall: Hall
) -> None:
    hall.issue("lltp", 2)
    model = signed_in(qtbot, bridge)
    qtbot.waitUntil(lambda: model.stream_state == "connected", timeout=WAIT)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    number = model.ticket.number
    core_server.kill()
    qtbot.waitUntil(lambda: not model.connected, timeout=WAIT)
    assert model.enabled == frozenset()
    assert not model.trigger(Action.RECALL)
    core_server.restart()
    qtbot.waitUntil(lambda: model.connected and bool(model.enabled), timeout=30_000)
    assert model.ticket is not None and model.ticket.number == number
    assert model.ticket.status is TicketStatus.CALLED
    assert len(hall.events("ticket.called")) == 1
    assert len(hall.events("ticket.recalled")) == 0
