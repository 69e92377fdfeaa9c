"""The on-screen keyboard for search: a–z in alphabet order with đ, space, erase, clear.

Typing without diacritics is enough: the search ignores them ("cap giay" finds "Cấp giấy").
"""

from __future__ import annotations

from kiosk.widgets.parts import key_button
from ui_common.qt import QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE

__all__ = ["LetterKeyboard"]

ROWS = ("abcdđef", "ghiklmn", "opqrstu", "vxyjwz")
KEY = 124


class LetterKeyboard(QtWidgets.QWidget):
    """Keys of ``KEY`` px; emits ``typed`` (a letter or a space), ``erase`` and ``clear``."""

    typed = Signal(str)
    erase = Signal()
    clear = Signal()

    def __init__(self) -> None:
        super().__init__()
        grid = QtWidgets.QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        for row, letters in enumerate(ROWS):
            for column, letter in enumerate(letters):
                key = key_button(letter.upper(), KEY, 40)
                key.clicked.connect(lambda _=False, c=letter: self.typed.emit(c))
                grid.addWidget(key, row, column)
                self.keys[letter] = key
        self.keys["⌫"] = key_button("⌫", KEY, 40, PALETTE.accent)
        self.keys["⌫"].clicked.connect(self.erase.emit)
        grid.addWidget(self.keys["⌫"], len(ROWS) - 1, 6)
        self.keys[" "] = key_button("", KEY, 30)
        self.keys[" "].clicked.connect(lambda: self.typed.emit(" "))
        grid.addWidget(self.keys[" "], len(ROWS), 0, 1, 4)
        self.keys["clear"] = key_button("", KEY, 30, PALETTE.muted)
        self.keys["clear"].clicked.connect(self.clear.emit)
        grid.addWidget(self.keys["clear"], len(ROWS), 4, 1, 3)
        self.set_lang(Lang.VI)

    def set_lang(self, lang: Lang) -> None:
        self.keys[" "].setText(tr("kiosk_key_space", lang))
        self.keys["clear"].setText(tr("kiosk_key_clear", lang))
