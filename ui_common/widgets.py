"""Widgets the apps share: the reconnecting banner, an on-screen digit keypad, a clock, a
scroll area for fingers."""

from __future__ import annotations

from datetime import datetime

from queue_core.client import ConnectionState
from ui_common.qt import Qt, QTimer, QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, pixel_font


class ReconnectBanner(QtWidgets.QFrame):
    """A wide red band saying the core is away, or that another machine answers in its place
    (``ConnectionState.NOT_TRUSTED``); hidden while connected."""

    def __init__(self, lang: Lang = Lang.VI, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconnectBanner")
        self.setStyleSheet(
            f"#reconnectBanner {{ background: {PALETTE.warning_ground}; }}"
            f"#reconnectBanner QLabel {{ color: white; background: transparent; }}"
        )
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.title = QtWidgets.QLabel()
        self.title.setFont(pixel_font(34, pixel_font(1).Weight.Bold))
        self.detail = QtWidgets.QLabel()
        self.detail.setFont(pixel_font(24))
        for label in (self.title, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.lang, self.untrusted = lang, False
        self.set_lang(lang)
        self.hide()

    def set_lang(self, lang: Lang) -> None:
        self.lang = lang
        key = "core_not_trusted" if self.untrusted else "reconnecting"
        self.title.setText(tr(key, lang))
        self.detail.setText(tr(f"{key}_detail", lang))

    def show_state(self, state: ConnectionState) -> None:
        """Takes the bridge's ``connection_changed`` values."""
        self.show_away(state is not ConnectionState.CONNECTED, state)

    def show_away(self, away: bool, state: ConnectionState) -> None:
        """Shown while ``away``, saying which absence ``state`` is."""
        self.untrusted = state is ConnectionState.NOT_TRUSTED
        self.set_lang(self.lang)
        self.setVisible(away or self.untrusted)


class Keypad(QtWidgets.QWidget):
    """Big digit keys for a touchscreen: 1–9, delete, 0, OK."""

    digit = Signal(str)
    erase = Signal()
    confirm = Signal()

    def __init__(self, key_size: int = 120, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QtWidgets.QGridLayout(self)
        grid.setSpacing(16)
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✓"]
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        for index, label in enumerate(labels):
            button = QtWidgets.QPushButton(label)
            button.setFixedSize(key_size, key_size)
            button.setFont(pixel_font(key_size // 3, pixel_font(1).Weight.Bold))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if label == "⌫":
                button.clicked.connect(self.erase.emit)
            elif label == "✓":
                button.clicked.connect(self.confirm.emit)
                button.setStyleSheet(f"background: {PALETTE.ok};")
            else:
                button.clicked.connect(lambda _=False, d=label: self.digit.emit(d))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[label] = button


class Clock(QtWidgets.QLabel):
    """Date and time in the site's words, refreshed every second."""

    def __init__(self, lang: Lang = Lang.VI, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        now = datetime.now().astimezone()
        self.setText(f"{now:%H:%M}   {long_date(now, self.lang)}")


def long_date(moment: datetime, lang: Lang) -> str:
    weekday = tr(f"weekday_{moment.weekday()}", lang)
    return tr(
        "date_long", lang, weekday=weekday, day=moment.day, month=moment.month, year=moment.year
    )


def scroller(
    content: QtWidgets.QWidget, name: str = "", *, see_through: bool = False, bar_px: int = 48
) -> QtWidgets.QScrollArea:
    """``content`` scrolling up and down: dragged by a finger, or by a bar wide enough for
    one. ``see_through`` shows its parent's ground (a card's), for lines that may outgrow
    their room rather than push the window past its screen."""
    area = QtWidgets.QScrollArea()
    area.setObjectName(name or "scroller")
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if see_through:
        own = area.objectName()
        area.setStyleSheet(f"#{own}, #{own} > QWidget > QWidget {{ background: transparent; }}")
        area.viewport().setAutoFillBackground(False)
    area.verticalScrollBar().setStyleSheet(
        # the bar keeps 8 px from what it scrolls, so that no digit touches it
        f"QScrollBar:vertical {{ width: {bar_px + 8}px; background: transparent; margin: 0; }}"
        f"QScrollBar::handle:vertical {{ background: {PALETTE.primary}; border-radius: 12px;"
        f" min-height: {bar_px * 5 // 2}px; margin-left: 8px; }}"
        "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
        f"QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ margin-left: 8px;"
        f" background: {PALETTE.disabled_ground}; border-radius: 12px; }}"
    )
    QtWidgets.QScroller.grabGesture(
        area.viewport(), QtWidgets.QScroller.ScrollerGestureType.TouchGesture
    )
    return area
