"""The priority ticket's screen: who the ticket is for, or back to a normal ticket."""

from __future__ import annotations

from kiosk.flow import KioskFlow
from kiosk.widgets.parts import TileGrid, Tone, big_button, label
from kiosk.widgets.screen import Screen
from queue_core.client import PriorityKind
from ui_common.qt import QtWidgets
from ui_common.texts import tr
from ui_common.theme import PALETTE

__all__ = ["PRIORITY_ORDER", "PriorityScreen"]

PRIORITY_ORDER = (
    PriorityKind.ELDERLY,
    PriorityKind.DISABLED,
    PriorityKind.PREGNANT,
    PriorityKind.MERIT,
)


class PriorityScreen(Screen):
    """The confirmation: who the priority ticket is for; or back to a normal ticket."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.title = label("", 52, bold=True, color=PALETTE.accent)
        self.prompt = label("", 34)
        self.page.addWidget(self.title)
        self.page.addWidget(self.prompt)
        self.page.addSpacing(12)
        self.kinds: dict[PriorityKind, QtWidgets.QPushButton] = {}
        for kind in PRIORITY_ORDER:
            button = big_button("", Tone.PRIORITY, 40)
            button.setMinimumHeight(190)
            button.setObjectName(f"priority:{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: flow.confirm_priority(k))
            self.kinds[kind] = button
        self.grid = TileGrid(1)
        self.grid.set_widgets(list(self.kinds.values()))
        self.page.addWidget(self.grid, 1)
        self.no = big_button("", Tone.QUIET, 34, on_click=flow.cancel_priority)
        self.page.addWidget(self.no)

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("kiosk_priority_title", lang))
        self.prompt.setText(tr("kiosk_priority_prompt", lang))
        for kind, button in self.kinds.items():
            button.setText(tr(f"kiosk_priority_{kind.value}", lang))
        self.no.setText(tr("kiosk_priority_no", lang))

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.grid.set_columns(1 if portrait else 2)
