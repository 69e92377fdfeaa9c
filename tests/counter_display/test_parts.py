"""Centred labels of several lines are balanced: no word left alone on the last line."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_display.display import ReasonButton
from counter_display.parts import balanced_lines, fit_lines
from ui_common.qt import QtGui
from ui_common.theme import BOLD, pixel_font

REASON = "Thái độ phục vụ của cán bộ chưa tốt"
WIDTH = 540  # one reason button of two columns on the 1280-pixel display, less its margins


def _width_leaving_the_last_word_alone(font: QtGui.QFont) -> int:
    head = REASON.rsplit(" ", 1)[0]
    return QtGui.QFontMetrics(font).horizontalAdvance(head) + 4


def _widths(lines: list[str], font: QtGui.QFont) -> list[int]:
    metrics = QtGui.QFontMetrics(font)
    return [metrics.horizontalAdvance(line) for line in lines]


def test_a_centred_text_is_split_into_even_lines(qtbot: QtBot) -> None:
    font = pixel_font(30, BOLD)
    width = _width_leaving_the_last_word_alone(font)
    greedy = fit_lines(REASON, font, width, 3).lines
    assert greedy[-1] == "tốt"  # what plain wrapping does: one word alone on a line
    balanced = balanced_lines(REASON, font, width)
    assert len(balanced) == len(greedy) == 2
    assert " ".join(balanced) == REASON  # every word, whole and in order
    short, long = sorted(_widths(balanced, font))
    assert short > long * 0.6
    assert long <= width


def test_a_text_on_one_line_and_a_long_word_stay_as_they_are(qtbot: QtBot) -> None:
    font = pixel_font(30, BOLD)
    assert balanced_lines("Chờ quá lâu", font, WIDTH) == ["Chờ quá lâu"]
    word = "Khôngcókhoảngtrắngnàotrongcâunày"
    assert "".join(balanced_lines(word, font, 200)) == word


def test_the_reason_button_shows_even_lines(qtbot: QtBot) -> None:
    button = ReasonButton(REASON)
    qtbot.addWidget(button)
    button.resize(_width_leaving_the_last_word_alone(button.words.font()) + 40, 126)
    button.show()
    qtbot.waitExposed(button)
    lines = list(button.words.fitted().lines)
    assert len(lines) == 2 and " ".join(lines) == REASON
    assert all(len(line.split()) >= 3 for line in lines)
