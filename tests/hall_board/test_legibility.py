"""The call read from 10 m: the ticket's and the counter's digits are as tall as a sign's
letters must be at that distance, on the screen the board assumes, in each of its layouts.

The rule is the ADA's for visual characters (2010 ADA Standards, table 703.5.5, a sign
whose text is 70–120 in above the floor, as a hall board hung on a wall): 2 in (51 mm),
plus 1/8 in (3.2 mm) per foot of viewing distance beyond 180 in (4.57 m), measured on the
uppercase letters (our digits are as tall). The screen: a 65-inch 16:9 television at
1920×1080 (docs/board.md, "Read from 10 m", has the other sizes).
"""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from demo.screenshots.board import call_event, hall_snapshot
from hall_board.model import BoardModel
from hall_board.widgets import BoardWindow, Orientation
from ui_common import load_fonts
from ui_common.qt import QtGui

MM_PER_INCH = 25.4
DISTANCE_M = 10.0
SCREEN_INCHES = 65


def ada_letter_mm(distance_m: float) -> float:
    """The least letter height (mm) at ``distance_m``, text 70–120 in above the floor."""
    beyond_ft = max(0.0, distance_m * 1000 / MM_PER_INCH - 180) / 12
    return (2 + beyond_ft / 8) * MM_PER_INCH


def pixel_mm(diagonal_in: float, rows: int = 1080) -> float:
    """One pixel's height (mm) on a 16:9 screen of ``diagonal_in`` with ``rows`` rows."""
    return diagonal_in * MM_PER_INCH * 9 / math.hypot(16, 9) / rows


LETTER_PX = math.ceil(ada_letter_mm(DISTANCE_M) / pixel_mm(SCREEN_INCHES))


def test_the_rule_gives_the_figures_the_board_doc_states() -> None:
    assert round(ada_letter_mm(DISTANCE_M)) == 107
    assert [round(pixel_mm(d), 3) for d in (43, 55, 65)] == [0.496, 0.634, 0.749]
    assert LETTER_PX == 144


def digit_bands(image: QtGui.QImage, colour: str) -> list[int]:
    """The heights of the runs of rows holding a pixel of exactly ``colour`` (the inside of a
    glyph; its blended edges are not counted, so a band is at most a glyph's ink height)."""
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    wanted = QtGui.QColor(colour).rgb().to_bytes(4, "little")
    line, width = image.bytesPerLine(), image.width() * 4
    bits = bytes(image.constBits())
    bands, run = [], 0
    for y in range(image.height()):
        row = bits[y * line : y * line + width]
        hit = any(i % 4 == 0 for i in _finds(row, wanted))
        if hit:
            run += 1
        elif run:
            bands.append(run)
            run = 0
    return bands + ([run] if run else [])


def _finds(row: bytes, wanted: bytes) -> list[int]:
    found, at = [], row.find(wanted)
    while at >= 0:
        found.append(at)
        at = row.find(wanted, at + 1)
    return found


@pytest.mark.parametrize(
    ("counters", "orientation"),
    [(12, Orientation.LANDSCAPE), (48, Orientation.LANDSCAPE), (24, Orientation.PORTRAIT)],
)
@pytest.mark.parametrize(("ticket", "counter"), [("1023", 5), ("A015", 12), ("1999", 24)])
def test_the_called_number_and_counter_are_readable_from_10_m(
    qtbot: QtBot, counters: int, orientation: Orientation, ticket: str, counter: int
) -> None:
    load_fonts()
    model = BoardModel()
    model.apply_snapshot(hall_snapshot(counters))
    model.apply_event(call_event(101, ticket, counter, 901))
    model.advance()  # calm: the highlight's frame is in the number's colour too
    window = BoardWindow(model, orientation)
    qtbot.addWidget(window)
    window.show()
    panel = window.now.grab().toImage()
    ticket_px, counter_px = digit_bands(panel, model.appearance.number)
    assert min(ticket_px, counter_px) >= LETTER_PX, (ticket_px, counter_px, LETTER_PX)
