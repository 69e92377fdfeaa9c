"""The clerk's work page and top bar: what just happened, the ticket, the buttons, the bar.

The work page: the line for what just happened, the ticket card and side panel, the action
buttons with their keys. The top bar: the counter, its state, the clerk, the time, and the
language, close and sign-out buttons."""

from __future__ import annotations

from counter_display.panel_look import BUTTON_HEIGHT, SMALL_PX
from counter_display.panel_model import MessageKind, PanelViewModel, SignIn
from counter_display.panel_ticket import SidePanel, TicketCard
from counter_display.parts import BOLD, FitLabel, TwoLineClock
from counter_display.state import SHORTCUTS, Action
from queue_core.client import CounterState
from ui_common.qt import Qt, QtCore, QtWidgets
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, brand_bar, pixel_font

__all__ = ["MessageLine", "TopBar", "WorkPage"]

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
