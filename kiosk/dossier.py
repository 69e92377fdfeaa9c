"""Tra cứu hồ sơ: one dossier looked up by its code, and the answer in plain words.

``DossierLookup`` asks ``GET /api/v1/dossiers/{code}`` through the bridge and keeps one
state (asking, found, unknown, too many lookups, core away) with the answer; a newer
lookup wins over an older one still on its way.
"""

from __future__ import annotations

import enum
import re

from queue_core.client import CoreClient, CoreError, CoreRefused, DossierInfo
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, Signal

__all__ = ["CODE_CHARS", "DossierLookup", "LookupState", "clean_code"]

CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-"
"""What a dossier code is made of (e.g. ``000.00.12.H55-261104-0002``)."""
MAX_CODE = 40
_NOT_CODE = re.compile(r"[^0-9A-Z.\-]")


def clean_code(text: str) -> str:
    """What was typed or scanned, as a code: upper case, only the code's characters."""
    return _NOT_CODE.sub("", text.strip().upper())[:MAX_CODE]


class LookupState(enum.StrEnum):
    IDLE = "idle"
    ASKING = "asking"
    FOUND = "found"
    UNKNOWN = "unknown"
    """No dossier has this code (the core says the same for a malformed one)."""
    BUSY = "busy"
    """Too many lookups from this kiosk in a minute."""
    AWAY = "away"
    """The core did not answer."""


class DossierLookup(QObject):
    """The last code looked up, its state and its answer; ``changed`` after each step."""

    changed = Signal()

    def __init__(self, bridge: CoreBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.state = LookupState.IDLE
        self.code = ""
        self.answer: DossierInfo | None = None
        """The core's public answer (the holder's name already masked there)."""
        self._asked = 0

    def look_up(self, text: str) -> bool:
        """Ask the core about ``text`` (cleaned); False when nothing is left of it."""
        code = clean_code(text)
        if not code:
            return False
        self._asked += 1
        asked = self._asked
        self.code, self.answer, self.state = code, None, LookupState.ASKING
        self.changed.emit()

        async def ask(core: CoreClient) -> DossierInfo:
            return await core.dossier(code)

        self.bridge.call(
            ask,
            lambda data: self._answered(asked, data),
            lambda error: self._failed(asked, error),
        )
        return True

    def forget(self) -> None:
        self._asked += 1
        self.code, self.answer, self.state = "", None, LookupState.IDLE

    def _answered(self, asked: int, info: DossierInfo) -> None:
        if asked != self._asked:
            return
        self.answer = info
        self.state = LookupState.FOUND
        self.changed.emit()

    def _failed(self, asked: int, error: CoreError) -> None:
        if asked != self._asked:
            return
        if isinstance(error, CoreRefused) and error.code == "too_many_lookups":
            self.state = LookupState.BUSY
        elif isinstance(error, CoreRefused):
            self.state = LookupState.UNKNOWN
        else:
            self.state = LookupState.AWAY
        self.changed.emit()
