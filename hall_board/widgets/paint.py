"""Painting helpers the board's widgets share: fonts that fit a box, colours, text in a box."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from ui_common import pixel_font
from ui_common.qt import Qt, QtCore, QtGui
from ui_common.theme import BOLD

__all__ = [
    "BOLD",
    "MEDIUM",
    "REGULAR",
    "draw_text",
    "fit_font",
    "ink_font",
    "mix",
    "noted",
    "put_ink",
    "put_text",
    "recording_text",
]

MEDIUM = QtGui.QFont.Weight.Medium
REGULAR = QtGui.QFont.Weight.Normal


_drawn: list[list[str]] = []


@contextmanager
def recording_text() -> Iterator[list[str]]:
    """Every text the board's widgets paint inside the block (what a passer-by could read)."""
    seen: list[str] = []
    _drawn.append(seen)
    try:
        yield seen
    finally:
        _drawn.remove(seen)


def noted(text: str) -> str:
    """``text``, noted for ``recording_text`` (each painter of text passes it through here)."""
    for seen in _drawn:
        seen.append(text)
    return text


def fit_font(
    text: str, width: float, height: float, weight: QtGui.QFont.Weight = BOLD, most: int = 400
) -> QtGui.QFont:
    """The largest font (in pixels, at most ``most``) whose ``text`` fits ``width`` x ``height``."""
    return QtGui.QFont(_fit(text, round(width), round(height), weight, most))


@lru_cache(maxsize=4096)
def _fit(text: str, width: int, height: int, weight: QtGui.QFont.Weight, most: int) -> QtGui.QFont:
    """Searching for a size costs a dozen measurements: each answer is kept (texts repeat)."""
    size = max(8, min(most, int(height * 0.8)))
    while size > 8:
        font = pixel_font(size, weight)
        metrics = QtGui.QFontMetricsF(font)
        if metrics.horizontalAdvance(text) <= width and metrics.height() <= height * 1.05:
            return font
        size = int(size * 0.92)
    return pixel_font(8, weight)


def ink_font(
    text: str, width: float, height: float, weight: QtGui.QFont.Weight = BOLD
) -> QtGui.QFont:
    """The largest font whose ``text``'s ink fits ``width`` x ``height``: for ticket and counter
    numbers, which have neither descenders nor marks above, so that their digits, not a line
    with room for "Quầy", fill the box (what is read from the back of the hall)."""
    return QtGui.QFont(_ink(text, round(width), round(height), weight))


@lru_cache(maxsize=1024)
def _ink(text: str, width: int, height: int, weight: QtGui.QFont.Weight) -> QtGui.QFont:
    ink = QtGui.QFontMetricsF(pixel_font(100, weight)).tightBoundingRect(text)
    size = max(8, int(100 * min(width / max(ink.width(), 1), height / max(ink.height(), 1))))
    while size > 8:  # hinting may make a size's ink a pixel larger than scaled
        ink = QtGui.QFontMetricsF(pixel_font(size, weight)).tightBoundingRect(text)
        if ink.width() <= width and ink.height() <= height:
            break
        size -= 1
    return pixel_font(size, weight)


def put_ink(
    painter: QtGui.QPainter,
    rect: QtCore.QRectF,
    text: str,
    colour: str,
    font: QtGui.QFont,
) -> float:
    """``text`` with its ink centred in ``rect``; returns its baseline (for words beside it)."""
    ink = QtGui.QFontMetricsF(font).tightBoundingRect(text)
    origin = rect.center() - ink.center()
    painter.setFont(font)
    painter.setPen(QtGui.QColor(colour))
    painter.drawText(origin, noted(text))
    return origin.y()


def draw_text(
    painter: QtGui.QPainter,
    rect: QtCore.QRectF,
    text: str,
    colour: str,
    weight: QtGui.QFont.Weight = BOLD,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
    most: int = 400,
) -> None:
    """``text`` as large as fits ``rect`` (at most ``most`` px), in ``colour``."""
    painter.setFont(fit_font(text, rect.width(), rect.height(), weight, most))
    painter.setPen(QtGui.QColor(colour))
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), noted(text))


def put_text(
    painter: QtGui.QPainter,
    rect: QtCore.QRectF,
    text: str,
    colour: str,
    font: QtGui.QFont,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
) -> None:
    """``text`` in a font chosen beforehand (so that neighbours share one size)."""
    painter.setFont(font)
    painter.setPen(QtGui.QColor(colour))
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), noted(text))


def mix(a: str, b: str, share: float) -> QtGui.QColor:
    """``share`` of colour ``b`` over ``a``."""
    ca, cb = QtGui.QColor(a), QtGui.QColor(b)
    return QtGui.QColor(
        round(ca.red() + (cb.red() - ca.red()) * share),
        round(ca.green() + (cb.green() - ca.green()) * share),
        round(ca.blue() + (cb.blue() - ca.blue()) * share),
    )
