"""What every kiosk screen shares: the Screen base, and the title bar with its back button.

A screen redraws from the flow, re-lays itself for portrait or landscape, and redraws only when
what it draws from changed."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.flow import KioskFlow
from kiosk.widgets.parts import Tone, big_button, label
from ui_common.qt import QtWidgets
from ui_common.texts import Lang, tr

__all__ = ["PAGE_MARGIN", "Screen", "title_bar"]

PAGE_MARGIN = 32


class Screen(QtWidgets.QWidget):
    """A screen: ``refresh`` redraws from the flow; ``set_portrait`` re-lays for the screen."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        self.portrait = True
        self.page = QtWidgets.QVBoxLayout(self)
        self.page.setContentsMargins(PAGE_MARGIN, 24, PAGE_MARGIN, PAGE_MARGIN)
        self.page.setSpacing(20)

    @property
    def lang(self) -> Lang:
        return self.flow.lang

    def _news(self, *key: object) -> bool:
        """True when what a screen draws from (``key``) changed since it last drew."""
        if getattr(self, "_drawn", None) == key:
            return False
        self._drawn = key
        return True

    def refresh(self) -> None:
        raise NotImplementedError

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait


def title_bar(
    text: str, on_back: Callable[[], None], lang: Lang
) -> tuple[QtWidgets.QHBoxLayout, QtWidgets.QPushButton]:
    """A back button and the screen's title."""
    bar = QtWidgets.QHBoxLayout()
    bar.setSpacing(24)
    back = big_button("‹  " + tr("back", lang), Tone.QUIET, 30)
    back.setMinimumWidth(240)
    back.setObjectName("back")  # the keypad's focus starts on the screen's choices instead
    back.clicked.connect(on_back)
    bar.addWidget(back)
    bar.addWidget(label(text, 44, bold=True), 1)
    return bar, back
