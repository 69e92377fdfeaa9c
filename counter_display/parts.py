"""Labels that fit the room the counter's screens give them: text wrapped to a few lines
(even ones when centred) and elided with its whole in a tooltip, a list shown as far as it
fits then "+N", a number as big as its room allows, a clock on two lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ui_common.qt import Qt, QtCore, QtGui, QtWidgets
from ui_common.texts import Lang
from ui_common.theme import BOLD, pixel_font
from ui_common.widgets import Clock, long_date

__all__ = [
    "BOLD",
    "ELLIPSIS",
    "FitLabel",
    "FitNumber",
    "Fitted",
    "TwoLineClock",
    "balanced_lines",
    "fit_lines",
]

ELLIPSIS = "…"
_LINE_BREAK = "\u2028"  # QTextLayout breaks a line here; "\n" it would draw as a box


@dataclass(frozen=True)
class Fitted:
    """The lines a text shows at a width, whether it had to be cut short, and how that is
    said at the end of the last line: "…", or the count of items left out ("+3")."""

    lines: tuple[str, ...]
    elided: bool
    mark: str = ""


def _lines_at(text: str, font: QtGui.QFont, width: int) -> list[str]:
    layout = QtGui.QTextLayout(text.replace("\n", _LINE_BREAK), font)
    option = QtGui.QTextOption()
    option.setWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    shown = layout.text()  # Qt's indices count UTF-16 units; Vietnamese is all in one unit
    return [shown[start : start + length].strip(f" {_LINE_BREAK}") for start, length in spans]


def fit_lines(text: str, font: QtGui.QFont, width: int, most: int, suffix: str = "") -> Fitted:
    """``text`` wrapped at ``width`` on at most ``most`` lines; when it needs more, the last
    line is cut with "…". ``suffix`` always ends the last line whole (e.g. "+3")."""
    whole = " ".join(part for part in (text, suffix) if part)
    lines = _lines_at(whole, font, width) if whole else []
    if len(lines) <= most:
        return Fitted(tuple(lines), False, suffix)
    metrics = QtGui.QFontMetrics(font)
    wrapped = _lines_at(text, font, width)
    room = width - (metrics.horizontalAdvance(" " + suffix) if suffix else 0)
    rest = " ".join(wrapped[most - 1 :]) + ELLIPSIS * 2  # cut, even where the rest would fit
    last = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max(1, room))
    mark = ELLIPSIS if last.endswith(ELLIPSIS) else ""
    return Fitted((*wrapped[: most - 1], f"{last} {suffix}" if suffix else last), True, mark)


def balanced_lines(text: str, font: QtGui.QFont, width: int) -> list[str]:
    """``text`` on as few lines as at ``width``, but each as even as they can be: the
    narrowest width that keeps that count, so that no word is left alone on the last line."""
    lines = _lines_at(text, font, width)
    if len(lines) < 2:
        return lines
    metrics = QtGui.QFontMetrics(font)
    low = max(metrics.horizontalAdvance(word) for word in text.split())  # words stay whole
    high = width
    while low < high:
        middle = (low + high) // 2
        if len(_lines_at(text, font, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return _lines_at(text, font, high)


class FitLabel(QtWidgets.QLabel):
    """Plain text on at most ``lines`` lines at the label's width, the last one ending in "…"
    when the text needs more (then the whole text is the tooltip, for a mouse or a long press).

    ``text()`` stays the whole text. ``set_items`` shows a list as far as it fits, then "+N".
    """

    def __init__(
        self,
        px: int,
        bold: bool = False,
        colour: str | None = None,
        lines: int = 1,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        super().__init__()
        self.setFont(pixel_font(px, BOLD if bold else QtGui.QFont.Weight.Normal))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Preferred
        )
        size_policy = self.sizePolicy()
        size_policy.setHeightForWidth(True)
        self.setSizePolicy(size_policy)
        if colour:
            self.setStyleSheet(f"color: {colour}; background: transparent;")
        self.lines = lines
        self._items: tuple[str, ...] = ()
        self._separator = "  "
        self._more: Callable[[int], str] | None = None
        self._prefix = ""
        self._fitted = Fitted((), False)
        self._fitted_at = -1
        self._said: tuple[str, tuple[str, ...], str] = ("", (), "")

    # --- what it shows ----------------------------------------------------------------------

    def setText(self, text: str) -> None:
        self._items, self._more, self._prefix = (), None, ""
        self._set_whole(text)

    def set_items(
        self,
        items: Sequence[str],
        more: Callable[[int], str],
        separator: str = "  ",
        prefix: str = "",
    ) -> None:
        """``prefix`` then as many of ``items`` as fit, then ``more(n)`` for the n left out."""
        self._items, self._more = tuple(items), more
        self._separator, self._prefix = separator, prefix
        self._set_whole(prefix + separator.join(items))

    def set_lines(self, lines: int) -> None:
        if lines != self.lines:
            self.lines = lines
            self._changed()

    def _set_whole(self, text: str) -> None:
        said = (text, self._items, self._more(1) if self._more else "")
        if said != self._said:  # the panel's timer sets its text every second
            self._said = said
            super().setText(text)
            self._changed()

    def _changed(self) -> None:
        self._fitted_at = -1
        self.updateGeometry()
        self.update()

    def fitted(self, width: int | None = None) -> Fitted:
        """The lines shown at ``width`` (the label's own by default)."""
        width = self.contentsRect().width() if width is None else width
        if width == self._fitted_at:
            return self._fitted
        fitted = self._fit(width)
        if width == self.contentsRect().width():
            self._fitted, self._fitted_at = fitted, width
            self.setToolTip(self.text() if fitted.elided else "")
        return fitted

    @property
    def elided(self) -> bool:
        return self.fitted().elided

    def _fit(self, width: int) -> Fitted:
        font = self.font()
        if not self._items or self._more is None:
            fitted = fit_lines(self.text(), font, width, self.lines)
            if fitted.elided or len(fitted.lines) < 2 or not self._centred():
                return fitted
            return Fitted(tuple(balanced_lines(self.text(), font, width)), False)
        count = len(self._items)
        for shown in range(count, 0, -1):
            text = self._prefix + self._separator.join(self._items[:shown])
            suffix = self._more(count - shown) if shown < count else ""
            fitted = fit_lines(text, font, width, self.lines, suffix)
            if not fitted.elided:
                return Fitted(fitted.lines, shown < count, suffix)
        return fitted  # not even the first item whole: it is cut, the "+N" kept

    def _centred(self) -> bool:
        """A centred text of several lines is balanced; a left-aligned one reads as a column."""
        return bool(self.alignment() & Qt.AlignmentFlag.AlignHCenter)

    # --- its size ---------------------------------------------------------------------------

    def _margins(self) -> QtCore.QSize:
        m = self.contentsMargins()
        return QtCore.QSize(m.left() + m.right(), m.top() + m.bottom())

    def _height_of(self, lines: int) -> int:
        metrics = self.fontMetrics()
        return max(1, lines) * metrics.lineSpacing() + self._margins().height()

    def sizeHint(self) -> QtCore.QSize:
        metrics = self.fontMetrics()
        width = max((metrics.horizontalAdvance(p) for p in self.text().split("\n")), default=0)
        return QtCore.QSize(width + self._margins().width() + 2, self._height_of(1))

    def minimumSizeHint(self) -> QtCore.QSize:
        metrics = self.fontMetrics()
        least = min(self.sizeHint().width(), metrics.horizontalAdvance("MMM" + ELLIPSIS))
        return QtCore.QSize(least, self._height_of(1))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = len(self.fitted(width - self._margins().width()).lines)
        return self._height_of(lines)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitted()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._changed()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        box = self.contentsRect()
        lines = self.fitted().lines
        step = self.fontMetrics().lineSpacing()
        top = box.top() + (box.height() - step * len(lines)) // 2
        if self.alignment() & Qt.AlignmentFlag.AlignTop:
            top = box.top()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        across = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        for index, line in enumerate(lines):
            row = QtCore.QRect(box.left(), top + index * step, box.width(), step)
            painter.drawText(row, across | Qt.AlignmentFlag.AlignVCenter, line)
        painter.end()


class FitNumber(QtWidgets.QLabel):
    """A ticket number as large as its room allows, between ``least_px`` and ``most_px``.

    Numbers are digits and capital letters (no marks above or below), so it is fitted to
    their height, not to a line's, and centred on it. Never cut: its minimum size holds the
    widest number at ``least_px``.
    """

    WIDEST = "A888"

    def __init__(
        self,
        least_px: int,
        most_px: int,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
    ) -> None:
        super().__init__()
        self.least_px, self.most_px = least_px, most_px
        self.setAlignment(align)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )

    def _box(self, px: int, text: str) -> QtCore.QSize:
        metrics = QtGui.QFontMetrics(pixel_font(px, BOLD))
        width = max(metrics.horizontalAdvance(text), metrics.horizontalAdvance(self.WIDEST))
        return QtCore.QSize(width + px // 8, round(metrics.capHeight() * 1.24) + px // 10)

    def sizeHint(self) -> QtCore.QSize:
        return self._box(self.most_px, self.text())

    def minimumSizeHint(self) -> QtCore.QSize:
        return self._box(self.least_px, self.text())

    def shown_px(self) -> int:
        """The pixel size it paints at in its present room."""
        room = self.contentsRect().size()
        low, high = self.least_px, self.most_px
        while low < high:
            middle = (low + high + 1) // 2
            box = self._box(middle, self.text())
            if box.width() <= room.width() and box.height() <= room.height():
                low = middle
            else:
                high = middle - 1
        return low

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        if not self.text():
            return
        painter = QtGui.QPainter(self)
        font = pixel_font(self.shown_px(), BOLD)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QtGui.QFontMetrics(font)
        box = self.contentsRect()
        width = metrics.horizontalAdvance(self.text())
        across = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        if across & Qt.AlignmentFlag.AlignLeft:
            left = box.left()
        elif across & Qt.AlignmentFlag.AlignRight:
            left = box.right() - width
        else:
            left = box.left() + (box.width() - width) // 2
        baseline = box.top() + (box.height() + metrics.capHeight()) // 2
        painter.drawText(QtCore.QPoint(left, baseline), self.text())
        painter.end()


class TwoLineClock(Clock):
    """The time, large, over the date in the site's words."""

    def __init__(self, time_px: int, date_px: int, lang: Lang = Lang.VI) -> None:
        self.time_px, self.date_px = time_px, date_px
        super().__init__(lang)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setFont(pixel_font(date_px))

    def refresh(self) -> None:
        now = datetime.now().astimezone()
        self.setText(
            f"<div style='font-size:{self.time_px}px; font-weight:700'>{now:%H:%M}</div>"
            f"<div style='font-size:{self.date_px}px'>{long_date(now, self.lang)}</div>"
        )
