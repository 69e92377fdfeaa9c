"""The "now calling" panel: the number and its counter, the largest things on the screen."""

from __future__ import annotations

from hall_board.model import BoardModel
from hall_board.widgets.paint import BOLD, MEDIUM, draw_text, fit_font, ink_font, noted, put_ink
from ui_common import tr
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets, Signal

__all__ = ["NowCallingPanel"]

LEFT = Qt.AlignmentFlag.AlignLeft
COUNTER_SHARE = 0.45
"""At most this share of the counter's row for its digits: the words "→ ĐẾN QUẦY" need the rest."""


class NowCallingPanel(QtWidgets.QWidget):
    frame_shown = Signal(int)
    """The seq of the call a frame just painted showed (for the latency bench)."""

    def __init__(self, model: BoardModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._blink = True
        self._blinker = QtCore.QTimer(self)
        self._blinker.setInterval(600)
        self._blinker.timeout.connect(self._toggle)
        model.now_changed.connect(self._now_changed)
        model.site_changed.connect(self.update)

    def _now_changed(self) -> None:
        if self.model.highlighted:
            self._blink = True
            self._blinker.start()
        else:
            self._blinker.stop()
        self.update()

    def _toggle(self) -> None:
        self._blink = not self._blink
        self.update()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        look = self.model.appearance
        box = QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)
        lit = self.model.highlighted
        edge = look.number if self._blink else look.ink
        painter.setBrush(QtGui.QColor(look.panel))
        painter.setPen(QtGui.QPen(QtGui.QColor(edge if lit else look.panel), 10))
        painter.drawRoundedRect(box, 24, 24)
        self._paint_call(painter, box.adjusted(28, 16, -28, -16))
        painter.end()
        if self.model.now is not None:
            self.frame_shown.emit(self.model.now.seq)

    def _paint_call(self, painter: QtGui.QPainter, box: QtCore.QRectF) -> None:
        look, call = self.model.appearance, self.model.now
        h = box.height()
        head = QtCore.QRectF(box.x(), box.y(), box.width(), h * 0.1)
        if call is not None and call.appointment:  # a booked holder, called at their slot
            slot = call.appointment
            mark = f"{tr('board_appointment', time=slot)} · "
            mark += tr("board_appointment", "en", time=slot)
            draw_text(painter, head, mark, look.number, BOLD, LEFT, most=56)
        else:
            title = f"{tr('board_now_calling')} · {tr('board_now_calling', 'en')}"
            draw_text(painter, head, title, look.ink, MEDIUM, LEFT, most=56)
        if call is None:
            rest = QtCore.QRectF(box.x(), box.y() + h * 0.3, box.width(), h * 0.2)
            text = f"{tr('board_no_calls')} · {tr('board_no_calls', 'en')}"
            draw_text(painter, rest, text, look.muted, MEDIUM, most=60)
            return
        number = QtCore.QRectF(box.x(), box.y() + h * 0.11, box.width(), h * 0.345)
        counter = QtCore.QRectF(box.x(), box.y() + h * 0.505, box.width(), h * 0.345)
        big = self._call_font(call.ticket, str(call.counter), number, counter)
        put_ink(painter, number, call.ticket, look.number, big)
        self._paint_counter(painter, counter, str(call.counter), big)
        foot = QtCore.QRectF(box.x(), box.y() + h * 0.87, box.width(), h * 0.13)
        self._paint_foot(painter, foot)

    @staticmethod
    def _call_font(
        ticket: str, counter: str, number: QtCore.QRectF, row: QtCore.QRectF
    ) -> QtGui.QFont:
        """One size for the ticket's number and the counter's, as large as both fit: the two
        things read from the back of the hall (docs/board.md, "Read from 10 m")."""
        ticket_font = ink_font(ticket, number.width(), number.height())
        counter_font = ink_font(counter, row.width() * COUNTER_SHARE, row.height())
        return min(ticket_font, counter_font, key=lambda font: font.pixelSize())

    def _paint_counter(
        self, painter: QtGui.QPainter, row: QtCore.QRectF, digits: str, big: QtGui.QFont
    ) -> None:
        """ "→ ĐẾN QUẦY" in what width the counter's digits leave, on the digits' baseline."""
        look = self.model.appearance
        digits_w = QtGui.QFontMetricsF(big).tightBoundingRect(digits).width()
        gap = row.height() * 0.15
        words = f"→ {tr('board_to_counter')}"
        small = fit_font(words, row.width() - digits_w - gap, row.height() * 0.4)
        words_w = QtGui.QFontMetricsF(small).horizontalAdvance(words)
        left = row.x() + (row.width() - words_w - gap - digits_w) / 2
        place = QtCore.QRectF(left + words_w + gap, row.y(), digits_w, row.height())
        baseline = put_ink(painter, place, digits, look.number, big)
        painter.setFont(small)
        painter.setPen(QtGui.QColor(look.ink))
        painter.drawText(QtCore.QPointF(left, baseline), noted(words))

    def _paint_foot(self, painter: QtGui.QPainter, foot: QtCore.QRectF) -> None:
        look, call = self.model.appearance, self.model.now
        assert call is not None
        pending = self.model.pending()
        if pending:
            line = "   ".join(f"{c.ticket} → {c.counter}" for c in pending[:4])
            text = f"{tr('board_next_up')} / {tr('board_next_up', 'en')}:  {line}"
            draw_text(painter, foot, text, look.ink, MEDIUM, LEFT, most=48)
            return
        service = call.service + (f" · {call.service_en}" if call.service_en else "")
        if call.recall:
            service = f"{tr('board_recall')} / {tr('board_recall', 'en')} · {service}"
        draw_text(painter, foot, service, look.muted, MEDIUM, LEFT, most=44)
