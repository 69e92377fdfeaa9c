"""The rating faces, drawn with QPainter (no emoji font needed): one big touch target each."""

from __future__ import annotations

from counter_display.parts import Fitted, fit_lines
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets
from ui_common.theme import PALETTE, pixel_font

MIN_WIDTH = 180
MIN_FACE = 140
TEXT_HEIGHT = 90
"""Two lines of the level's words under the face."""

_HAPPY, _MIDDLE, _SAD = QtGui.QColor("#0F7B3F"), QtGui.QColor("#C98A00"), QtGui.QColor("#C8102E")


def mood_colour(mood: float) -> QtGui.QColor:
    """Green for +1, amber for 0, red for -1, blended between."""
    a, b, t = (_MIDDLE, _HAPPY, mood) if mood >= 0 else (_MIDDLE, _SAD, -mood)
    return QtGui.QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def paint_face(painter: QtGui.QPainter, box: QtCore.QRectF, mood: float) -> None:
    """A round face in ``box``: eyes, brows for the unhappy, a mouth curved by ``mood``."""
    size = min(box.width(), box.height())
    face = QtCore.QRectF(0, 0, size, size)
    face.moveCenter(box.center())
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(mood_colour(mood))
    painter.drawEllipse(face)
    ink = QtGui.QColor("white")
    c, r = face.center(), size / 2
    painter.setBrush(ink)
    for side in (-1, 1):
        eye = QtCore.QPointF(c.x() + side * r * 0.36, c.y() - r * 0.22)
        painter.drawEllipse(eye, r * 0.11, r * 0.13)
    pen = QtGui.QPen(ink, max(3.0, r * 0.11))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    if mood < -0.5:
        for side in (-1, 1):
            inner = QtCore.QPointF(c.x() + side * r * 0.18, c.y() - r * 0.58)
            outer = QtCore.QPointF(c.x() + side * r * 0.52, c.y() - r * 0.46)
            painter.drawLine(inner, outer)
    mouth_y = c.y() + r * 0.36
    half = r * 0.46
    bend = r * 0.32 * mood
    path = QtGui.QPainterPath(QtCore.QPointF(c.x() - half, mouth_y - bend / 2))
    path.quadTo(
        QtCore.QPointF(c.x(), mouth_y + bend * 1.5),
        QtCore.QPointF(c.x() + half, mouth_y - bend / 2),
    )
    painter.drawPath(path)


class FaceButton(QtWidgets.QAbstractButton):
    """A face and its words under it; the whole tile is the touch target."""

    def __init__(
        self, mood: float, text: str, face_size: int = 200, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.mood = mood
        self.face_size = face_size
        self.setText(text)
        self.setFont(pixel_font(30, pixel_font(1).Weight.Bold))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(MIN_WIDTH, min(face_size, MIN_FACE) + TEXT_HEIGHT + 40)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(self.face_size + 60, self.face_size + 130)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        tile = QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(PALETTE.surface if not self.isDown() else "#E3E8F2"))
        painter.drawRoundedRect(tile, 28, 28)
        text_height = TEXT_HEIGHT if self.text() else 20  # a face alone sits in the middle
        face_box = QtCore.QRectF(
            tile.left(), tile.top() + 20, tile.width(), tile.height() - text_height - 20
        )
        side = min(face_box.height(), face_box.width() - 20, float(self.face_size))
        square = QtCore.QRectF(0, 0, side, side)
        square.moveCenter(face_box.center())
        paint_face(painter, square, self.mood)
        if self.text():
            painter.setPen(QtGui.QColor(PALETTE.ink))
            painter.setFont(self.font())
            words = QtCore.QRectF(
                tile.left() + 8, tile.bottom() - text_height, tile.width() - 16, text_height - 10
            )
            lines = self.words(round(words.width())).lines
            painter.drawText(words, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))
        painter.end()

    def words(self, width: int) -> Fitted:
        """The level's words as drawn under the face: two lines at most, then "…"."""
        return fit_lines(self.text(), self.font(), width, 2)
