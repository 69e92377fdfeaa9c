"""The clerk adds a citizen's number for texts (issue 23, point 3): on a centre with [sms] the
ticket card offers it, the dialog asks for the citizen's consent and the number, the core keeps
it for the ticket at the counter and the line says where the texts go; a wrong number is said."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.dialogs import TextsDialog
from counter_display.panel import PanelWindow
from counter_display.state import Action
from harness.gsm_modem import FakeModem
from tests.counter_display.conftest import WAIT, Hall, signed_in
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core
from tests.support.shots import shots_dir
from ui_common.bridge import CoreBridge
from ui_common.qt import Qt
from ui_common.texts import tr


@pytest.fixture
def core_server(tmp_path: Path) -> Iterator[CoreServer]:
    modem = FakeModem()
    site = SMALL_SITE + f'\n[sms]\ndriver = "modem"\nport = "{modem.path}"\n'
    try:
        with running_core(tmp_path, site) as server:
            yield server
    finally:
        modem.close()


def the_dialog(window: PanelWindow) -> TextsDialog:
    dialog = window.dialog
    assert isinstance(dialog, TextsDialog)
    return dialog


def test_the_clerk_adds_the_citizens_number_for_the_ticket_at_the_counter(
    qtbot: QtBot, bridge: CoreBridge, hall: Hall, core_server: CoreServer, tmp_path: Path
) -> None:
    shots = shots_dir(tmp_path, "counter")
    (ticket,) = hall.issue()
    model = signed_in(qtbot, bridge)
    window = PanelWindow(model)
    qtbot.addWidget(window)
    window.show()
    offer = window.work_page.ticket.texts
    assert not offer.isVisible()  # no ticket at the counter yet
    assert model.trigger(Action.NEXT)
    qtbot.waitUntil(lambda: model.ticket is not None, timeout=WAIT)
    qtbot.waitUntil(offer.isVisible, timeout=WAIT)
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert not dialog.confirm.isEnabled()
    dialog.phone.setText("0283 829 55")  # nine digits of a landline
    assert not dialog.confirm.isEnabled()
    dialog.phone.setText("0283 829 5555")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.message is not None, timeout=WAIT)
    assert model.message is not None and model.message.key == "texts_invalid"

    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    dialog.phone.setText("0912 345 678")
    window.resize(1280, 800)
    window.grab().save(str(shots / "panel-texts.png"))
    dialog.grab().save(str(shots / "panel-texts-dialog.png"))
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: model.message is not None and model.message.key == "texts_done", timeout=WAIT
    )
    said = tr(model.message.key, model.lang, **model.message.values)
    assert said == "Sẽ nhắn tin đến 0912 *** 678 khi sắp đến lượt và khi được gọi."
    store = core_server.store()
    try:
        rows = store.conn.execute("SELECT ticket_id, phone, asked_by FROM sms_requests").fetchall()
    finally:
        store.close()
    assert rows == [(ticket["id"], "0912345678", "staff:lan")]
    window.close()
