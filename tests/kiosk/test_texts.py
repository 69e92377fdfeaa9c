"""Nhắn tin khi sắp đến lượt at the kiosk: after a ticket, the citizen taps the offer, types a
mobile number on the keypad under the consent sentence, and the core keeps it for this ticket
(the modem on a pseudo-terminal then texts it); a wrong number is said and nothing is kept; a
centre without [sms] offers nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from harness.gsm_modem import FakeModem
from kiosk.app import Kiosk
from kiosk.flow import Screen, Timeouts
from kiosk.texting import TextsState
from kiosk.widgets.texting import TextsScreen
from printers import TicketPrinter
from tests.kiosk.conftest import MakeKiosk, site_text, tap
from tests.kiosk.test_taking import wait_screen
from tests.support.server import CoreServer, running_core
from tests.support.shots import shots_dir
from ui_common.qt import Qt, QtWidgets

SLOW = Timeouts(idle_ms=60_000, ticket_ms=60_000, paperless_ms=60_000)


@pytest.fixture
def modem() -> Iterator[FakeModem]:
    fake = FakeModem()
    yield fake
    fake.close()


@pytest.fixture
def texting_core(tmp_path: Path, modem: FakeModem) -> Iterator[CoreServer]:
    site = site_text() + f'\n[sms]\ndriver = "modem"\nport = "{modem.path}"\nnear = 3\n'
    with running_core(tmp_path, site) as server:
        yield server


def press(qtbot: QtBot, kiosk: Kiosk, keys: str) -> None:
    screen = kiosk.window.screens[Screen.TEXTS]
    assert isinstance(screen, TextsScreen)
    for key in keys:
        qtbot.mouseClick(screen.pad.keys[key], Qt.MouseButton.LeftButton)


def label(kiosk: Kiosk, name: str) -> str:
    found = kiosk.window.findChild(QtWidgets.QLabel, name)
    assert found is not None
    return str(found.text())


def test_a_number_typed_under_the_consent_is_kept_for_the_ticket(
    qtbot: QtBot,
    texting_core: CoreServer,
    modem: FakeModem,
    make_kiosk: MakeKiosk,
    tmp_path: Path,
) -> None:
    kiosk = make_kiosk(texting_core, TicketPrinter(f"preview://{tmp_path}"), SLOW)
    shots = shots_dir(tmp_path, "kiosk")
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "service:lltp")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    kiosk.window.grab().save(str(shots / "ticket-texts-offer.png"))
    tap(qtbot, kiosk, "ticket:texts")
    assert kiosk.flow.screen is Screen.TEXTS
    press(qtbot, kiosk, "02838")  # a landline, cut short
    tap(qtbot, kiosk, "texts:send")
    qtbot.waitUntil(lambda: kiosk.flow.texts.state is TextsState.INVALID, timeout=15_000)
    assert label(kiosk, "texts_said").startswith("Số này không phải số di động Việt Nam")
    for _ in range(5):
        press(qtbot, kiosk, "⌫")
    press(qtbot, kiosk, "0912345678")
    assert label(kiosk, "texts_number") == "0912 345 678"
    kiosk.window.grab().save(str(shots / "texts.png"))
    press(qtbot, kiosk, "✓")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    assert kiosk.flow.texts.shown == "0912 *** 678"
    assert not kiosk.flow.offers_texts  # asked once per ticket
    kiosk.window.grab().save(str(shots / "ticket-texts-done.png"))
    store = texting_core.store()
    try:
        rows = store.conn.execute("SELECT ticket_id, phone, asked_by FROM sms_requests").fetchall()
    finally:
        store.close()
    ticket = kiosk.flow.result.ticket if kiosk.flow.result else None
    assert ticket is not None
    assert [(r[0], r[1], r[2].split(":")[0]) for r in rows] == [(ticket.id, "0912345678", "kiosk")]
    (sent,) = modem.wait_sent(1)  # nobody ahead: texted at once that the turn is next
    assert sent.phone == "0912345678"
    assert sent.text == f"Lượt: vé {ticket.number} sắp được gọi. Mời quay lại sảnh chờ ngay."


def test_a_centre_without_texts_offers_none(
    qtbot: QtBot, tmp_path: Path, make_kiosk: MakeKiosk
) -> None:
    with running_core(tmp_path, site_text()) as core:
        kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'p'}"), SLOW)
        tap(qtbot, kiosk, "agency:stp")
        tap(qtbot, kiosk, "service:lltp")
        wait_screen(qtbot, kiosk, Screen.TICKET)
        offer = kiosk.window.findChild(QtWidgets.QPushButton, "ticket:texts")
        assert offer is not None and not offer.isVisible()
        kiosk.flow.open_texts()
        assert kiosk.flow.screen is Screen.TICKET
