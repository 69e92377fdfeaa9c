"""The tactile keypad alone drives the kiosk: agency → service → priority → ticket, and a dossier
looked up by its code, by key presses on the window against a real core; the focus ring stands
out from every button and ground it touches."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from demo.screenshots.kiosk import READY_DOSSIER, UNKNOWN_DOSSIER
from kiosk.app import Kiosk
from kiosk.dossier import LookupState
from kiosk.flow import Screen, Timeouts
from kiosk.guide import RecordingSpeaker
from kiosk.keypad import Focus, Move, Spot, move_of
from kiosk.voice import EspeakSpeaker
from kiosk.wedge import WedgeTimings
from kiosk.widgets.focus import RING
from printers import TicketPrinter
from queue_core.domain.contrast import contrast_ratio
from tests.kiosk.conftest import MakeKiosk, button, tap
from tests.kiosk.test_taking import shown_number, stored_tickets, wait_screen
from tests.support.server import CoreServer
from ui_common.qt import Qt, QtWidgets
from ui_common.texts import Lang, tr
from ui_common.theme import HIGH_CONTRAST, PALETTE, Palette

PAD = Qt.KeyboardModifier.KeypadModifier
KEYS = {
    Move.UP: Qt.Key.Key_8,
    Move.DOWN: Qt.Key.Key_2,
    Move.LEFT: Qt.Key.Key_4,
    Move.RIGHT: Qt.Key.Key_6,
    Move.CHOOSE: Qt.Key.Key_5,
    Move.BACK: Qt.Key.Key_0,
    Move.VOICE: Qt.Key.Key_Plus,
}


def press(qtbot: QtBot, kiosk: Kiosk, move: Move) -> None:
    """One key of the numeric keypad (Num Lock on), as the window receives it."""
    qtbot.keyClick(kiosk.window, KEYS[move], PAD)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def focused(kiosk: Kiosk) -> str | None:
    return kiosk.flow.focus.key


def walk_to(qtbot: QtBot, kiosk: Kiosk, key: str) -> int:
    """Step with 4 and 6 (reading order) until ``key`` is focused; the presses it took."""
    presses = 0
    while focused(kiosk) != key:
        keys = [spot.key for spot in kiosk.flow.focus.spots]
        assert key in keys, f"{key!r} is not among the choices {keys}"
        here = keys.index(focused(kiosk) or keys[0])
        press(qtbot, kiosk, Move.RIGHT if keys.index(key) > here else Move.LEFT)
        presses += 1
        assert presses < 80
    return presses


def test_keys_mean_moves_only_from_the_keypad_for_digits() -> None:
    keypad = {n: move_of(ord(n), keypad=True) for n in "824650-"}
    assert keypad == {
        "8": Move.UP, "2": Move.DOWN, "4": Move.LEFT, "6": Move.RIGHT, "5": Move.CHOOSE,
        "0": Move.BACK, "-": Move.BACK,
    }  # fmt: skip
    # a scanner types codes on the main row: its digits and dashes move nothing
    assert [move_of(ord(n), keypad=False) for n in "824650-"] == [None] * 7
    assert move_of(int(Qt.Key.Key_Up.value), keypad=False) is Move.UP
    assert move_of(int(Qt.Key.Key_Clear.value), keypad=True) is Move.CHOOSE  # 5, Num Lock off
    assert move_of(int(Qt.Key.Key_Backspace.value), keypad=False) is Move.BACK


def test_the_focus_moves_row_by_row_and_in_reading_order() -> None:
    # two tiles a row, a full-width button under them, a back button above
    spots = [
        Spot("a", 0, 100, 400, 100), Spot("b", 420, 100, 400, 100),
        Spot("c", 0, 220, 400, 100), Spot("d", 420, 220, 400, 100),
        Spot("wide", 0, 340, 820, 100), Spot("back", 0, 0, 200, 80),
    ]  # fmt: skip
    focus = Focus()
    focus.place(spots, first="a")
    assert focus.key == "a"
    assert [s.key for s in focus.spots] == ["back", "a", "b", "c", "d", "wide"]
    moves = [Move.RIGHT, Move.DOWN, Move.DOWN, Move.UP, Move.LEFT, Move.LEFT, Move.UP, Move.UP]
    trail = []
    for move in moves:
        focus.move(move)
        trail.append(focus.key)
    assert trail == ["b", "d", "wide", "c", "b", "a", "back", "back"]
    assert not focus.move(Move.UP)  # the top edge
    focus.place(spots[1:4])  # "back" gone (a new screen's choices): its first
    assert focus.key == "b"


@pytest.mark.parametrize("palette", [PALETTE, HIGH_CONTRAST], ids=["normal", "high contrast"])
def test_the_ring_stands_out_from_every_button_and_ground_it_touches(palette: Palette) -> None:
    touched = {
        "ground", "surface", "primary", "accent", "ok", "muted", "warning_ground",
        "disabled_ground", "highlight", "ink",
    }  # fmt: skip
    weakest = {}
    for name in touched:
        colour = getattr(palette, name)
        weakest[name] = max(contrast_ratio(band, colour) for band in RING)
    assert min(weakest.values()) >= 3.0, weakest


def test_agency_service_priority_ticket_by_the_keypad_alone(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    window = kiosk.window
    press(qtbot, kiosk, Move.CHOOSE)  # the first key shows where the focus is
    assert kiosk.flow.screen is Screen.HOME
    assert focused(kiosk) == "agency:stp" and window.ring.isVisible()
    assert window.ring.target is not None and window.ring.target.objectName() == "agency:stp"
    trail = []
    for _ in range(5):
        press(qtbot, kiosk, Move.DOWN)
        trail.append(focused(kiosk))
    assert trail == ["search", "dossier", "voice", "large_text", "priority"]
    press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.screen is Screen.PRIORITY
    assert focused(kiosk) == "priority:elderly"
    press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.screen is Screen.HOME and kiosk.flow.priority is not None
    assert focused(kiosk) == "agency:stp"
    press(qtbot, kiosk, Move.RIGHT)
    assert focused(kiosk) == "agency:stnmt"
    press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.screen is Screen.AGENCY
    assert focused(kiosk) == "service:gcn"
    press(qtbot, kiosk, Move.CHOOSE)
    wait_screen(qtbot, kiosk, Screen.TICKET)
    [stored] = stored_tickets(core)
    assert stored["service"] == "gcn" and stored["kind"] == "elderly"
    assert shown_number(kiosk) == stored["number"] == "A001"
    press(qtbot, kiosk, Move.BACK)  # 0: back home, the choices forgotten
    assert kiosk.flow.screen is Screen.HOME and kiosk.flow.priority is None


def test_a_dossier_looked_up_by_its_code_on_the_keypad(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(sample_core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    speaker = RecordingSpeaker()
    kiosk.guide.speaker = speaker
    press(qtbot, kiosk, Move.VOICE)
    walk_to(qtbot, kiosk, "dossier")
    press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.screen is Screen.DOSSIER_ENTRY
    for char in READY_DOSSIER:
        walk_to(qtbot, kiosk, f"code:{char}")
        press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.code == READY_DOSSIER
    walk_to(qtbot, kiosk, "code:submit")
    press(qtbot, kiosk, Move.CHOOSE)
    assert kiosk.flow.screen is Screen.DOSSIER
    qtbot.waitUntil(lambda: kiosk.flow.lookup.state is LookupState.FOUND, timeout=15_000)
    answer = kiosk.flow.dossier
    assert answer is not None and answer.ready
    qtbot.waitUntil(lambda: "Đã có kết quả — chờ trả" in speaker.said, timeout=3_000)
    assert "Tra cứu hồ sơ" in speaker.said and "code:submit" not in speaker.said
    press(qtbot, kiosk, Move.BACK)  # back to the code pad
    assert kiosk.flow.screen is Screen.DOSSIER_ENTRY
    kiosk.flow.look_up_dossier(UNKNOWN_DOSSIER)  # as a scan would
    qtbot.waitUntil(lambda: "Không tìm thấy hồ sơ" in speaker.said, timeout=15_000)


def test_voice_guidance_says_each_screen_and_choice_then_the_ticket_and_ends(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    speaker = RecordingSpeaker()
    kiosk.guide.speaker = speaker
    button(kiosk, "agency:stp")  # the tiles are on screen
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Plus, PAD)  # + on the keypad: voice on
    qtbot.waitUntil(lambda: len(speaker.said) >= 4)
    press(qtbot, kiosk, Move.RIGHT)
    press(qtbot, kiosk, Move.CHOOSE)
    press(qtbot, kiosk, Move.CHOOSE)
    wait_screen(qtbot, kiosk, Screen.TICKET)
    qtbot.waitUntil(lambda: speaker.said[-1] == "Xong", timeout=3_000)
    assert speaker.said == [
        tr("kiosk_voice_on", Lang.VI),
        "Màn hình chính.",
        "Xin mời chọn lĩnh vực cần giải quyết",
        "Sở Tư pháp. 0 người đang chờ",
        "Sở Tài nguyên và Môi trường. 0 người đang chờ",
        "Sở Tài nguyên và Môi trường",
        "Chọn thủ tục",
        "Cấp giấy chứng nhận quyền sử dụng đất. 0 người đang chờ  ·  Chờ dưới 5 phút",
        "Đang in phiếu…",
        "Số thứ tự của bạn",
        "A 1",  # A001: its letter, then its digits as a number, as the board reads it
        "Cấp giấy chứng nhận quyền sử dụng đất",
        "Không có ai đang chờ trước bạn",
        tr("kiosk_voice_ticket_rule", Lang.VI),
        "Xong",  # the focused choice: 5 ends
    ]
    press(qtbot, kiosk, Move.BACK)  # home: voice guidance ended with the ticket
    assert not kiosk.flow.voice and speaker.stops == 1
    count = len(speaker.said)
    press(qtbot, kiosk, Move.RIGHT)
    assert len(speaker.said) == count


def test_voice_guidance_ends_by_itself_when_the_kiosk_is_idle(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    short = Timeouts(idle_ms=300, ticket_ms=10_000, paperless_ms=30_000)
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"), timeouts=short)
    speaker = RecordingSpeaker()
    kiosk.guide.speaker = speaker
    tap(qtbot, kiosk, "voice")
    press(qtbot, kiosk, Move.CHOOSE)  # the first agency
    assert kiosk.flow.screen is Screen.AGENCY and kiosk.flow.voice
    qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.HOME, timeout=5_000)
    assert not kiosk.flow.voice and speaker.stops == 1
    assert "Màn hình chính." not in speaker.said[2:]  # the idle home is not announced


def wav_duration(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def test_phrases_are_spoken_offline_by_the_boards_espeak_ng_once_each() -> None:
    speaker = EspeakSpeaker()
    one = wav_duration(speaker.render(["Sở Tư pháp"], Lang.VI))
    two = wav_duration(speaker.render(["Sở Tư pháp", "Chọn thủ tục"], Lang.VI))
    assert 0.3 < one < two
    assert set(speaker._clips) == {("Sở Tư pháp", Lang.VI), ("Chọn thủ tục", Lang.VI)}
    assert wav_duration(speaker.render(["Choose a service"], Lang.EN)) > 0.3


def test_keypad_digits_typed_fast_never_make_a_scan(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    patient = WedgeTimings(gap_ms=600_000)  # every burst is fast enough to be a scanner's
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'p'}"), wedge=patient)
    button(kiosk, "agency:stp")
    for key in (Qt.Key.Key_6, Qt.Key.Key_4, Qt.Key.Key_6, Qt.Key.Key_4, Qt.Key.Key_6):
        qtbot.keyClick(kiosk.window, key, PAD)
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Enter, PAD)  # 5 characters then Enter: not a scan
    assert kiosk.flow.screen is Screen.AGENCY  # Enter chose the focused agency
    # the first 6 showed the focus; 4 went up to English (before the tiles), 6 came back
    assert kiosk.flow.agency is not None and kiosk.flow.agency.id == "stp"
    # the scanner's own digits, on the main row, still make a scan and move nothing
    qtbot.keyClicks(kiosk.window, "000.00.00.X00-000000-0000")
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    assert kiosk.flow.screen is Screen.DOSSIER
