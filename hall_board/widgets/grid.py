"""The counters grid: every counter of the zone with the ticket it serves, or paused/closed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hall_board.model import BoardModel
from hall_board.state import CounterView
from hall_board.widgets.paint import BOLD, MEDIUM, fit_font, mix, put_text
from queue_core.client import CounterState
from ui_common import tr
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["CounterGrid", "grid_shape"]

CELL_ASPECT = 1.6
"""A cell's preferred width over its height."""
GAP = 10
COMPACT_BELOW_PX = 130
"""Cells lower than this put the counter's number beside the ticket, not above it."""
WIDEST_TICKET = "A888"
TAG_SHARE = 0.27


def grid_shape(count: int, width: float, height: float) -> tuple[int, int]:
    """(columns, rows) that give the largest cells of about CELL_ASPECT for ``count`` counters."""
    best, best_size = (1, max(1, count)), -1.0
    for columns in range(1, max(1, count) + 1):
        rows = math.ceil(count / columns)
        size = min(width / columns / CELL_ASPECT, height / rows)
        if size > best_size:
            best, best_size = (columns, rows), size
    return best


@dataclass(frozen=True)
class _Fonts:
    """One size per kind of text for the whole grid, fitted to its widest text."""

    label: QtGui.QFont
    ticket: QtGui.QFont
    state: QtGui.QFont


def _states() -> list[str]:
    return [tr("board_counter_paused"), tr("board_counter_closed")]


class CounterGrid(QtWidgets.QWidget):
    def __init__(self, model: BoardModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.counters_changed.connect(self.update)
        model.now_changed.connect(self.update)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        counters = self.model.counters()
        if not counters:
            return
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        columns, rows = grid_shape(len(counters), self.width(), self.height())
        width, height = self.width() / columns, self.height() / rows
        compact = height - GAP < COMPACT_BELOW_PX
        fonts = self._fonts(width - GAP, height - GAP, compact, max(c.number for c in counters))
        for i, counter in enumerate(counters):
            row, column = divmod(i, columns)
            cell = QtCore.QRectF(column * width, row * height, width, height)
            cell = cell.adjusted(GAP / 2, GAP / 2, -GAP / 2, -GAP / 2)
            self._paint_ground(painter, cell, counter)
            if compact:
                self._paint_compact(painter, cell, counter, fonts)
            else:
                self._paint_tall(painter, cell, counter, fonts)
        painter.end()

    def _fonts(self, w: float, h: float, compact: bool, last: int) -> _Fonts:
        widest_state = max(_states(), key=len)
        if compact:
            main_w, inner_h = w * (1 - TAG_SHARE) - 16, h - 8
            return _Fonts(
                fit_font(str(last), w * TAG_SHARE - 10, h - 12, BOLD),
                fit_font(WIDEST_TICKET, main_w, inner_h, BOLD),
                fit_font(widest_state, main_w, inner_h * 0.6, MEDIUM),
            )
        inner_w, inner_h = w - 16, h - 8
        return _Fonts(
            fit_font(tr("counter_n", n=last), inner_w, inner_h * 0.34, MEDIUM, most=40),
            fit_font(WIDEST_TICKET, inner_w, inner_h * 0.66, BOLD, most=120),
            fit_font(widest_state, inner_w, inner_h * 0.46, MEDIUM, most=48),
        )

    def _paint_ground(
        self, painter: QtGui.QPainter, cell: QtCore.QRectF, counter: CounterView
    ) -> None:
        look, now = self.model.appearance, self.model.now
        lit = self.model.highlighted and now is not None and now.counter == counter.number
        closed = counter.phase is CounterState.CLOSED
        painter.setBrush(mix(look.ground, look.panel, 0.4 if closed else 1.0))
        edge = QtGui.QColor(look.number if lit else look.panel)
        painter.setPen(QtGui.QPen(edge, 5 if lit else 1))
        painter.drawRoundedRect(cell, 12, 12)

    def _main_text(self, counter: CounterView) -> tuple[str, bool]:
        """The ticket served, or what the counter is doing; True when it is a ticket."""
        if counter.ticket is not None:
            return counter.ticket, True
        if counter.phase is CounterState.PAUSED:
            return tr("board_counter_paused"), False
        if counter.phase is CounterState.CLOSED:
            return tr("board_counter_closed"), False
        return "—", False

    def _paint_tall(
        self, painter: QtGui.QPainter, cell: QtCore.QRectF, counter: CounterView, fonts: _Fonts
    ) -> None:
        """ "Quầy 12" over the ticket, for cells with room for two lines."""
        look = self.model.appearance
        inner = cell.adjusted(8, 4, -8, -4)
        h = inner.height()
        closed = counter.phase is CounterState.CLOSED
        label = QtCore.QRectF(inner.x(), inner.y(), inner.width(), h * 0.34)
        name = tr("counter_n", n=counter.number)
        put_text(painter, label, name, look.muted if closed else look.ink, fonts.label)
        main = QtCore.QRectF(inner.x(), inner.y() + h * 0.34, inner.width(), h * 0.66)
        text, is_ticket = self._main_text(counter)
        colour, font = (look.number, fonts.ticket) if is_ticket else (look.muted, fonts.state)
        put_text(painter, main, text, colour, font)

    def _paint_compact(
        self, painter: QtGui.QPainter, cell: QtCore.QRectF, counter: CounterView, fonts: _Fonts
    ) -> None:
        """The counter's number in a box on the left, the ticket large on the right."""
        look = self.model.appearance
        tag = QtCore.QRectF(cell.x(), cell.y(), cell.width() * TAG_SHARE, cell.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(look.panel, look.ink, 0.16))
        painter.drawRoundedRect(tag, 12, 12)
        closed = counter.phase is CounterState.CLOSED
        put_text(painter, tag, str(counter.number), look.muted if closed else look.ink, fonts.label)
        main = QtCore.QRectF(tag.right() + 6, cell.y() + 4, cell.right() - tag.right() - 12,
                             cell.height() - 8)  # fmt: skip
        text, is_ticket = self._main_text(counter)
        colour, font = (look.number, fonts.ticket) if is_ticket else (look.muted, fonts.state)
        put_text(painter, main, text, colour, font)
