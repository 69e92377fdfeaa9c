"""The citizen's look on every screen: larger text, and the high-contrast colours.

The screens draw themselves in the normal look; after each redraw, ``restyle`` walks the
window and scales each widget's font and recolours its style sheet, remembering what the
screen set so that a widget drawn anew is restyled too, and the normal look comes back."""

from __future__ import annotations

from ui_common.qt import Qt, QtWidgets
from ui_common.theme import HIGH_CONTRAST, recolour, stylesheet

__all__ = ["LARGE", "LARGE_UP_TO", "restyle", "text_px"]

LARGE = 1.3
"""Larger text: 30 px body text becomes 39 px."""
LARGE_UP_TO = 60
"""Text this large or larger (ticket numbers, titles) is large already and keeps its size."""

_SHEET, _SHOWN_SHEET, _PX, _SHOWN_PX = "luot_sheet", "luot_shown_sheet", "luot_px", "luot_shown_px"


def text_px(px: int, large: bool) -> int:
    """The pixel size a screen's ``px`` text is drawn at."""
    return round(px * LARGE) if large and px < LARGE_UP_TO else px


def restyle(window: QtWidgets.QWidget, large: bool, contrast: bool) -> None:
    """Every widget of ``window`` in the look asked for."""
    base = stylesheet(HIGH_CONTRAST) if contrast else ""
    if window.styleSheet() != base:
        window.setStyleSheet(base)
    for widget in window.findChildren(QtWidgets.QWidget):
        sheet = widget.styleSheet()
        if sheet != widget.property(_SHOWN_SHEET):  # the screen set it anew
            widget.setProperty(_SHEET, sheet)
        own = str(widget.property(_SHEET) or "")
        wanted = recolour(own, HIGH_CONTRAST) if contrast else own
        if wanted != sheet:
            widget.setStyleSheet(wanted)
        widget.setProperty(_SHOWN_SHEET, wanted)
        font = widget.font()
        px = font.pixelSize()
        if px <= 0 or not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            continue  # its parent's font, scaled there
        if px != widget.property(_SHOWN_PX):
            widget.setProperty(_PX, px)
        size = text_px(int(widget.property(_PX)), large)
        if size != px:
            font.setPixelSize(size)
            widget.setFont(font)
        widget.setProperty(_SHOWN_PX, size)
