"""The clerk's two dialogs: transfer the current ticket, and call one waiting ticket out of turn."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from counter_display.state import SHORTCUTS, Action
from queue_core.client import AgencyInfo, CounterInfo, Position, TicketInfo
from ui_common.qt import Qt, QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import BOLD, PALETTE, pixel_font

ITEM_ROLE = Qt.ItemDataRole.UserRole


def _big_list() -> QtWidgets.QListWidget:
    listing = QtWidgets.QListWidget()
    listing.setFont(pixel_font(24))
    listing.setStyleSheet(
        f"QListWidget {{ background: {PALETTE.surface}; border: 2px solid {PALETTE.muted}; }}"
        f"QListWidget::item {{ padding: 12px; }}"
        f"QListWidget::item:selected {{ background: {PALETTE.primary}; color: white; }}"
    )
    return listing


def _heading(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setFont(pixel_font(26, BOLD))
    return label


class TransferDialog(QtWidgets.QDialog):
    """Pick a service or a counter, and the front or the back of its queue."""

    chosen = Signal(object, object, object)
    """service id or None, counter number or None, Position."""

    def __init__(
        self,
        ticket: TicketInfo,
        agencies: Sequence[AgencyInfo],
        counters: Sequence[CounterInfo],
        own_counter: int,
        lang: Lang,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("transfer_title", lang, number=ticket.number))
        self.setMinimumSize(900, 640)
        layout = QtWidgets.QVBoxLayout(self)
        title = QtWidgets.QLabel(tr("transfer_title", lang, number=ticket.number))
        title.setFont(pixel_font(34, BOLD))
        layout.addWidget(title)
        columns = QtWidgets.QHBoxLayout()
        self.services, self.counters = _big_list(), _big_list()
        for agency in agencies:
            for service in agency.services:
                if service.id != ticket.service.id:
                    item = QtWidgets.QListWidgetItem(service.name)
                    item.setData(ITEM_ROLE, service.id)
                    self.services.addItem(item)
        for counter in counters:
            if counter.number != own_counter:
                label = tr("counter_n", lang, n=counter.number)
                text = label if counter.name == label else f"{label} · {counter.name}"
                item = QtWidgets.QListWidgetItem(text)
                item.setData(ITEM_ROLE, counter.number)
                self.counters.addItem(item)
        for heading, listing in (
            (tr("transfer_to_service", lang), self.services),
            (tr("transfer_to_counter", lang), self.counters),
        ):
            column = QtWidgets.QVBoxLayout()
            column.addWidget(_heading(heading))
            column.addWidget(listing)
            columns.addLayout(column, 1)
        self.services.itemClicked.connect(lambda _i: self.counters.clearSelection())
        self.counters.itemClicked.connect(lambda _i: self.services.clearSelection())
        self.services.itemSelectionChanged.connect(self._refresh)
        self.counters.itemSelectionChanged.connect(self._refresh)
        layout.addLayout(columns, 1)
        self.front = QtWidgets.QRadioButton(tr("transfer_front", lang))
        self.back = QtWidgets.QRadioButton(tr("transfer_back", lang))
        self.front.setChecked(True)
        row = QtWidgets.QHBoxLayout()
        for radio in (self.front, self.back):
            radio.setFont(pixel_font(24))
            row.addWidget(radio)
        layout.addLayout(row)
        self.confirm = _confirm_row(self, layout, tr("transfer_confirm", lang), lang, self._confirm)
        self._refresh()

    def selection(self) -> tuple[str | None, int | None]:
        service = self.services.selectedItems()
        counter = self.counters.selectedItems()
        if service:
            return str(service[0].data(ITEM_ROLE)), None
        if counter:
            return None, int(counter[0].data(ITEM_ROLE))
        return None, None

    def _refresh(self) -> None:
        self.confirm.setEnabled(self.selection() != (None, None))

    def _confirm(self) -> None:
        service, counter = self.selection()
        if service is None and counter is None:
            return
        position = Position.FRONT if self.front.isChecked() else Position.BACK
        self.chosen.emit(service, counter, position)
        self.accept()


class CallChosenDialog(QtWidgets.QDialog):
    """One waiting ticket of this counter, and why it is called out of turn."""

    chosen = Signal(int, str)

    def __init__(
        self, waiting: Sequence[TicketInfo], lang: Lang, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        title_text = f"{tr('call_chosen_title', lang)} ({SHORTCUTS[Action.CALL_CHOSEN]})"
        self.setWindowTitle(title_text)
        self.setMinimumSize(760, 620)
        layout = QtWidgets.QVBoxLayout(self)
        title = QtWidgets.QLabel(tr("call_chosen_title", lang))
        title.setFont(pixel_font(34, BOLD))
        layout.addWidget(title)
        self.tickets = _big_list()
        for ticket in waiting:
            item = QtWidgets.QListWidgetItem(f"{ticket.number}  ·  {ticket.service.name}")
            item.setData(ITEM_ROLE, ticket.id)
            self.tickets.addItem(item)
        if not waiting:
            layout.addWidget(_heading(tr("call_chosen_empty", lang)))
        layout.addWidget(self.tickets, 1)
        layout.addWidget(_heading(tr("call_chosen_reason", lang)))
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText(tr("call_chosen_reason_hint", lang))
        self.reason.setFont(pixel_font(24))
        layout.addWidget(self.reason)
        self.confirm = _confirm_row(
            self, layout, tr("call_chosen_confirm", lang), lang, self._confirm
        )
        self.tickets.itemSelectionChanged.connect(self._refresh)
        self.reason.textChanged.connect(self._refresh)
        self._refresh()

    def _selected(self) -> int | None:
        items = self.tickets.selectedItems()
        return int(items[0].data(ITEM_ROLE)) if items else None

    def _refresh(self) -> None:
        self.confirm.setEnabled(self._selected() is not None and bool(self.reason.text().strip()))

    def _confirm(self) -> None:
        ticket = self._selected()
        if ticket is not None and self.reason.text().strip():
            self.chosen.emit(ticket, self.reason.text().strip())
            self.accept()


class TextsDialog(QtWidgets.QDialog):
    """The citizen's mobile number for the current ticket, typed by the clerk once the citizen
    agreed to be texted near their turn."""

    chosen = Signal(str)

    def __init__(self, number: str, lang: Lang, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("texts_title", lang, number=number))
        self.setMinimumSize(680, 360)
        layout = QtWidgets.QVBoxLayout(self)
        title = QtWidgets.QLabel(tr("texts_title", lang, number=number))
        title.setFont(pixel_font(30, BOLD))
        title.setWordWrap(True)
        layout.addWidget(title)
        consent = _heading(tr("texts_consent", lang))
        consent.setWordWrap(True)
        layout.addWidget(consent)
        self.phone = QtWidgets.QLineEdit()
        self.phone.setObjectName("texts_phone")
        self.phone.setPlaceholderText("09xx xxx xxx")
        self.phone.setFont(pixel_font(32, BOLD))
        self.phone.setMaxLength(20)
        layout.addWidget(self.phone)
        layout.addStretch(1)
        self.confirm = _confirm_row(self, layout, tr("texts_confirm", lang), lang, self._confirm)
        self.phone.textChanged.connect(
            lambda text: self.confirm.setEnabled(sum(c.isdigit() for c in text) >= 10)
        )
        self.phone.returnPressed.connect(self._confirm)
        self.confirm.setEnabled(False)

    def _confirm(self) -> None:
        if self.confirm.isEnabled():
            self.chosen.emit(self.phone.text().strip())
            self.accept()


def _confirm_row(
    dialog: QtWidgets.QDialog,
    layout: QtWidgets.QBoxLayout,
    text: str,
    lang: Lang,
    on_confirm: Callable[[], None],
) -> QtWidgets.QPushButton:
    """Cancel and a wider confirm button at the foot of a dialog; returns the confirm button,
    wired to ``on_confirm``."""
    confirm = QtWidgets.QPushButton(text)
    confirm.setMinimumHeight(72)
    cancel = QtWidgets.QPushButton(tr("cancel", lang))
    cancel.setMinimumHeight(72)
    cancel.setStyleSheet(f"background: {PALETTE.muted};")
    buttons = QtWidgets.QHBoxLayout()
    buttons.addWidget(cancel)
    buttons.addWidget(confirm, 2)
    layout.addLayout(buttons)
    cancel.clicked.connect(dialog.reject)
    confirm.clicked.connect(on_confirm)
    return confirm
