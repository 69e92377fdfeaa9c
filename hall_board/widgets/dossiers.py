"""The rotating slot's dossier pages: this month per agency, and the codes ready to collect.

Codes and counts only: the view-model holds no holder's name, so none can be painted.
"""

from __future__ import annotations

from hall_board.model import BoardModel
from hall_board.slots import DOSSIER_ROWS, READY_PER_PAGE, SlotKind, SlotPage
from hall_board.widgets.paint import BOLD, MEDIUM, REGULAR, draw_text, fit_font, put_text
from queue_core.client import AgencyDossiers
from ui_common import pixel_font, tr
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["DossierPanel", "month_text", "share_text"]

LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CODE_COLUMNS = 2
COLUMNS = (0.5, 0.15, 0.19, 0.16)
"""Agency, received, resolved, on time: shares of the width."""


def month_text(month: str) -> str:
    """ "2026-11" → "11/2026" (read alike in Vietnamese and English)."""
    year, _, number = month.partition("-")
    return f"{int(number)}/{year}" if number.isdigit() else month


def share_text(share: float | None) -> str:
    return "—" if share is None else tr("board_percent", n=round(share * 100))


class DossierPanel(QtWidgets.QWidget):
    def __init__(self, model: BoardModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.slot_changed.connect(self.update)
        model.site_changed.connect(self.update)

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        page = self.model.slot
        if page.kind is SlotKind.FIGURES:
            return
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        look = self.model.appearance
        box = QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(look.panel))
        painter.drawRoundedRect(box, 18, 18)
        inner = box.adjusted(24, 10, -24, -10)
        if page.kind is SlotKind.DOSSIERS:
            self._paint_month(painter, inner, page)
        else:
            self._paint_ready(painter, inner, page)
        painter.end()

    def _title(
        self, painter: QtGui.QPainter, row: QtCore.QRectF, text: str, page: SlotPage
    ) -> None:
        look = self.model.appearance
        room = row.adjusted(0, 0, -110 if page.pages > 1 else 0, 0)
        draw_text(painter, room, text, look.ink, MEDIUM, LEFT, most=34)
        if page.pages > 1:
            count = tr("board_page", n=page.page, of=page.pages)
            draw_text(painter, row, count, look.muted, MEDIUM, RIGHT, most=30)

    def _paint_month(self, painter: QtGui.QPainter, box: QtCore.QRectF, page: SlotPage) -> None:
        look = self.model.appearance
        month = month_text(self.model.dossiers.month)
        unit = box.height() / (DOSSIER_ROWS + 2)
        title = f"{tr('board_dossiers', month=month)} · {tr('board_dossiers', 'en', month=month)}"
        self._title(painter, QtCore.QRectF(box.x(), box.y(), box.width(), unit), title, page)
        edges = [box.x()]
        for share in COLUMNS:
            edges.append(edges[-1] + box.width() * share)
        cells = [(edges[i], edges[i + 1] - edges[i]) for i in range(len(COLUMNS))]
        keys = ("board_agency", "board_received", "board_resolved", "board_on_time")
        top = box.y() + unit
        head_vi = pixel_font(max(10, min(28, int(unit * 0.56))), MEDIUM)
        head_en = pixel_font(max(10, min(22, int(unit * 0.44))), REGULAR)
        for i, ((x, w), key) in enumerate(zip(cells, keys, strict=True)):
            align = LEFT if i == 0 else RIGHT
            put_text(painter, QtCore.QRectF(x, top, w, unit * 0.58), tr(key), look.ink, head_vi,
                     align)  # fmt: skip
            put_text(painter, QtCore.QRectF(x, top + unit * 0.55, w, unit * 0.45), tr(key, "en"),
                     look.muted, head_en, align)  # fmt: skip
        label_font = pixel_font(max(10, min(36, int(unit * 0.7))), REGULAR)
        value_font = pixel_font(max(10, min(40, int(unit * 0.78))), BOLD)
        elide = QtGui.QFontMetricsF(label_font)
        for n, agency in enumerate(page.agencies):
            y = top + unit * (n + 1)
            (ax, aw), *figures = cells
            name = elide.elidedText(agency.name, Qt.TextElideMode.ElideRight, aw - 16)
            put_text(painter, QtCore.QRectF(ax, y, aw, unit), name, look.ink, label_font, LEFT)
            values = (str(agency.received), str(agency.resolved), share_text(agency.on_time_share))
            for (x, w), value, colour in zip(
                figures, values, (look.ink, look.ink, look.number), strict=True
            ):
                put_text(painter, QtCore.QRectF(x, y, w, unit), value, colour, value_font, RIGHT)

    def _paint_ready(self, painter: QtGui.QPainter, box: QtCore.QRectF, page: SlotPage) -> None:
        look = self.model.appearance
        agency: AgencyDossiers = page.agencies[0]
        rows = -(-READY_PER_PAGE // CODE_COLUMNS)
        unit = box.height() / (rows + 1.8)
        title = f"{tr('board_ready')} · {tr('board_ready', 'en')}"
        head = QtCore.QRectF(box.x(), box.y(), box.width(), unit)
        self._title(painter, head, title, page)
        line = QtCore.QRectF(box.x(), head.bottom(), box.width(), unit * 0.8)
        more = ""
        if page.more:
            n = page.more
            more = f"{tr('board_ready_more', n=n)} · {tr('board_ready_more', 'en', n=n)}"
        name_w = line.width() * (0.6 if more else 1.0)
        name = agency.name + (f" · {agency.name_en}" if agency.name_en else "")
        name_box = QtCore.QRectF(line.x(), line.y(), name_w, line.height())
        draw_text(painter, name_box, name, look.ink, BOLD, LEFT, most=34)
        if more:
            rest = QtCore.QRectF(line.x() + name_w + 16, line.y(), line.width() - name_w - 16,
                                 line.height())  # fmt: skip
            draw_text(painter, rest, more, look.muted, MEDIUM, RIGHT, most=30)
        top = line.bottom()
        cell_w = box.width() / CODE_COLUMNS
        longest = max(agency.ready_codes, key=len, default="0")
        font = fit_font(longest, cell_w - 32, unit * 1.2, BOLD, most=48)
        for i, code in enumerate(page.codes):
            column, row = divmod(i, rows)
            cell = QtCore.QRectF(box.x() + column * cell_w, top + row * unit, cell_w - 32, unit)
            put_text(painter, cell, code, look.number, font, LEFT)
