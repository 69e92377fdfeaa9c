"""The demo hall's counter autopilot presses the clerk's next step through the panel's intents:
next, start, finish, and next again only when someone waits."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_display.state import Action
from demo.apps.counter import PanelAutopilot
from queue_core.domain import TicketStatus
from tests.counter_display.conftest import WAIT, Hall, signed_in
from ui_common.bridge import CoreBridge


def test_each_press_is_the_next_step_of_a_ticket(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    [issued] = hall.issue("lltp")
    model = signed_in(qtbot, bridge)
    pilot = PanelAutopilot(model, every_s=60)

    def press(expected: Action) -> None:
        qtbot.waitUntil(lambda: model.busy is None and bool(model.enabled), timeout=WAIT)
        assert pilot.step() is expected

    press(Action.NEXT)
    qtbot.waitUntil(lambda: model.ticket is not None, timeout=WAIT)
    press(Action.START)
    qtbot.waitUntil(
        lambda: model.ticket is not None and model.ticket.status is TicketStatus.SERVING,
        timeout=WAIT,
    )
    press(Action.FINISH)
    qtbot.waitUntil(lambda: model.ticket is None and model.busy is None, timeout=WAIT)
    assert hall.ticket(issued["id"])["status"] == "done"
    assert pilot.presses == 3
