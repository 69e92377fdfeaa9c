"""Building blocks of the kiosk's screens: labels, big buttons, tiles, a grid, a touch scroller."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence

from ui_common.qt import Qt, QtCore, QtGui, QtWidgets
from ui_common.theme import BOLD, PALETTE, pixel_font

__all__ = [
    "BODY_PX",
    "MIN_TOUCH",
    "Tile",
    "TileGrid",
    "Tone",
    "big_button",
    "clear_layout",
    "field_style",
    "label",
]

BODY_PX = 30
MIN_TOUCH = 120


class Tone(enum.StrEnum):
    PRIMARY = "primary"
    PRIORITY = "priority"
    OK = "ok"
    QUIET = "quiet"


_TONES = {
    Tone.PRIMARY: (PALETTE.primary, PALETTE.on_primary),
    Tone.PRIORITY: (PALETTE.accent, PALETTE.on_primary),
    Tone.OK: (PALETTE.ok, PALETTE.on_primary),
    Tone.QUIET: (PALETTE.surface, PALETTE.primary),
}


def label(
    text: str = "", px: int = BODY_PX, bold: bool = False, color: str | None = None
) -> QtWidgets.QLabel:
    widget = QtWidgets.QLabel(text)
    widget.setFont(pixel_font(px, BOLD if bold else QtGui.QFont.Weight.Normal))
    widget.setWordWrap(True)
    widget.setMinimumWidth(120)  # wrapped text must never widen its column past the screen
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setStyleSheet(f"color: {color or PALETTE.ink}; background: transparent;")
    return widget


def field_style(typed: bool = True) -> str:
    """The style of a box the citizen types into: ink once something is typed, muted while it
    shows what to type."""
    ink = PALETTE.ink if typed else PALETTE.muted
    return (
        f"background: {PALETTE.surface}; color: {ink};"
        f" border: 4px solid {PALETTE.primary}; border-radius: 14px; padding: 8px 20px;"
    )


def _button_style(tone: Tone) -> str:
    ground, ink = _TONES[tone]
    border = f"border: 4px solid {PALETTE.primary};" if tone is Tone.QUIET else "border: none;"
    return (
        f"QPushButton {{ background: {ground}; color: {ink}; {border} border-radius: 16px;"
        f" padding: 12px 28px; }}"
        f"QPushButton:pressed {{ background: {PALETTE.ink}; color: white; }}"
        f"QPushButton:disabled {{ background: {PALETTE.disabled_ground};"
        f" color: {PALETTE.disabled_ink}; border: none; }}"
    )


def big_button(
    text: str,
    tone: Tone = Tone.PRIMARY,
    px: int = 32,
    *,
    name: str = "",
    on_click: Callable[[], object] | None = None,
) -> QtWidgets.QPushButton:
    """A touch-sized button; ``name`` is its object name (what tests and the keypad find it
    by), ``on_click`` what a press does."""
    button = QtWidgets.QPushButton(text)
    button.setFont(pixel_font(px, BOLD))
    button.setMinimumHeight(MIN_TOUCH)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setStyleSheet(_button_style(tone))
    if name:
        button.setObjectName(name)
    if on_click is not None:
        button.clicked.connect(on_click)
    return button


class Tile(QtWidgets.QPushButton):
    """A big tile: a title that wraps, lines of detail under it; greyed with a reason."""

    def __init__(
        self, title: str, details: Sequence[str], tone: Tone = Tone.PRIMARY, title_px: int = 34
    ) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(170)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.setStyleSheet(_button_style(tone))
        self.title = label(title, title_px, bold=True)
        self.details = [label(text, BODY_PX) for text in details]
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(28, 20, 28, 20)
        self._layout.setSpacing(6)
        for part in (self.title, *self.details):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self._layout.addWidget(part)
        self._layout.addStretch(1)
        self._ink = _TONES[tone][1]
        self._paint_labels()

    def set_margins(self, left: int, top: int, right: int, bottom: int) -> None:
        self._layout.setContentsMargins(left, top, right, bottom)

    def text_lines(self) -> list[str]:
        return [self.title.text(), *(d.text() for d in self.details)]

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.EnabledChange:
            self._paint_labels()

    def _paint_labels(self) -> None:
        ink = self._ink if self.isEnabled() else PALETTE.disabled_ink
        for part in (self.title, *self.details):
            part.setStyleSheet(f"color: {ink}; background: transparent;")

    def sizeHint(self) -> QtCore.QSize:
        hint = self._layout.sizeHint()
        return QtCore.QSize(max(hint.width(), 200), max(hint.height(), self.minimumHeight()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self._layout.heightForWidth(width), self.minimumHeight())


class TileGrid(QtWidgets.QWidget):
    """Tiles in ``columns`` columns, row by row; the window sets the columns by orientation."""

    def __init__(self, columns: int = 2) -> None:
        super().__init__()
        self.columns = columns
        self.grid = QtWidgets.QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        self.widgets: list[QtWidgets.QWidget] = []

    def set_widgets(self, widgets: Sequence[QtWidgets.QWidget]) -> None:
        clear_layout(self.grid)
        self.widgets = list(widgets)
        self._place()

    def set_columns(self, columns: int) -> None:
        if columns != self.columns:
            self.columns = columns
            for widget in self.widgets:
                self.grid.removeWidget(widget)
            self._place()

    def _place(self) -> None:
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // self.columns, index % self.columns)
        rows = -(-len(self.widgets) // self.columns)
        self.grid.setRowStretch(rows, 1)  # tiles keep their height; the space goes below
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)


def key_button(
    text: str, height: int, px: int, ground: str | None = None, width: int = 0
) -> QtWidgets.QPushButton:
    """One key of an on-screen keyboard or keypad: outlined, or filled with ``ground``."""
    key = QtWidgets.QPushButton(text)
    key.setMinimumSize(width or height, height)
    key.setFixedHeight(height)
    key.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
    key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    key.setFont(pixel_font(px, QtGui.QFont.Weight.Bold))
    key.setStyleSheet(
        f"QPushButton {{ background: {ground or PALETTE.surface};"
        f" color: {'white' if ground else PALETTE.ink}; border: 3px solid {PALETTE.primary};"
        f" border-radius: 14px; padding: 0; }}"
        f"QPushButton:pressed {{ background: {PALETTE.highlight}; color: {PALETTE.ink}; }}"
    )
    return key


def clear_layout(layout: QtWidgets.QLayout) -> None:
    """Remove and delete every widget of ``layout`` (and of layouts inside it)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)
