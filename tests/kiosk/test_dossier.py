"""Tra cứu hồ sơ at the kiosk against a real core with the sample dossier export: a scanner's
keystrokes on any screen, the code pad, the answer, and the ticket for the result's return."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from demo.screenshots.kiosk import (
    PROCESSING_DOSSIER,
    READY_DOSSIER,
    UNKNOWN_DOSSIER,
)
from kiosk.app import Kiosk
from kiosk.dossier import LookupState, clean_code
from kiosk.flow import Screen
from kiosk.wedge import WedgeBuffer, WedgeTimings
from printers import TicketPrinter
from tests.kiosk.conftest import MakeKiosk, button, tap
from tests.kiosk.test_taking import shown_number, stored_tickets, wait_screen
from tests.support.server import CoreServer
from ui_common.qt import Qt, QtWidgets

PATIENT = WedgeTimings(gap_ms=600_000)
"""Every burst is fast enough: the tests never depend on how fast the machine types."""


def scan(qtbot: QtBot, widget: QtWidgets.QWidget, code: str) -> None:
    """What a USB scanner does: the code's characters, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def answered(qtbot: QtBot, kiosk: Kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.flow.lookup.state is not LookupState.ASKING, timeout=15_000)
    QtWidgets.QApplication.processEvents()


def status_text(kiosk: Kiosk) -> str:
    labels = [
        w for w in kiosk.window.findChildren(QtWidgets.QLabel, "dossier_status") if w.isVisible()
    ]
    assert len(labels) == 1
    return labels[0].text()


def test_a_scan_on_the_home_screen_opens_a_ready_dossier_and_its_button_takes_a_ticket(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    previews = tmp_path / "printed"
    kiosk = make_kiosk(sample_core, TicketPrinter(f"preview://{previews}"), wedge=PATIENT)
    assert kiosk.flow.screen is Screen.HOME
    scan(qtbot, kiosk.window.current, READY_DOSSIER)
    assert kiosk.flow.screen is Screen.DOSSIER
    answered(qtbot, kiosk)
    assert status_text(kiosk) == "Đã có kết quả — chờ trả"
    answer = kiosk.flow.dossier
    assert answer is not None and answer.holder == "Trần T*** B*** N**"
    assert answer.result is not None
    assert answer.result.service == "tra-ketqua" and answer.result.counters == (12,)

    tap(qtbot, kiosk, "take_for_result")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    [stored] = stored_tickets(sample_core)
    assert stored["service"] == "tra-ketqua"
    assert shown_number(kiosk) == stored["number"] == "R001"
    assert list(previews.glob(f"ticket-{stored['number']}-*.png"))


def test_a_dossier_in_progress_says_so_in_english_on_request_with_no_ticket_button(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(sample_core, None, wedge=PATIENT)
    tap(qtbot, kiosk, "lang:en")
    tap(qtbot, kiosk, "agency:stp")  # a scan arrives on any screen
    scan(qtbot, kiosk.window.current, PROCESSING_DOSSIER.lower())
    answered(qtbot, kiosk)
    assert status_text(kiosk) == "Being processed"
    assert not kiosk.window.findChild(QtWidgets.QPushButton, "take_for_result").isVisible()
    assert stored_tickets(sample_core) == []


def test_an_unknown_code_typed_on_the_code_pad_is_plainly_not_found(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(sample_core, None, wedge=PATIENT)
    tap(qtbot, kiosk, "dossier")
    assert kiosk.flow.screen is Screen.DOSSIER_ENTRY
    assert not button(kiosk, "code:submit").isEnabled()
    for char in UNKNOWN_DOSSIER:
        tap(qtbot, kiosk, f"code:{char}")
    assert kiosk.flow.code == UNKNOWN_DOSSIER
    tap(qtbot, kiosk, "code:submit")
    answered(qtbot, kiosk)
    assert kiosk.flow.lookup.state is LookupState.UNKNOWN
    assert status_text(kiosk) == "Không tìm thấy hồ sơ"
    tap(qtbot, kiosk, "dossier_again")
    assert kiosk.flow.screen is Screen.DOSSIER_ENTRY and kiosk.flow.code == ""


def test_typing_on_the_search_keyboard_is_left_alone_and_a_short_burst_is_no_scan(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(sample_core, None, wedge=PATIENT)
    tap(qtbot, kiosk, "agency:stp")
    kiosk.flow.open_search()
    screen = kiosk.window.current
    for key in "cap":
        qtbot.mouseClick(screen.keyboard.keys[key], Qt.MouseButton.LeftButton)
    scan(qtbot, screen, "abc")  # too short for a code: not a scan
    assert kiosk.flow.screen is Screen.SEARCH and kiosk.flow.query == "cap"


def test_the_wedge_buffer_tells_a_scanner_from_a_person() -> None:
    buffer = WedgeBuffer(WedgeTimings(gap_ms=50, min_chars=5))
    for at, char in enumerate("000.00.12.H55-261104-0002"):
        buffer.char(char, at * 8.0)
    assert buffer.enter(25 * 8.0) == "000.00.12.H55-261104-0002"
    for at, char in enumerate("12345"):  # a person: 200 ms between keys
        buffer.char(char, 1000 + at * 200.0)
    assert buffer.enter(2000) is None
    for at, char in enumerate("123456"):  # fast, but no Enter soon after
        buffer.char(char, 3000 + at * 5.0)
    assert buffer.enter(4000) is None
    assert buffer.enter(4001) is None  # Enter alone


def test_codes_are_cleaned_as_the_core_reads_them() -> None:
    assert clean_code(" 000.00.12.h55-261104-0002\n") == "000.00.12.H55-261104-0002"
    assert clean_code("<script>") == "SCRIPT"
    assert clean_code("   ") == ""
