"""The clerk's ticket card and side panel: the current ticket, who waits, today's figures.

The card shows the current ticket's number as large as the room allows; the side panel the
counter's services and how many wait for each, who waits for the counter, and today's figures."""

from __future__ import annotations

from counter_display.panel_look import BODY_PX, SMALL_PX
from counter_display.panel_model import PanelViewModel
from counter_display.parts import BOLD, FitLabel, FitNumber
from counter_display.state import elapsed_text
from queue_core.client import CounterState, TicketStatus
from ui_common.qt import Qt, QtGui, QtWidgets
from ui_common.texts import in_lang, tr
from ui_common.theme import PALETTE, pixel_font
from ui_common.widgets import scroller

__all__ = ["NUMBER_LEAST_PX", "NUMBER_MOST_PX", "SidePanel", "TicketCard"]

NUMBER_LEAST_PX = 96
NUMBER_MOST_PX = 200
"""The current number's size: as large as the card's room allows, within these."""


class TicketCard(QtWidgets.QFrame):
    """The current ticket: its number as large as the room allows, its service and agency, how
    long since called or started, and what the clerk must know of it (priority, recalls, the
    counter it came from)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketCard")
        self.setStyleSheet(
            f"#ticketCard {{ background: {PALETTE.surface}; border-radius: 18px; }}"
            "#ticketCard QLabel { background: transparent; }"
        )
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(4)
        self.status = FitLabel(BODY_PX, bold=True, colour=PALETTE.muted)
        self.number = FitNumber(NUMBER_LEAST_PX, NUMBER_MOST_PX, Qt.AlignmentFlag.AlignLeft)
        self.number.setObjectName("ticketNumber")
        self.number.setStyleSheet(f"color: {PALETTE.primary}; background: transparent;")
        self.service = FitLabel(BODY_PX, bold=True, lines=2)
        self.agency = FitLabel(SMALL_PX, colour=PALETTE.muted)
        self.timer = FitLabel(BODY_PX, colour=PALETTE.ink)
        self.details = FitLabel(SMALL_PX, bold=True, colour=PALETTE.accent, lines=2)
        self.texts = QtWidgets.QPushButton()
        self.texts.setObjectName("ticket:texts")
        self.texts.setFont(pixel_font(SMALL_PX, BOLD))
        self.texts.setMinimumHeight(52)
        self.texts.hide()
        layout.addWidget(self.status)
        layout.addWidget(self.number, 1)
        for widget in (self.service, self.agency, self.timer, self.details):
            layout.addWidget(widget)
        layout.addWidget(self.texts, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(0)  # takes the room only while no number is shown

    def show_model(self, model: PanelViewModel) -> None:
        lang, ticket = model.lang, model.ticket
        self.texts.setText("✉  " + tr("texts_button", lang))
        self.texts.setVisible(model.offers_texts)
        if ticket is None:
            self.status.setText(tr("counter_no_ticket", lang))
            self.number.setText("")
            self.number.hide()
            state = model.snapshot.state if model.snapshot else CounterState.CLOSED
            self.service.setText(tr(f"counter_idle_{state.value}", lang))
            self.service.show()
            for label in (self.agency, self.timer, self.details):
                label.setText("")
                label.hide()
            return
        self.number.show()
        serving = ticket.status is TicketStatus.SERVING
        self.status.setText(
            tr("counter_status_serving" if serving else "counter_status_called", lang)
        )
        self.number.setText(ticket.number)
        self.service.setText(in_lang(lang, ticket.service.name, ticket.service.name_en))
        self.agency.setText(in_lang(lang, ticket.agency.name, ticket.agency.name_en))
        details = []
        if ticket.priority:
            details.append(tr("counter_priority", lang))
        if ticket.appointment_at is not None:
            details.append(tr("counter_appointment", lang, time=f"{ticket.appointment_at:%H:%M}"))
        if ticket.recalls:
            key = "counter_recalls_one" if ticket.recalls == 1 else "counter_recalls"
            details.append(tr(key, lang, n=ticket.recalls))
        origin = ticket.from_counter
        if origin is not None:
            details.append(tr("counter_from_counter", lang, n=origin))
        self.details.setText(" · ".join(details))
        for label in (self.service, self.agency, self.timer, self.details):
            label.setVisible(bool(label.text()) or label is self.timer)
        self.show_timer(model)

    def show_timer(self, model: PanelViewModel) -> None:
        key, since = model.timing()
        if not key or since is None:
            self.timer.setText("")
            return
        now = model.now()
        self.timer.setText(
            tr(key, model.lang, time=f"{since:%H:%M}", elapsed=elapsed_text(since, now))
        )


class SidePanel(QtWidgets.QFrame):
    """The counter's services with people waiting, who waits for it, today's figures as a
    small table; it scrolls should a counter serve more services than it has room for."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side")
        self.setStyleSheet(
            f"#side {{ background: {PALETTE.surface}; border-radius: 18px; }}"
            "#side QLabel { background: transparent; }"
        )
        self.services_title = FitLabel(SMALL_PX, bold=True, colour=PALETTE.muted)
        self.services_waiting = _cell(bold=True)
        self.services = self._services_table()
        self._service_rows: list[tuple[FitLabel, QtWidgets.QLabel]] = []
        self.waiting_title = FitLabel(SMALL_PX, bold=True, colour=PALETTE.muted)
        self.waiting = FitLabel(BODY_PX, bold=True, lines=2)
        self.today_title = FitLabel(SMALL_PX, bold=True, colour=PALETTE.muted)
        self.today_cells = [
            [_cell(bold=row == 0 or column == 0) for column in range(5)] for row in range(3)
        ]
        content = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.services)
        layout.addSpacing(8)
        layout.addWidget(self.waiting_title)
        layout.addWidget(self.waiting)
        layout.addSpacing(8)
        layout.addWidget(self.today_title)
        layout.addLayout(self._today_table())
        layout.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(22, 14, 14, 14)
        # should its lines outgrow it (the reconnecting banner takes room)
        outer.addWidget(scroller(content, "sideScroll", see_through=True, bar_px=24))

    def _services_table(self) -> QtWidgets.QGridLayout:
        """Each service, cut to one line, and how many wait for it; rows added as needed."""
        table = QtWidgets.QGridLayout()
        table.setHorizontalSpacing(12)
        table.setVerticalSpacing(2)
        table.setColumnStretch(0, 1)
        self.services_waiting.setStyleSheet(f"color: {PALETTE.muted};")
        self.services_waiting.setAlignment(Qt.AlignmentFlag.AlignRight)
        table.addWidget(self.services_title, 0, 0)
        table.addWidget(self.services_waiting, 0, 1)
        return table

    def _today_table(self) -> QtWidgets.QGridLayout:
        """Today's figures: called, done, no-show, minutes per case; the counter's, the clerk's."""
        table = QtWidgets.QGridLayout()
        table.setHorizontalSpacing(14)
        table.setVerticalSpacing(2)
        table.setColumnStretch(0, 1)
        for row, cells in enumerate(self.today_cells):
            for column, cell in enumerate(cells):
                if column:
                    cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.addWidget(cell, row, column)
        return table

    def show_model(self, model: PanelViewModel) -> None:
        lang = model.lang
        self.services_title.setText(tr("counter_services", lang))
        self.services_waiting.setText(tr("counter_col_waiting", lang))
        self._show_services(model)
        self.waiting_title.setText(tr("counter_waiting_list", lang))
        waiting = [
            tr("counter_not_here", lang, number=t.number) if t.awaiting_check_in else t.number
            for t in (model.snapshot.waiting if model.snapshot else ())
        ]
        if waiting:
            self.waiting.set_items(waiting, lambda n: tr("counter_more_n", lang, n=n))
        else:
            self.waiting.setText(tr("counter_nobody_waiting", lang))
        self.today_title.setText(tr("counter_today", lang))
        self._show_today(model)

    def _show_services(self, model: PanelViewModel) -> None:
        services = model.counter_services()
        while len(self._service_rows) < len(services):
            row = (FitLabel(SMALL_PX), _cell(bold=True))
            row[1].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.services.addWidget(row[0], len(self._service_rows) + 1, 0)
            self.services.addWidget(row[1], len(self._service_rows) + 1, 1)
            self._service_rows.append(row)
        for index, (name, count) in enumerate(self._service_rows):
            shown = index < len(services)
            name.setVisible(shown)
            count.setVisible(shown)
            if shown:
                service = services[index]
                name.setText(in_lang(model.lang, service.name, service.name_en))
                count.setText(str(services[index].waiting))

    def _show_today(self, model: PanelViewModel) -> None:
        lang = model.lang
        heads = ["", *(tr(k, lang) for k in _FIGURE_HEADS)]
        rows: list[list[str]] = [heads]
        if model.snapshot is not None:
            for key, figures in (
                ("counter_today_counter", model.snapshot.today),
                ("counter_today_clerk", model.snapshot.staff_today),
            ):
                average = figures.average_service_minutes
                rows.append(
                    [
                        tr(key, lang),
                        str(figures.called),
                        str(figures.served),
                        str(figures.no_show),
                        "–" if average is None else f"{average:g}",
                    ]
                )
        for index, cells in enumerate(self.today_cells):
            texts = rows[index] if index < len(rows) else [""] * len(cells)
            for cell, text in zip(cells, texts, strict=True):
                cell.setText(text)
                cell.setVisible(index < len(rows))


_FIGURE_HEADS = (
    "counter_col_called",
    "counter_col_served",
    "counter_col_no_show",
    "counter_col_average",
)


def _cell(bold: bool = False) -> QtWidgets.QLabel:
    """A short text that is never cut (a figure, a heading of one or two words)."""
    cell = QtWidgets.QLabel()
    cell.setFont(pixel_font(SMALL_PX, BOLD if bold else QtGui.QFont.Weight.Normal))
    cell.setTextFormat(Qt.TextFormat.PlainText)
    return cell
