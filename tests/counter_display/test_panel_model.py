"""The clerk's panel view-model against a real core: sign-in, the queue actions, the rules the
core enforces said in the clerk's words, one request per press, a lost core, and messages that
go once what they say no longer holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from counter_display.panel_messages import refusal_message, still_true
from counter_display.panel_model import Message, MessageKind, PanelViewModel, SignIn
from counter_display.state import Action, CounterSnapshot
from demo.screenshots.counter_samples import SAMPLE
from demo.screenshots.counter_samples import ticket as sample_ticket
from queue_core.client import ConnectionState, CoreEvent, CoreRefused, TicketEvent, TicketInfo
from queue_core.domain import CounterState, EventType, Position, TicketStatus
from tests.counter_display.conftest import PANELS, WAIT, Hall, panel, signed_in
from tests.queue_core.test_roles import LISTED_SITE
from tests.support.server import CoreServer, running_core
from ui_common.bridge import CoreBridge
from ui_common.texts import Lang, tr


def wait_idle(qtbot: QtBot, model: PanelViewModel) -> None:
    qtbot.waitUntil(lambda: model.busy is None, timeout=WAIT)


def test_sign_in_opens_the_counter_and_shows_the_clerk(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = signed_in(qtbot, bridge)
    assert model.staff is not None and model.staff.username == "lan"
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


def test_too_many_wrong_pins_from_this_counter_say_so(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = panel(bridge)
    for username in ("lan", "boss"):  # five each: ten from this counter's address
        for _ in range(5):
            model.login(username, "0000")
            qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT, timeout=WAIT)
    model.login("lan", "1234")
    qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT, timeout=WAIT)
    assert model.login_message is not None and model.login_message.key == "counter_too_many"


def test_an_empty_pin_is_not_sent(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = panel(bridge)
    model.login("lan", "")
    assert model.sign_in is SignIn.SIGNED_OUT and model.requests_sent == 0
    assert model.login_message is not None and model.login_message.key == "counter_login_needed"


def test_next_shows_the_ticket_and_a_subscriber_receives_the_call(
    qtbot: QtBot, bridge: CoreBridge, core_server: CoreServer, hall: Hall
) -> None:
    watcher = CoreBridge(core_server.base_url, core_server.listener_token())
    events: list[CoreEvent] = []
    watcher.event_received.connect(events.append)
    watcher.subscribe(0)
    issued = hall.issue("lltp", 2)
    model = signed_in(qtbot, bridge)
    assert model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert model.ticket is not None and model.ticket.number == issued[0]["number"]
    assert model.ticket.status is TicketStatus.CALLED

    def calls() -> list[TicketEvent]:
        tickets = [e for e in events if isinstance(e, TicketEvent)]
        return [e for e in tickets if e.kind is EventType.TICKET_CALLED]

    qtbot.waitUntil(lambda: bool(calls()), timeout=WAIT)
    assert [(e.ticket.number, e.counter) for e in calls()] == [(issued[0]["number"], 1)]
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
    model.reload()  # a read out when the press is answered, which still shows the ticket
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
    qtbot.waitUntil(lambda: model.stream_state is ConnectionState.CONNECTED, timeout=WAIT)
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


# --- a message stays only while what it says holds ---------------------------------------------


def test_nobody_to_call_goes_when_a_ticket_starts_waiting_for_this_counter(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    model = signed_in(qtbot, bridge)
    qtbot.waitUntil(lambda: model.stream_state is ConnectionState.CONNECTED, timeout=WAIT)
    model.trigger(Action.NEXT)
    wait_idle(qtbot, model)
    assert model.message is not None and model.message.key == "counter_nobody_to_call"
    hall.issue("datdai")  # counter 3's: nobody waits for counter 1 still, and the panel says so
    qtbot.waitUntil(lambda: waiting_for(model, "datdai") == 1, timeout=WAIT)
    assert model.message is not None and model.message.key == "counter_nobody_to_call"
    (ticket,) = hall.issue("lltp")  # the event, then the read that lists it
    qtbot.waitUntil(lambda: model.snapshot is not None and bool(model.snapshot.waiting),
                    timeout=WAIT)  # fmt: skip
    assert model.snapshot is not None
    assert [t.number for t in model.snapshot.waiting] == [ticket["number"]]
    assert model.message is None


def waiting_for(model: PanelViewModel, service: str) -> int:
    return next((s.waiting for a in model.agencies for s in a.services if s.id == service), 0)


def test_offline_gives_way_once_the_stream_is_back(qtbot: QtBot, bridge: CoreBridge) -> None:
    model = signed_in(qtbot, bridge)
    qtbot.waitUntil(lambda: model.stream_state is ConnectionState.CONNECTED, timeout=WAIT)
    said: list[str] = []
    model.changed.connect(lambda: said.append(model.message.key if model.message else ""))
    bridge.drop_stream()  # the HTTP side never fails: only the stream said it was lost
    qtbot.waitUntil(lambda: "counter_offline" in said and model.connected, timeout=WAIT)
    qtbot.waitUntil(lambda: model.message is not None and model.message.key != "counter_offline",
                    timeout=WAIT)  # fmt: skip
    assert model.message is not None and model.message.key == "counter_reloaded"


def supervisor(core: CoreServer, hall: Hall, counter: int, what: str) -> None:
    """The supervisor acts at the counter behind the panel's back."""
    response = httpx.post(
        f"{core.base_url}/api/v1/counters/{counter}/{what}",
        headers={"Authorization": f"Bearer {hall.boss}"},
    )
    response.raise_for_status()


def counter_paused(model: PanelViewModel) -> bool:
    return model.snapshot is not None and model.snapshot.state is CounterState.PAUSED


def ticket_called(model: PanelViewModel) -> bool:
    return model.ticket is not None and model.ticket.status is TicketStatus.CALLED


@pytest.mark.parametrize(
    ("before", "refusal", "after", "cause"),
    [
        ("pause", "refused_counter_not_open", "open", counter_paused),
        ("next", "refused_ticket_in_progress", "start", ticket_called),
    ],
)
def test_a_refusal_goes_when_its_cause_does(
    qtbot: QtBot,
    bridge: CoreBridge,
    core_server: CoreServer,
    hall: Hall,
    before: str,
    refusal: str,
    after: str,
    cause: Callable[[PanelViewModel], bool],
) -> None:
    hall.issue("lltp", 2)
    model = signed_in(qtbot, bridge)
    supervisor(core_server, hall, 1, before)
    assert model.trigger(Action.NEXT)  # the panel has not heard yet: the core refuses
    wait_idle(qtbot, model)
    assert model.message is not None and model.message.key == refusal
    qtbot.waitUntil(lambda: cause(model), timeout=WAIT)  # read again: the cause holds
    assert model.message is not None and model.message.key == refusal
    supervisor(core_server, hall, 1, after)
    qtbot.waitUntil(lambda: not cause(model), timeout=WAIT)
    assert model.message is None  # gone with the read that shows its cause gone


def waiting_ticket(
    ticket_id: int, status: TicketStatus = TicketStatus.WAITING, recalls: int = 0
) -> TicketInfo:
    return sample_ticket(SAMPLE, str(1000 + ticket_id), status, id=ticket_id, recalls=recalls)


def held_to(
    model: PanelViewModel,
    key: str,
    true: CounterSnapshot,
    false: CounterSnapshot,
    ticket: int | None = None,
) -> tuple[bool, bool, bool]:
    """Whether a read keeps the message where it holds, drops it where it does not, and keeps
    it when the read was begun before it was said."""
    kept = []
    for snapshot, fresh in ((true, True), (false, True), (false, False)):
        model.snapshot = snapshot
        model.message = Message(MessageKind.ERROR, key, {"n": 1}, ticket)
        model.drop_untrue(fresh=fresh)
        kept.append(model.message is not None and model.message.key == key)
    return kept[0], kept[1], kept[2]


def test_each_message_is_held_to_the_state_it_describes(qtbot: QtBot) -> None:
    idle = CoreBridge("http://127.0.0.1:9")  # never called: the model is filled by hand
    model = PanelViewModel(idle, 1)
    model.recalls_before_no_show = 1
    open_ = CounterSnapshot(1, "1", CounterState.OPEN)
    called = replace(open_, ticket=waiting_ticket(7, TicketStatus.CALLED))
    recalled = replace(open_, ticket=waiting_ticket(7, TicketStatus.CALLED, recalls=1))
    serving = replace(open_, ticket=waiting_ticket(7, TicketStatus.SERVING))
    waiting = replace(open_, waiting=(waiting_ticket(8),))
    paused = replace(open_, state=CounterState.PAUSED)
    cases = {
        "counter_nobody_to_call": (open_, waiting, None),
        "refused_ticket_in_progress": (called, serving, None),
        "refused_recall_first": (called, recalled, None),
        "refused_counter_not_open": (paused, open_, None),
        "refused_no_current_ticket": (open_, called, None),
        "refused_not_callable_here": (waiting, replace(open_, waiting=(waiting_ticket(9),)), 9),
    }
    try:
        for key, (true, false, ticket) in cases.items():
            assert held_to(model, key, true, false, ticket) == (True, False, True), key
        for key in ("refused_other", "refused_session", "counter_reloaded"):
            # one press's or one reconnection's outcome: until the next press
            assert held_to(model, key, open_, called) == (True, True, True), key
        model.message = Message(MessageKind.ERROR, "counter_offline")
        model.http_ok = False
        model.drop_untrue(fresh=True)
        assert model.message is not None and model.message.key == "counter_offline"
        model.http_ok = True
        model.drop_untrue(fresh=False)  # the connection is known now, whatever the read
        assert model.message is not None and model.message.key == "counter_reloaded"
    finally:
        model.stop()
        idle.close()


def test_signing_out_closes_the_counter_which_ends_the_session_on_the_core(
    qtbot: QtBot, bridge: CoreBridge, core_server: CoreServer
) -> None:
    model = signed_in(qtbot, bridge)
    session = bridge.session
    assert session is not None and bridge.token is not None and session != bridge.token
    model.logout()
    qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT and model.busy is None, timeout=WAIT)
    assert model.message is None and bridge.session is None  # no refusal on the way out
    qtbot.waitUntil(
        lambda: model.snapshot is not None and model.snapshot.state is CounterState.CLOSED,
        timeout=WAIT,
    )
    again = httpx.post(
        core_server.base_url + "/api/v1/counters/1/open",
        headers={"Authorization": f"Bearer {session}"},
    )
    assert again.status_code == 401 and again.json()["error"]["code"] == "session_ended"
    assert model.connected  # the stream is the device's: it goes on, signed in or not
    model.login("lan", "1234")
    qtbot.waitUntil(
        lambda: model.snapshot is not None and model.snapshot.state is CounterState.OPEN,
        timeout=WAIT,
    )


def test_a_clerk_at_a_counter_not_theirs_is_told_so(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 20, point 3: the site lists hoa and minh at counter 1; lan signs in there."""
    with running_core(tmp_path, LISTED_SITE) as core:
        bridge = CoreBridge(core.base_url)
        model = panel(bridge, 1)
        model.login("lan", "1234")
        qtbot.waitUntil(lambda: model.sign_in is SignIn.SIGNED_OUT, timeout=WAIT)
        message = model.login_message
        assert message is not None and model.staff is None
        assert message.key == "counter_not_assigned" and message.values == {"counter": 1}
        assert tr(message.key, Lang.VI, **message.values).startswith(
            "Anh/chị không làm việc tại quầy 1 hôm nay."
        )
        assert "supervisor to assign you" in tr(message.key, Lang.EN, **message.values)
        counters = httpx.get(core.base_url + "/api/v1/counters").json()
        assert counters[0]["state"] == "closed" and counters[0]["staff"] is None
        model.stop()
        qtbot.waitUntil(lambda: model.idle, timeout=WAIT)
        PANELS.remove(model)
        bridge.close()


def test_a_number_nobody_checked_in_for_is_refused_in_the_clerks_words() -> None:
    """A number taken by text, called out of turn before its holder checked in at the kiosk
    (docs/phone.md): said in the panel's words, not the core's English, until the next press."""
    refused = CoreRefused(409, "not_checked_in", "Ticket 1001 was taken by text…", "ticket")
    said = refusal_message(refused, recalls_before_no_show=1, chosen=1001)
    assert said.key == "refused_not_checked_in"
    assert tr(said.key, Lang.VI).startswith("Số này lấy bằng tin nhắn")
    assert still_true(said, None, connected=True, recalls_before_no_show=1)
    # nobody to call holds while the only ones waiting are numbers nobody checked in for
    nobody = Message(MessageKind.INFO, "counter_nobody_to_call")
    open_ = CounterSnapshot(1, "1", CounterState.OPEN)
    away = replace(waiting_ticket(8), awaiting_check_in=True)
    assert still_true(nobody, replace(open_, waiting=(away,)), connected=True,
                      recalls_before_no_show=1)  # fmt: skip
    assert not still_true(nobody, replace(open_, waiting=(away, waiting_ticket(9))),
                          connected=True, recalls_before_no_show=1)  # fmt: skip
    assert tr("counter_not_here", Lang.VI, number="1008") == "1008 (chưa đến)"
