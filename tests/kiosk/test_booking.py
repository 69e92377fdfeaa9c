"""Tôi có lịch hẹn at the kiosk against a real core whose clock stands at 09:00: a booking's QR
scanned on the home screen prints the holder's ticket with its slot; a code typed on the pad
too early says when to come back and offers a walk-in's ticket; too late says why and gives a
walk-in's; an unknown code is said plainly; the pad offers only a code's letters and digits;
a number taken by text is checked in on the same pad with the code its answer gave. Each
screen is saved (docs/kiosk.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.booking import booking_code, is_booking_code
from kiosk.flow import Screen
from kiosk.wedge import WedgeTimings
from printers import TicketPrinter
from queue_core.domain import Book, IssueTicket
from queue_core.domain.appointments import CODE_ALPHABET, Booking
from queue_core.domain.remote import check_in_code
from queue_core.store import TicketView
from tests.kiosk.conftest import MakeKiosk, site_text, tap
from tests.kiosk.test_taking import shown_number, wait_screen
from tests.queue_core.conftest import MORNING
from tests.support.server import CoreServer, running_core
from tests.support.shots import shots_dir
from ui_common.qt import Qt, QtWidgets

PATIENT = WedgeTimings(gap_ms=600_000)
APPOINTMENTS = """
# one counter serves lltp here: with half kept for walk-ins a slot would take nobody
[appointments]
early_minutes = 30
grace_minutes = 10

[appointments.services.lltp]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["08:00-11:00"]
slot_minutes = 15
walk_in_reserve = 0.25
"""


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    # 09:00 in Hà Nội on a Wednesday, the core's clock running on from there
    with running_core(tmp_path, site_text() + APPOINTMENTS, clock=(MORNING, 1.0)) as server:
        yield server


def book(core: CoreServer, slot: datetime, name: str, at: datetime = MORNING) -> str:
    store = core.store()
    try:
        made = store.execute(Book("lltp", slot, name), at).result
        assert isinstance(made, Booking)
        return made.code
    finally:
        store.close()


def shot(kiosk: Kiosk, path: Path) -> None:
    QtWidgets.QApplication.processEvents()
    assert kiosk.window.grab().save(str(path))


def texts_of(kiosk: Kiosk, name: str) -> str:
    found = [w for w in kiosk.window.findChildren(QtWidgets.QLabel, name) if w.isVisible()]
    assert len(found) == 1
    return str(found[0].text())


def test_codes_as_typed_or_scanned() -> None:
    assert booking_code(" abc-23x ") == "ABC23X" and is_booking_code("abc-23x")
    assert is_booking_code("https://hcc.example/book/ABC23X")
    assert not is_booking_code("000.00.12.H55-261120-0001")  # a dossier's code
    assert not is_booking_code("ABC10X")  # no 0 or 1 in a booking's code


def test_a_scanned_booking_prints_the_holders_ticket_with_its_slot(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    code = book(core, MORNING + timedelta(minutes=15), "Nguyễn Văn An")
    previews = tmp_path / "printed"
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{previews}"), wedge=PATIENT)
    shot(kiosk, tmp_path / "home.png")
    assert kiosk.flow.screen is Screen.HOME
    qtbot.keyClicks(kiosk.window.current, code.lower())
    qtbot.keyClick(kiosk.window.current, Qt.Key.Key_Return)
    wait_screen(qtbot, kiosk, Screen.TICKET)
    ticket = kiosk.flow.result.ticket if kiosk.flow.result else None
    assert ticket is not None and ticket.appointment_at is not None
    assert f"{ticket.appointment_at:%H:%M}" == "09:15"
    assert shown_number(kiosk) == ticket.number == "1001"
    assert texts_of(kiosk, "ticket_badge") == "Lịch hẹn lúc 09:15"
    assert list(previews.glob("ticket-1001-*.png"))
    shot(kiosk, shots_dir(tmp_path, "kiosk") / "booking-ticket.png")
    store = core.store()
    try:
        stored = store.ticket(ticket.id)
        assert stored is not None and stored.appointment_at == MORNING + timedelta(minutes=15)
    finally:
        store.close()


def test_too_early_on_the_pad_says_when_to_come_back_or_gives_a_walk_in_ticket(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    code = book(core, MORNING + timedelta(minutes=90), "Trần Thị Bình")  # 10:30
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    tap(qtbot, kiosk, "booking")
    assert kiosk.flow.screen is Screen.BOOKING_ENTRY
    # the pad offers the code's alphabet and nothing else: no 0/O or 1/I to be mistaken
    pad = kiosk.window.current.findChildren(QtWidgets.QPushButton)
    chars = {k.objectName()[5:] for k in pad if k.objectName().startswith("code:")} - {"submit"}
    assert chars == set(CODE_ALPHABET) and not chars & set("0O1I.-")
    for char in code:
        tap(qtbot, kiosk, f"code:{char}")
    shot(kiosk, shots_dir(tmp_path, "kiosk") / "booking-pad.png")
    tap(qtbot, kiosk, "code:submit")
    wait_screen(qtbot, kiosk, Screen.BOOKING)
    assert texts_of(kiosk, "booking_title") == "Bạn đến sớm"
    detail = texts_of(kiosk, "booking_detail")
    assert "10:30" in detail and "từ 10:00" in detail and "Cấp phiếu lý lịch tư pháp" in detail
    shot(kiosk, shots_dir(tmp_path, "kiosk") / "booking-early.png")
    tap(qtbot, kiosk, "booking_walk_in")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    walk_in = kiosk.flow.result.ticket if kiosk.flow.result else None
    assert walk_in is not None and walk_in.appointment_at is None
    assert walk_in.service.id == "lltp"


def test_too_late_says_why_and_an_unknown_code_is_said_plainly(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    code = book(core, MORNING - timedelta(minutes=45), "Lê Văn Cường", MORNING - timedelta(hours=2))
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"), wedge=PATIENT)
    tap(qtbot, kiosk, "lang:en")
    qtbot.keyClicks(kiosk.window.current, code)
    qtbot.keyClick(kiosk.window.current, Qt.Key.Key_Return)
    wait_screen(qtbot, kiosk, Screen.BOOKING)
    assert texts_of(kiosk, "booking_title") == "Your appointment has passed"
    assert "08:15" in texts_of(kiosk, "booking_detail")
    shot(kiosk, shots_dir(tmp_path, "kiosk") / "booking-late.png")
    tap(qtbot, kiosk, "booking_home")
    wait_screen(qtbot, kiosk, Screen.HOME)
    qtbot.keyClicks(kiosk.window.current, code)  # again: the booking is missed now
    qtbot.keyClick(kiosk.window.current, Qt.Key.Key_Return)
    wait_screen(qtbot, kiosk, Screen.PROBLEM)
    assert kiosk.flow.refusal_key == "kiosk_problem_booking_closed"
    kiosk.flow.home()
    qtbot.keyClicks(kiosk.window.current, "ZZZ222")
    qtbot.keyClick(kiosk.window.current, Qt.Key.Key_Return)
    wait_screen(qtbot, kiosk, Screen.PROBLEM)
    assert kiosk.flow.refusal_key == "kiosk_problem_unknown_booking"


def test_a_number_taken_by_text_is_checked_in_on_the_same_pad(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    """The code in the answer to ``LUOT lltp`` (tests/queue_core/notifier/test_remote_*),
    typed on the booking's pad: the number it took is printed, and may now be called."""
    store = core.store()
    try:
        taken = store.execute(IssueTicket("lltp", channel="sms", from_afar=True), MORNING).result
        assert isinstance(taken, TicketView) and taken.ticket.awaiting_check_in
        code = check_in_code(taken.ticket.public_token)
    finally:
        store.close()
    previews = tmp_path / "printed"
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{previews}"))
    tap(qtbot, kiosk, "booking")
    for char in code:
        tap(qtbot, kiosk, f"code:{char}")
    tap(qtbot, kiosk, "code:submit")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    ticket = kiosk.flow.result.ticket if kiosk.flow.result else None
    assert ticket is not None and ticket.number == shown_number(kiosk) == "1001"
    assert ticket.appointment_at is None and kiosk.flow.check_in is not None
    assert list(previews.glob("ticket-1001-*.png"))
    store = core.store()
    try:
        now = store.ticket(taken.ticket.id)
        assert now is not None and not now.awaiting_check_in
    finally:
        store.close()
