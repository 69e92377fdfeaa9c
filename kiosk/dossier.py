"""Tra cứu hồ sơ: one dossier looked up by its code, and the answer in plain words.

``DossierLookup`` asks ``GET /api/v1/dossiers/{code}`` through the bridge and keeps one
state (asking, found, unknown, too many lookups, core away) with the answer; a newer
lookup wins over an older one still on its way.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from queue_core.client import (
    CoreClient,
    CoreError,
    CoreRefused,
    DossierInfo,
    DossierStatus,
    Timeliness,
)
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, Signal
from ui_common.texts import Lang

__all__ = ["CODE_CHARS", "DossierAnswer", "DossierLookup", "LookupState", "clean_code"]

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


@dataclass(frozen=True)
class DossierAnswer:
    """The public answer of the core (the holder's name already masked there)."""

    code: str
    procedure: str
    agency: str
    agency_en: str
    holder: str
    status: DossierStatus
    status_text: str
    status_text_en: str
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    timeliness: Timeliness
    ready: bool
    result_service: str | None = None
    result_counters: tuple[int, ...] = ()
    bring: str = ""
    bring_en: str = ""

    @classmethod
    def from_info(cls, info: DossierInfo) -> DossierAnswer:
        result = info.result
        return cls(
            code=info.code,
            procedure=info.procedure,
            agency=info.agency.name,
            agency_en=info.agency.name_en,
            holder=info.holder,
            status=info.status,
            status_text=info.status_text,
            status_text_en=info.status_text_en or info.status_text,
            received_at=info.received_at,
            due_at=info.due_at,
            resolved_at=info.resolved_at,
            timeliness=info.timeliness,
            ready=info.ready,
            result_service=result.service if result else None,
            result_counters=result.counters if result else (),
            bring=result.bring if result else "",
            bring_en=result.bring_en if result else "",
        )

    def status_for(self, lang: Lang) -> str:
        return self.status_text_en if lang is Lang.EN else self.status_text

    def agency_for(self, lang: Lang) -> str:
        return (self.agency_en if lang is Lang.EN else "") or self.agency

    def bring_for(self, lang: Lang) -> str:
        return (self.bring_en if lang is Lang.EN else "") or self.bring


class DossierLookup(QObject):
    """The last code looked up, its state and its answer; ``changed`` after each step."""

    changed = Signal()

    def __init__(self, bridge: CoreBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.state = LookupState.IDLE
        self.code = ""
        self.answer: DossierAnswer | None = None
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
        self.answer = DossierAnswer.from_info(info)
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
