"""The clerk's panel's window (``luot-counter``): its bar and pages, its keys, its dialogs.

Thin widgets over a PanelViewModel: the top bar, the reconnecting banner, and the login page
(``panel_login``) or the work page (``panel_work``, with the ticket card and side panel of
``panel_ticket``). The F-keys are window shortcuts, so a USB call-pad that types them works
wherever the focus is in the window.
"""

from __future__ import annotations

from counter_display.dialogs import CallChosenDialog, TextsDialog, TransferDialog
from counter_display.panel_login import LoginPage
from counter_display.panel_model import PanelViewModel, SignIn
from counter_display.panel_work import TopBar, WorkPage
from counter_display.state import SHORTCUTS, Action
from ui_common.qt import Qt, QtGui, QtWidgets
from ui_common.texts import tr
from ui_common.widgets import ReconnectBanner

__all__ = ["SIZE", "PanelWindow"]

SIZE = (1280, 800)
"""The panel's window: the clerk's 1280×800 touchscreen."""


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
        self.work_page.ticket.texts.clicked.connect(self.open_texts)
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
        self.banner.show_away(not m.connected, m.stream_state)
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

    def open_texts(self) -> None:
        """The card's "Nhắn tin cho công dân": the citizen's number for the current ticket."""
        m = self.model
        if m.ticket is None or not m.offers_texts:
            return
        texts = TextsDialog(m.ticket.number, m.lang, self)
        texts.chosen.connect(m.ask_texts)
        self.dialog = texts
        texts.finished.connect(self._dialog_closed)
        texts.open()

    def _dialog_closed(self) -> None:
        """The call-pad's keys come back to the panel the moment a dialog closes."""
        self.dialog = None
        self.activateWindow()
        self.work_page.setFocus()
