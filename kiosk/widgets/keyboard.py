"""The on-screen keyboard for search: a–z in alphabet order with đ, space, erase, clear.

Typing without diacritics is enough: the search ignores them ("cap giay" finds "Cấp giấy").
"""

from __future__ import annotations

from ui_common.qt import Qt, QtGui, QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, pixel_font

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
                key = self._key(letter.upper(), 40)
                key.clicked.connect(lambda _=False, c=letter: self.typed.emit(c))
                grid.addWidget(key, row, column)
                self.keys[letter] = key
        self.keys["⌫"] = self._key("⌫", 40, PALETTE.accent)
        self.keys["⌫"].clicked.connect(self.erase.emit)
        grid.addWidget(self.keys["⌫"], len(ROWS) - 1, 6)
        self.keys[" "] = self._key("", 30)
        self.keys[" "].clicked.connect(lambda: self.typed.emit(" "))
        grid.addWidget(self.keys[" "], len(ROWS), 0, 1, 4)
        self.keys["clear"] = self._key("", 30, PALETTE.muted)
        self.keys["clear"].clicked.connect(self.clear.emit)
        grid.addWidget(self.keys["clear"], len(ROWS), 4, 1, 3)
        self.set_lang(Lang.VI)

    def _key(self, text: str, px: int, ground: str | None = None) -> QtWidgets.QPushButton:
        key = QtWidgets.QPushButton(text)
        key.setMinimumSize(KEY, KEY)
        key.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        key.setFixedHeight(KEY)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setFont(pixel_font(px, QtGui.QFont.Weight.Bold))
        key.setStyleSheet(
            f"QPushButton {{ background: {ground or PALETTE.surface};"
            f" color: {'white' if ground else PALETTE.ink}; border: 3px solid {PALETTE.primary};"
            f" border-radius: 14px; padding: 0; }}"
            f"QPushButton:pressed {{ background: {PALETTE.highlight}; color: {PALETTE.ink}; }}"
        )
        return key

    def set_lang(self, lang: Lang) -> None:
        self.keys[" "].setText(tr("kiosk_key_space", lang))
        self.keys["clear"].setText(tr("kiosk_key_clear", lang))
