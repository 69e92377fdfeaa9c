"""The board's window: the panels laid out for a landscape or a portrait screen."""

from __future__ import annotations

import enum

from hall_board.model import BoardModel
from hall_board.slots import SlotKind
from hall_board.widgets.dossiers import DossierPanel
from hall_board.widgets.grid import CounterGrid
from hall_board.widgets.now import NowCallingPanel
from hall_board.widgets.panels import FiguresPanel, RecentPanel, Ticker, TopBar
from ui_common.qt import QtGui, QtWidgets

__all__ = ["BoardWindow", "Orientation"]


class Orientation(enum.StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


MANY_COUNTERS = 24
SIZES = {Orientation.LANDSCAPE: (1920, 1080), Orientation.PORTRAIT: (1080, 1920)}


class BoardWindow(QtWidgets.QWidget):
    def __init__(
        self,
        model: BoardModel,
        orientation: Orientation = Orientation.LANDSCAPE,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle("Lượt — bảng gọi số")
        self.top = TopBar(model)
        self.now = NowCallingPanel(model)
        self.recent = RecentPanel(model)
        self.grid = CounterGrid(model)
        self.figures = FiguresPanel(model)
        self.dossiers = DossierPanel(model)
        self.slot = QtWidgets.QStackedWidget()
        """The rotating slot: waiting and today's figures, then the month's dossiers."""
        self.slot.addWidget(self.figures)
        self.slot.addWidget(self.dossiers)
        model.slot_changed.connect(self._turn_slot)
        self.ticker = Ticker(model)
        if orientation is Orientation.LANDSCAPE:
            self._landscape()
        else:
            self._portrait()
        self.resize(*SIZES[orientation])
        model.site_changed.connect(self._recolour)
        self._recolour()
        self._turn_slot()

    def _landscape(self) -> None:
        self.top.setFixedHeight(100)
        self.ticker.setFixedHeight(76)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.now, 62)
        left.addWidget(self.recent, 38)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.grid, 70)
        right.addWidget(self.slot, 30)
        middle = QtWidgets.QHBoxLayout()
        middle.addLayout(left, 46)
        middle.addLayout(right, 54)
        self._stack(middle)
        self._columns, self._right = middle, right
        self.model.counters_changed.connect(self._balance)
        self._balance()

    def _balance(self) -> None:
        """Many counters get more of the screen; the call on show stays the largest text."""
        many = len(self.model.counters()) > MANY_COUNTERS
        self._columns.setStretch(0, 38 if many else 46)
        self._columns.setStretch(1, 62 if many else 54)
        self._right.setStretch(0, 75 if many else 70)
        self._right.setStretch(1, 25 if many else 30)

    def _portrait(self) -> None:
        self.top.setFixedHeight(110)
        self.ticker.setFixedHeight(84)
        middle = QtWidgets.QVBoxLayout()
        middle.addWidget(self.now, 30)
        middle.addWidget(self.recent, 16)
        middle.addWidget(self.grid, 38)
        middle.addWidget(self.slot, 16)
        self._stack(middle)

    def _stack(self, middle: QtWidgets.QLayout) -> None:
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 0)
        outer.setSpacing(8)
        outer.addWidget(self.top)
        outer.addLayout(middle, 1)
        outer.addWidget(self.ticker)

    def _turn_slot(self) -> None:
        figures = self.model.slot.kind is SlotKind.FIGURES
        self.slot.setCurrentWidget(self.figures if figures else self.dossiers)

    def _recolour(self) -> None:
        palette = self.palette()
        palette.setColor(
            QtGui.QPalette.ColorRole.Window, QtGui.QColor(self.model.appearance.ground)
        )
        self.setPalette(palette)
        self.setAutoFillBackground(True)
