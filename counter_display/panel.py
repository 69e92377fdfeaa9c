"""The clerk's panel (``luot-counter``): sign-in, the current ticket, the buttons and their keys.

Thin widgets over a PanelViewModel. The F-keys are window shortcuts, so a USB call-pad
that types them works wherever the focus is in the window.
"""

from __future__ import annotations

from counter_display.dialogs import CallChosenDialog, TransferDialog
from counter_display.panel_model import MessageKind, PanelViewModel, SignIn
from counter_display.parts import BOLD, FitLabel, FitNumber, TwoLineClock
from counter_display.state import SHORTCUTS, Action, elapsed_text
from queue_core.client import CounterState, TicketStatus
from ui_common.qt import Qt, QtCore, QtGui, QtWidgets
from ui_common.texts import Lang, in_lang, tr
from ui_common.theme import PALETTE, brand_bar, pixel_font
from ui_common.widgets import ReconnectBanner, scroller

SIZE = (1280, 800)
"""The panel's window: the clerk's 1280×800 touchscreen."""
BUTTON_HEIGHT = 76
BODY_PX = 26
SMALL_PX = 22
NUMBER_LEAST_PX = 96
NUMBER_MOST_PX = 200
"""The current number's size: as large as the card's room allows, within these."""

_ACTION_KEYS = {
    Action.NEXT: "action_next",
    Action.RECALL: "action_recall",
    Action.START: "action_start",
    Action.FINISH: "action_finish",
    Action.NO_SHOW: "action_no_show",
    Action.TRANSFER: "action_transfer",
    Action.CALL_CHOSEN: "action_call_chosen",
    Action.PAUSE: "action_pause",
}
_BUTTON_COLOURS = {Action.NEXT: PALETTE.ok, Action.NO_SHOW: PALETTE.accent}


def _label(size: int, bold: bool = False, colour: str | None = None) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setFont(pixel_font(size, BOLD if bold else QtGui.QFont.Weight.Normal))
    label.setWordWrap(True)
    if colour:
        label.setStyleSheet(f"color: {colour}; background: transparent;")
    return label


def _card() -> QtWidgets.QFrame:
    frame = QtWidgets.QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(
        f"#card {{ background: {PALETTE.surface}; border-radius: 18px; }}"
        "#card QLabel { background: transparent; }"
    )
    return frame


class LoginPage(QtWidgets.QWidget):
    """Username and PIN; Enter signs in."""

    def __init__(self, model: PanelViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        card = _card()
        card.setFixedWidth(620)
        layout = QtWidgets.QVBoxLayout(card)
        layout.setContentsMargins(40, 36, 40, 36)
        layout.setSpacing(14)
        self.title = _label(40, bold=True)
        self.username_label, self.pin_label = _label(24), _label(24)
        self.username = QtWidgets.QLineEdit()
        self.pin = QtWidgets.QLineEdit()
        self.pin.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.submit = QtWidgets.QPushButton()
        self.submit.setMinimumHeight(BUTTON_HEIGHT)
        self.error = _label(24, bold=True)
        for widget in (
            self.title,
            self.username_label,
            self.username,
            self.pin_label,
            self.pin,
            self.submit,
            self.error,
        ):
            layout.addWidget(widget)
        across = QtWidgets.QHBoxLayout()
        across.addStretch(1)
        across.addWidget(card)
        across.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)  # stretches, not alignment: wrapped lines get room
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(1)
        self.submit.clicked.connect(self._submit)
        self.username.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        self.model.login(self.username.text(), self.pin.text())

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        self.title.setText(
            f"{tr('counter_login_title', lang)} · {tr('counter_n', lang, n=m.counter)}"
        )
        self.username_label.setText(tr("counter_username", lang))
        self.pin_label.setText(tr("counter_pin", lang))
        self.submit.setText(tr("counter_login", lang))
        self.submit.setEnabled(m.sign_in is SignIn.SIGNED_OUT)
        message = m.login_message
        self.error.setText(tr(message.key, lang, **message.values) if message else "")
        colour = PALETTE.accent if message and message.kind is MessageKind.ERROR else PALETTE.ink
        self.error.setStyleSheet(f"color: {colour}; background: transparent;")
        if message and message.kind is MessageKind.ERROR:
            self.pin.clear()


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
        layout.addWidget(self.status)
        layout.addWidget(self.number, 1)
        for widget in (self.service, self.agency, self.timer, self.details):
            layout.addWidget(widget)
        layout.addStretch(0)  # takes the room only while no number is shown

    def show_model(self, model: PanelViewModel) -> None:
        lang, ticket = model.lang, model.ticket
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
        waiting = [t.number for t in model.snapshot.waiting] if model.snapshot else []
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


class MessageLine(FitLabel):
    """What just happened, on a line that keeps the room of all the lines it can show whether
    it says something or nothing: the ticket and the buttons below never move when a message
    comes or goes."""

    def __init__(self) -> None:
        super().__init__(SMALL_PX, bold=True, lines=2)
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QtWidgets.QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)

    def _room(self) -> int:
        return self._height_of(self.lines)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(super().sizeHint().width(), self._room())

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(super().minimumSizeHint().width(), self._room())

    def heightForWidth(self, width: int) -> int:
        return self._room()


class WorkPage(QtWidgets.QWidget):
    """The working screen: a line for what just happened, the ticket, the side panel, the
    action buttons (two rows of four, each as tall as a finger needs)."""

    def __init__(self, model: PanelViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 16)
        layout.setSpacing(10)
        self.message = MessageLine()
        layout.addWidget(self.message)
        middle = QtWidgets.QHBoxLayout()
        middle.setSpacing(12)
        self.ticket = TicketCard()
        self.side = SidePanel()
        middle.addWidget(self.ticket, 11)
        middle.addWidget(self.side, 9)
        layout.addLayout(middle, 1)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[Action, QtWidgets.QPushButton] = {}
        for index, action in enumerate(_ACTION_KEYS):
            button = QtWidgets.QPushButton()
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space/Enter never press a button
            button.setFont(pixel_font(26, BOLD))
            colour = _BUTTON_COLOURS.get(action)
            if colour:
                button.setStyleSheet(f"QPushButton:enabled {{ background: {colour}; }}")
            button.clicked.connect(lambda _=False, a=action: model.trigger(a))
            grid.addWidget(button, index // 4, index % 4)
            self.buttons[action] = button
        layout.addLayout(grid)

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        enabled = m.enabled
        for action, button in self.buttons.items():
            key = _ACTION_KEYS[action]
            if action is Action.PAUSE and m.pause_opens():
                key = "action_open"
            button.setText(f"{tr(key, lang)}  ·  {SHORTCUTS[action]}")
            button.setEnabled(action in enabled)
        message = m.message
        self.message.setText(tr(message.key, lang, **message.values) if message else "")
        colour = PALETTE.accent if message and message.kind is MessageKind.ERROR else PALETTE.ok
        self.message.setStyleSheet(f"color: {colour};")
        self.ticket.show_model(m)
        self.side.show_model(m)


class TopBar(QtWidgets.QFrame):
    """Two lines at the left: the counter (its number once, then its own name), under it its
    state and the clerk; the time over the date; the language, close and sign-out buttons."""

    def __init__(self, model: PanelViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        brand_bar(self, "topBar")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.setSpacing(14)
        self.counter = FitLabel(30, bold=True)
        self.state = QtWidgets.QLabel()
        self.state.setFont(pixel_font(SMALL_PX, BOLD))
        self.clerk = FitLabel(SMALL_PX)
        second = QtWidgets.QHBoxLayout()
        second.setSpacing(18)
        second.addWidget(self.state)
        second.addWidget(self.clerk, 1)
        left = QtWidgets.QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.counter)
        left.addLayout(second)
        layout.addLayout(left, 1)
        self.clock = TwoLineClock(28, 20, model.lang)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.clock)
        self.lang = QtWidgets.QPushButton()
        self.close_counter = QtWidgets.QPushButton()
        self.logout = QtWidgets.QPushButton()
        for button in (self.lang, self.close_counter, self.logout):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(64)
            button.setStyleSheet(
                f"QPushButton {{ background: {PALETTE.surface}; color: {PALETTE.primary}; "
                "padding: 8px 16px; }"
                f"QPushButton:disabled {{ background: {PALETTE.disabled_ground}; "
                f"color: {PALETTE.disabled_ink}; }}"
            )
            layout.addWidget(button)
        self.lang.clicked.connect(self._switch_lang)
        self.logout.clicked.connect(model.logout)
        self.close_counter.clicked.connect(lambda: model.trigger(Action.CLOSE))

    def _switch_lang(self) -> None:
        self.model.set_lang(Lang.EN if self.model.lang is Lang.VI else Lang.VI)

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        snapshot = m.snapshot
        label, name = tr("counter_n", lang, n=m.counter), m.counter_name()
        self.counter.setText(f"{label} – {name}" if name else label)
        state = snapshot.state if snapshot else CounterState.CLOSED
        self.state.setText(f"● {tr(f'counter_state_{state.value}', lang)}")
        signed_in = m.sign_in is SignIn.SIGNED_IN
        self.clerk.setText(tr("counter_clerk", lang, name=m.staff.name if m.staff else ""))
        self.clerk.setVisible(signed_in)
        self.clock.lang = lang
        self.clock.refresh()
        self.lang.setText(tr("language_en" if lang is Lang.VI else "language_vi", lang))
        self.logout.setText(tr("counter_logout", lang))
        self.logout.setEnabled(m.can_sign_out)
        self.logout.setVisible(signed_in)
        self.close_counter.setText(tr("action_close", lang))
        self.close_counter.setEnabled(Action.CLOSE in m.enabled)
        self.close_counter.setVisible(signed_in)


class PanelWindow(QtWidgets.QMainWindow):
    """The whole panel; owns the shortcuts and opens the dialogs the model asks for."""

    def __init__(self, model: PanelViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.resize(*SIZE)
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.top = TopBar(model)
        self.banner = ReconnectBanner(model.lang)
        self.pages = QtWidgets.QStackedWidget()
        self.login_page = LoginPage(model)
        self.work_page = WorkPage(model)
        self.pages.addWidget(self.login_page)
        self.pages.addWidget(self.work_page)
        for widget in (self.top, self.banner):
            layout.addWidget(widget)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.dialog: QtWidgets.QDialog | None = None
        self.shortcuts: dict[Action, QtGui.QShortcut] = {}
        for action, key in SHORTCUTS.items():
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda a=action: model.trigger(a))
            self.shortcuts[action] = shortcut
        model.changed.connect(self.refresh)
        model.tick.connect(lambda: self.work_page.ticket.show_timer(model))
        model.dialog_requested.connect(self.open_dialog)
        self.refresh()

    def refresh(self) -> None:
        m = self.model
        signed_in = m.sign_in is SignIn.SIGNED_IN
        self.pages.setCurrentWidget(self.work_page if signed_in else self.login_page)
        self.setWindowTitle(f"Lượt · {tr('counter_n', m.lang, n=m.counter)}")
        self.banner.set_lang(m.lang)
        self.banner.setVisible(not m.connected)
        self.top.refresh()
        self.login_page.refresh()
        self.work_page.refresh()

    def open_dialog(self, action: str) -> None:
        m = self.model
        if Action(action) is Action.TRANSFER and m.ticket is not None:
            transfer = TransferDialog(m.ticket, m.agencies, m.counters, m.counter, m.lang, self)
            transfer.chosen.connect(
                lambda service, counter, position: m.transfer(
                    service=service, to_counter=counter, position=position
                )
            )
            dialog: QtWidgets.QDialog = transfer
        elif Action(action) is Action.CALL_CHOSEN:
            waiting = m.snapshot.waiting if m.snapshot else ()
            chosen = CallChosenDialog(waiting, m.lang, self)
            chosen.chosen.connect(m.call_chosen)
            dialog = chosen
        else:
            return
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self) -> None:
        """The call-pad's keys come back to the panel the moment a dialog closes."""
        self.dialog = None
        self.activateWindow()
        self.work_page.setFocus()

