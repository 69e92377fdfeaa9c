"""The on-screen pad for codes: big digits, a compact row of letters, erase, submit; a dossier's
code takes every digit and letter and "." and "-", a booking's only its own alphabet."""

from __future__ import annotations

import string

from kiosk.widgets.parts import key_button
from ui_common.qt import QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE

__all__ = ["CodePad"]

DIGITS = ("789", "456", "123", ".0-")
DOSSIER_ALPHABET = string.digits + ".-" + string.ascii_uppercase
"""A dossier's code: the province's own, with dots and dashes."""
_GAP = " "
DIGIT_KEY = 100
LETTER_KEY = 78


class CodePad(QtWidgets.QWidget):
    """Emits ``typed`` (one character), ``erase``, ``clear`` and ``submit``."""

    typed = Signal(str)
    erase = Signal()
    clear = Signal()
    submit = Signal()

    def __init__(self, alphabet: str = DOSSIER_ALPHABET) -> None:
        super().__init__()
        digit_rows, letter_rows = key_rows(alphabet)
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        top = QtWidgets.QGridLayout()
        top.setSpacing(12)
        for row, digits in enumerate(digit_rows):
            for column, char in enumerate(digits):
                if char == _GAP:
                    continue
                top.addWidget(self._char_key(char, DIGIT_KEY, 48), row, column)
        self.keys["⌫"] = key_button("⌫", DIGIT_KEY, 44, PALETTE.accent)
        self.keys["⌫"].clicked.connect(self.erase.emit)
        self.keys["clear"] = key_button("", DIGIT_KEY, 30, PALETTE.muted)
        self.keys["clear"].clicked.connect(self.clear.emit)
        self.keys["submit"] = key_button("", DIGIT_KEY, 36, PALETTE.ok)
        self.keys["submit"].setObjectName("code:submit")
        self.keys["submit"].setFixedHeight(DIGIT_KEY * 2 + 12)
        self.keys["submit"].clicked.connect(self.submit.emit)
        top.addWidget(self.keys["⌫"], 0, 3)
        top.addWidget(self.keys["clear"], 1, 3)
        top.addWidget(self.keys["submit"], 2, 3, 2, 1)
        for column, stretch in enumerate((2, 2, 2, 3)):
            top.setColumnStretch(column, stretch)
        outer.addLayout(top)
        for letters in letter_rows:
            row_keys = QtWidgets.QHBoxLayout()
            row_keys.setSpacing(8)
            for char in letters:
                row_keys.addWidget(self._char_key(char, LETTER_KEY, 34, width=64))
            outer.addLayout(row_keys)
        self.set_lang(Lang.VI)

    def _char_key(self, char: str, height: int, px: int, width: int = 0) -> QtWidgets.QPushButton:
        key = key_button(char, height, px, width=width)
        key.setObjectName(f"code:{char}")
        key.clicked.connect(lambda _=False, c=char: self.typed.emit(c))
        self.keys[char] = key
        return key

    def set_lang(self, lang: Lang, submit: str = "kiosk_dossier_look_up") -> None:
        """The keys' words in ``lang``; ``submit``: the text key of the submit key."""
        self.keys["clear"].setText(tr("kiosk_key_clear", lang))
        self.keys["submit"].setText(tr(submit, lang))


def key_rows(alphabet: str) -> tuple[list[str], list[str]]:
    """The pad's keys for ``alphabet``: the digits (and "." "-") where a phone's keypad has
    them, a gap where the alphabet lacks one; its letters in two rows, A to Z."""
    digits = ["".join(ch if ch in alphabet else _GAP for ch in row) for row in DIGITS]
    letters = "".join(ch for ch in string.ascii_uppercase if ch in alphabet)
    half = (len(letters) + 1) // 2
    rows = [row for row in digits if row.strip()]
    return rows, [row for row in (letters[:half], letters[half:]) if row]
