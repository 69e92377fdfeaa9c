"""Nhắn tin khi sắp đến lượt: the mobile number a citizen types for the ticket just taken, sent
to the core with their consent (the sentence shown beside the keypad), and the core's answer."""

from __future__ import annotations

import enum

from queue_core.client import CoreClient, CoreError, CoreRefused, CoreUnavailable, TextsAsked
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, Signal

__all__ = ["MAX_PHONE", "TextsRequest", "TextsState", "grouped_phone"]

MAX_PHONE = 12
"""Digits a number may have as typed (``0912345678``, or ``84912345678``)."""


def grouped_phone(digits: str) -> str:
    """``0912345678`` as a person reads it back: ``0912 345 678``."""
    head, rest = digits[:4], digits[4:]
    return " ".join(part for part in (head, rest[:3], rest[3:]) if part)


class TextsState(enum.StrEnum):
    TYPING = "typing"
    SENDING = "sending"
    DONE = "done"
    """The core will text the number (``shown``, masked)."""
    INVALID = "invalid"
    """Not a mobile number: said beside the keypad, the digits kept to be corrected."""
    AWAY = "away"
    """The core did not answer; the ticket stands, the citizen may try again."""
    REFUSED = "refused"
    """The core refused for another reason (the ticket was called meanwhile, texts off)."""


class TextsRequest(QObject):
    changed = Signal()

    def __init__(self, bridge: CoreBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.digits = ""
        self.state = TextsState.TYPING
        self.shown = ""
        """The number as the core shows it back (``0912 *** 678``), once done."""
        self._asked = 0

    def type_digit(self, digit: str) -> None:
        if digit.isdigit() and digit.isascii() and len(self.digits) < MAX_PHONE:
            self.digits += digit
            self.state = TextsState.TYPING
            self.changed.emit()

    def erase(self) -> None:
        self.digits = self.digits[:-1]
        self.state = TextsState.TYPING
        self.changed.emit()

    def send(self, ticket_id: int, lang: str) -> None:
        """The citizen pressed "Gửi" under the consent sentence: ask the core."""
        if self.state is TextsState.SENDING:
            return
        if len(self.digits) < 10:
            self.state = TextsState.INVALID
            self.changed.emit()
            return
        self._asked += 1
        asked, digits = self._asked, self.digits
        self.state = TextsState.SENDING
        self.changed.emit()

        async def ask(core: CoreClient) -> TextsAsked:
            return await core.ask_texts(ticket_id, digits, lang, consent=True)

        self.bridge.call(
            ask, lambda done: self._answered(asked, done), lambda e: self._failed(asked, e)
        )

    def forget(self) -> None:
        self._asked += 1
        self.digits, self.shown, self.state = "", "", TextsState.TYPING

    def _answered(self, asked: int, done: TextsAsked) -> None:
        if asked == self._asked:
            self.shown, self.state = done.phone, TextsState.DONE
            self.changed.emit()

    def _failed(self, asked: int, error: CoreError) -> None:
        if asked != self._asked:
            return
        if isinstance(error, CoreRefused) and error.code == "invalid_phone":
            self.state = TextsState.INVALID
        elif isinstance(error, CoreUnavailable):
            self.state = TextsState.AWAY
        else:
            self.state = TextsState.REFUSED
        self.changed.emit()
