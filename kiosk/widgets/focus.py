"""The keypad's focus on screen: the choices a screen offers, and the ring around the focused one.

The ring is three bands, ink, yellow, ink (``RING``), drawn across the button's edge: whatever
the button's colour and the ground's around it, one band of it stands at least 3:1 against
each (tests/kiosk/test_keypad.py measures it on the palette)."""

from __future__ import annotations

from kiosk.keypad import Spot
from ui_common.qt import QObject, Qt, QtCore, QtGui, QtWidgets
from ui_common.theme import PALETTE

__all__ = ["RING", "RING_BAND", "FocusRing", "choices"]

RING = (PALETTE.ink, PALETTE.highlight, PALETTE.ink)
"""The ring's bands, outside in."""
RING_BAND = 5
"""Each band's width in pixels: the ring is 15 px thick."""


def _key(button: QtWidgets.QAbstractButton, seen: set[str]) -> str:
    key = button.objectName() or f"text:{button.text()}"
    base, n = key, 1
    while key in seen:  # two keys of the same words (never on one screen today)
        n += 1
        key = f"{base}#{n}"
    seen.add(key)
    return key


def choices(window: QtWidgets.QWidget) -> dict[str, tuple[Spot, QtWidgets.QAbstractButton]]:
    """Every button the citizen can see on ``window`` now (scrolled away ones too), keyed."""
    found: dict[str, tuple[Spot, QtWidgets.QAbstractButton]] = {}
    seen: set[str] = set()
    for button in window.findChildren(QtWidgets.QAbstractButton):
        if not button.isVisibleTo(window) or button.width() <= 0:
            continue
        corner = button.mapTo(window, QtCore.QPoint(0, 0))
        key = _key(button, seen)
        spot = Spot(key, corner.x(), corner.y(), button.width(), button.height())
        found[key] = (spot, button)
    return found


def _scroll_to(button: QtWidgets.QWidget) -> None:
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QScrollArea):
            parent.ensureWidgetVisible(button, 24, 24)
            return
        parent = parent.parentWidget()


class FocusRing(QtWidgets.QWidget):
    """Drawn over the whole window, it lets touches through and rings one button."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setObjectName("focusRing")
        self.target: QtWidgets.QWidget | None = None

    def ring(self, button: QtWidgets.QWidget | None) -> None:
        """Ring ``button`` (scrolled into view), or nothing."""
        if self.target is not None and self.target is not button:
            self.target.removeEventFilter(self)
        if button is not None and button is not self.target:
            button.installEventFilter(self)
        self.target = button
        if button is not None:
            _scroll_to(button)
        window = self.parentWidget()
        assert window is not None
        self.setGeometry(window.rect())
        self.raise_()
        self.setVisible(button is not None)
        self.update()

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (QtCore.QEvent.Type.Move, QtCore.QEvent.Type.Resize):
            self.update()  # scrolled, or laid out anew
        elif event.type() in (QtCore.QEvent.Type.Hide, QtCore.QEvent.Type.DeferredDelete):
            self.ring(None)
        return False

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        target, window = self.target, self.parentWidget()
        if target is None or window is None or not target.isVisible():
            return
        corner = target.mapTo(window, QtCore.QPoint(0, 0))
        rect = QtCore.QRectF(corner.x(), corner.y(), target.width(), target.height())
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        half = RING_BAND * len(RING) / 2  # across the button's edge: half out, half in
        for index, colour in enumerate(RING):
            inset = -half + RING_BAND * (index + 0.5)
            pen = QtGui.QPen(QtGui.QColor(colour), RING_BAND)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 18, 18)
        painter.end()
