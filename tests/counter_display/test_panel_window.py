"""The clerk's panel window: the F-keys of a USB call-pad do exactly what the buttons do, from
anywhere in the window; buttons that make no sense are disabled, not hidden."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from counter_display.dialogs import TransferDialog
from counter_display.panel import PanelWindow
from counter_display.state import SHORTCUTS, Action
from tests.counter_display.conftest import WAIT, Hall, panel
from ui_common.bridge import CoreBridge
from ui_common.qt import Qt, QtGui

KEYS = {
    "F1": Qt.Key.Key_F1,
    "F2": Qt.Key.Key_F2,
    "F3": Qt.Key.Key_F3,
    "F4": Qt.Key.Key_F4,
    "F5": Qt.Key.Key_F5,
    "F6": Qt.Key.Key_F6,
    "F7": Qt.Key.Key_F7,
    "F8": Qt.Key.Key_F8,
}
SCRIPT = [
    Action.NEXT,
    Action.RECALL,
    Action.START,
    Action.FINISH,
    Action.NEXT,
    Action.RECALL,
    Action.NO_SHOW,
    Action.NEXT,
    Action.TRANSFER,
    Action.PAUSE,
]
EXPECTED = [
    "ticket.called",
    "ticket.recalled",
    "ticket.started",
    "ticket.finished",
    "ticket.called",
    "ticket.recalled",
    "ticket.no_show",
    "ticket.called",
    "ticket.transferred",
    "counter.paused",
]


def window_signed_in(qtbot: QtBot, bridge: CoreBridge) -> PanelWindow:
    model = panel(bridge)
    window = PanelWindow(model)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClicks(window.login_page.username, "lan")
    qtbot.keyClicks(window.login_page.pin, "1234")
    qtbot.keyClick(window.login_page.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.work_page.buttons[Action.NEXT].isEnabled(), timeout=WAIT)
    return window


@pytest.mark.parametrize("by", ["keys", "buttons"])
def test_keys_and_buttons_do_the_same(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall, by: str
) -> None:
    hall.issue("lltp", 3)
    window = window_signed_in(qtbot, bridge)
    model = window.model
    for action in SCRIPT:
        qtbot.waitUntil(lambda a=action: window.work_page.buttons[a].isEnabled(), timeout=WAIT)
        if by == "keys":  # typed into whatever has focus, as a call-pad does
            target = QtGui.QGuiApplication.focusObject() or window
            qtbot.keyClick(target, KEYS[SHORTCUTS[action]])
        else:
            qtbot.mouseClick(window.work_page.buttons[action], Qt.MouseButton.LeftButton)
        if action is Action.TRANSFER:
            dialog = window.dialog
            assert isinstance(dialog, TransferDialog)
            dialog.services.setCurrentRow(0)
            qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
            assert window.dialog is None
        qtbot.waitUntil(lambda: model.busy is None, timeout=WAIT)
    qtbot.waitUntil(lambda: len(hall.events("counter.paused")) == 1, timeout=WAIT)
    kinds = [
        e["type"]
        for e in sorted((e for k in set(EXPECTED) for e in hall.events(k)), key=lambda e: e["seq"])
    ]
    assert kinds == EXPECTED, " ".join(kinds)


def test_buttons_that_make_no_sense_are_disabled_not_hidden(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall
) -> None:
    window = window_signed_in(qtbot, bridge)
    buttons = window.work_page.buttons
    assert all(b.isVisible() for b in buttons.values())
    assert buttons[Action.NEXT].isEnabled()
    for action in (Action.RECALL, Action.START, Action.FINISH, Action.NO_SHOW, Action.TRANSFER):
        assert not buttons[action].isEnabled(), action
    for button in buttons.values():
        assert button.height() >= 64
    qtbot.keyClick(window, Qt.Key.Key_F2)  # recall with nothing called: nothing is sent
    assert window.model.busy is None
