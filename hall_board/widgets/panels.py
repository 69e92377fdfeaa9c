"""The smaller panels: the top bar (site, date, clock), recent calls, waiting and today, ticker."""

from __future__ import annotations

from datetime import datetime

from hall_board.model import BoardModel
from hall_board.widgets.logo import logo_image
from hall_board.widgets.paint import BOLD, MEDIUM, REGULAR, draw_text, noted, put_text
from queue_core.client import ConnectionState
from ui_common import pixel_font, tr
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["FiguresPanel", "RecentPanel", "Ticker", "TopBar", "date_text"]

LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
NARROW_BELOW_PX = 1400
WAITING_ROWS = 4
"""The busiest agencies shown (the rest would make every line too small to read)."""


def date_text(moment: datetime) -> str:
    """ "Thứ Tư, ngày 25/11/2026" (the catalogue's Vietnamese form)."""
    weekday = tr(f"weekday_{moment.weekday()}")
    return tr("date_long", weekday=weekday, day=moment.day, month=moment.month, year=moment.year)


def _panel(painter: QtGui.QPainter, rect: QtCore.QRectF, colour: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QtGui.QColor(colour))
    painter.drawRoundedRect(rect, 18, 18)


class TopBar(QtWidgets.QWidget):
    def __init__(self, model: BoardModel, clock: type[datetime] = datetime,
                 parent: QtWidgets.QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.model = model
        self.clock = clock
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.update)
        self._timer.start(1000)
        model.site_changed.connect(self.update)
        model.connection_changed.connect(self._connection_changed)

    def _connection_changed(self, _state: ConnectionState) -> None:
        self.update()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        look, h, w = self.model.appearance, self.height(), self.width()
        x = self._paint_logo(painter, self.model.logo)
        now = self.clock.now()
        clock_w = h * 2.6
        narrow = w < NARROW_BELOW_PX  # portrait: the date goes under the name
        name_w = (w - clock_w - 20 if narrow else w * 0.55) - x
        name = QtCore.QRectF(x, 0, name_w, h * 0.62)
        draw_text(painter, name, self.model.site_name, look.ink, BOLD, LEFT, most=48)
        sub = QtCore.QRectF(x, h * 0.6, name_w, h * 0.38)
        under = date_text(now) if narrow else self.model.site_name_en
        draw_text(painter, sub, under, look.muted, MEDIUM if narrow else REGULAR, LEFT, most=30)
        if not narrow:
            date = QtCore.QRectF(w * 0.55, 0, w * 0.45 - clock_w - 20, h)
            draw_text(painter, date, date_text(now), look.ink, MEDIUM, RIGHT, most=40)
        clock = QtCore.QRectF(w - clock_w, 0, clock_w, h)
        draw_text(
            painter, clock, now.strftime("%H:%M"), look.number, BOLD, RIGHT, most=int(h * 0.8)
        )
        if self.model.connection is not ConnectionState.CONNECTED:
            banner = QtCore.QRectF(w * 0.25, h * 0.1, w * 0.5, h * 0.8)
            _panel(painter, banner, look.accent)
            untrusted = self.model.connection is ConnectionState.NOT_TRUSTED
            said = tr("core_not_trusted" if untrusted else "reconnecting")
            draw_text(painter, banner.adjusted(12, 4, -12, -4), said, "#FFFFFF", BOLD)
        painter.end()

    def _paint_logo(self, painter: QtGui.QPainter, logo: bytes | None) -> float:
        """The logo at the left, as high as the bar allows; the x where the name starts."""
        image = logo_image(logo, self.height() - 12) if logo else None
        if image is None:
            return 0.0
        painter.drawImage(QtCore.QPointF(0, 6), image)
        return image.width() + 24.0


class RecentPanel(QtWidgets.QWidget):
    """The calls before the one on show, newest first: "1023 → 5", in two columns."""

    def __init__(self, model: BoardModel, columns: int = 2,
                 parent: QtWidgets.QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.model = model
        self.columns = columns
        model.recent_changed.connect(self.update)
        model.site_changed.connect(self.update)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        look = self.model.appearance
        box = QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)
        _panel(painter, box, look.panel)
        head = QtCore.QRectF(box.x() + 24, box.y() + 8, box.width() - 48, box.height() * 0.16)
        title = f"{tr('board_recent')} · {tr('board_recent', 'en')}"
        draw_text(painter, head, title, look.ink, MEDIUM, LEFT, most=40)
        rows = 8 // self.columns
        top = head.bottom() + 4
        cell_w = (box.width() - 48) / self.columns
        cell_h = (box.bottom() - top - 8) / rows
        for i, call in enumerate(self.model.recent()):
            column, row = divmod(i, rows)
            cell = QtCore.QRectF(box.x() + 24 + column * cell_w, top + row * cell_h, cell_w, cell_h)
            self._paint_row(painter, cell.adjusted(0, 2, -24, -2), call.ticket, call.counter)
        painter.end()

    def _paint_row(
        self, painter: QtGui.QPainter, cell: QtCore.QRectF, ticket: str, counter: int
    ) -> None:
        look = self.model.appearance
        split = cell.width() * 0.5
        draw_text(painter, QtCore.QRectF(cell.x(), cell.y(), split, cell.height()), ticket,
                  look.number, BOLD, LEFT, most=72)  # fmt: skip
        arrow = QtCore.QRectF(cell.x() + split, cell.y(), cell.width() - split, cell.height())
        draw_text(
            painter, arrow, f"→ {tr('counter_n', n=counter)}", look.ink, MEDIUM, RIGHT, most=56
        )


class FiguresPanel(QtWidgets.QWidget):
    """People waiting per agency, and today's figures."""

    def __init__(self, model: BoardModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.figures_changed.connect(self.update)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        look = self.model.appearance
        box = QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)
        _panel(painter, box, look.panel)
        inner = box.adjusted(24, 10, -24, -10)
        left = QtCore.QRectF(inner.x(), inner.y(), inner.width() * 0.56, inner.height())
        right = QtCore.QRectF(
            left.right() + 30, inner.y(), inner.right() - left.right() - 30, inner.height()
        )
        self._paint_waiting(painter, left)
        self._paint_today(painter, right)
        painter.end()

    def _lines(self, painter: QtGui.QPainter, box: QtCore.QRectF, title: str,
               lines: list[tuple[str, str]]) -> None:  # fmt: skip
        look = self.model.appearance
        rows = max(len(lines), 4) + 1
        h = box.height() / rows
        draw_text(
            painter,
            QtCore.QRectF(box.x(), box.y(), box.width(), h),
            title,
            look.ink,
            MEDIUM,
            LEFT,
            most=34,
        )
        label_font = pixel_font(max(10, min(30, int(h * 0.62))), REGULAR)
        value_font = pixel_font(max(10, min(34, int(h * 0.7))), BOLD)
        elide = QtGui.QFontMetricsF(label_font)
        for i, (label, value) in enumerate(lines, start=1):
            row = QtCore.QRectF(box.x(), box.y() + i * h, box.width(), h)
            room = box.width() - QtGui.QFontMetricsF(value_font).horizontalAdvance(value) - 16
            shown = elide.elidedText(label, Qt.TextElideMode.ElideRight, room)
            put_text(painter, row, shown, look.muted, label_font, LEFT)
            put_text(painter, row, value, look.number, value_font, RIGHT)

    def _paint_waiting(self, painter: QtGui.QPainter, box: QtCore.QRectF) -> None:
        busiest = sorted(self.model.waiting, key=lambda a: -a.waiting)[:WAITING_ROWS]  # stable
        lines = [(a.name, tr("board_people", n=a.waiting)) for a in busiest]
        title = f"{tr('board_waiting')} · {tr('board_waiting', 'en')}"
        self._lines(painter, box, title, lines)

    def _paint_today(self, painter: QtGui.QPainter, box: QtCore.QRectF) -> None:
        today = self.model.today
        share = (
            "—"
            if today.within_target_share is None
            else tr("board_percent", n=round(today.within_target_share * 100))
        )
        wait = (
            "—"
            if today.average_wait_minutes is None
            else tr("minutes", n=round(today.average_wait_minutes))
        )
        lines = [
            (tr("board_issued"), str(today.issued)),
            (tr("board_served"), str(today.served)),
            (tr("board_within_target"), share),
            (tr("board_average_wait"), wait),
        ]
        self._lines(painter, box, f"{tr('board_today')} · {tr('board_today', 'en')}", lines)


class Ticker(QtWidgets.QWidget):
    """The notices, one after another, scrolling right to left."""

    SPEED_PX = 3
    FRAME_MS = 30

    def __init__(self, model: BoardModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.offset = 0.0
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._step)
        self._timer.start(self.FRAME_MS)
        model.notices_changed.connect(self._restart)

    def text(self) -> str:
        return "     •     ".join(self.model.notices)

    def _restart(self) -> None:
        self.offset = 0.0
        self.update()

    def _step(self) -> None:
        if self.model.notices:
            self.offset += self.SPEED_PX
            self.update()

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        text = noted(self.text())
        if not text:
            return
        painter = QtGui.QPainter(self)
        look = self.model.appearance
        painter.fillRect(self.rect(), QtGui.QColor(look.panel))
        font = pixel_font(int(self.height() * 0.55), MEDIUM)
        painter.setFont(font)
        painter.setPen(QtGui.QColor(look.ink))
        span = QtGui.QFontMetricsF(font).horizontalAdvance(text + "     •     ")
        x = self.width() - (self.offset % (span + self.width()))
        while x < self.width():
            painter.drawText(
                QtCore.QRectF(x, 0, span, self.height()), int(Qt.AlignmentFlag.AlignVCenter), text
            )
            x += span
        painter.end()
