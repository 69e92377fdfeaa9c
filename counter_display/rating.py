"""The citizen's rating of a finished ticket: faces, an optional reason, thanks — once per ticket.

The levels and their words come from the site file (``[rules] rating_levels``, 3 to 5,
the most satisfied first); score k is the k-th level. A level past the middle counts as
not satisfied and, when the site lists reasons, asks for one (optional). Nobody touching
the faces within ``timeout_ms`` means no rating; after a face, no reason chosen within
``timeout_ms`` means the face alone is sent.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from queue_core.client import CoreClient, CoreError, CoreRefused, RatingRules, TicketInfo
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, QTimer, Signal
from ui_common.texts import Lang

log = logging.getLogger(__name__)

DEFAULT_LEVELS = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng")
DEFAULT_LEVELS_EN = ("Very satisfied", "Satisfied", "Neutral", "Not satisfied")
TIMEOUT_MS = 30_000
THANKS_MS = 5_000


class RatingPhase(enum.StrEnum):
    IDLE = "idle"
    """No rating asked: the display shows the number."""
    FACES = "faces"
    REASON = "reason"
    THANKS = "thanks"


@dataclass(frozen=True)
class RatingLevels:
    """The site's levels, most satisfied first, in both languages, and its reasons."""

    names: tuple[str, ...] = DEFAULT_LEVELS
    names_en: tuple[str, ...] = DEFAULT_LEVELS_EN
    reasons: tuple[str, ...] = ()

    @classmethod
    def from_rules(cls, rating: RatingRules) -> RatingLevels:
        """From the board's ``site.rating``; English words the site does not give are the
        defaults' for the default levels, else the Vietnamese words again."""
        names = rating.levels or DEFAULT_LEVELS
        names_en = rating.levels_en
        if len(names_en) != len(names):
            names_en = DEFAULT_LEVELS_EN if names == DEFAULT_LEVELS else names
        return cls(names, names_en, rating.reasons)

    def __len__(self) -> int:
        return len(self.names)

    def name(self, index: int, lang: Lang) -> str:
        return (self.names_en if lang is Lang.EN else self.names)[index]

    def mood(self, index: int) -> float:
        """+1 for the most satisfied level down to -1 for the least."""
        return 1.0 - 2.0 * index / max(1, len(self) - 1)

    def unsatisfied(self, index: int) -> bool:
        """Past the middle: the last of 3 or 4 levels, the last two of 5."""
        return index > len(self) // 2

    @staticmethod
    def score(index: int) -> int:
        return index + 1


class RatingViewModel(QObject):
    """One ticket's rating at a time; a ticket rated (or declined) is never asked again."""

    changed = Signal()
    rated = Signal(int, int)
    """Ticket id and score, once the core has stored it."""

    def __init__(
        self,
        bridge: CoreBridge,
        levels: RatingLevels | None = None,
        *,
        timeout_ms: int = TIMEOUT_MS,
        thanks_ms: int = THANKS_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.levels = levels or RatingLevels()
        self.phase = RatingPhase.IDLE
        self.ticket: TicketInfo | None = None
        self.chosen: int | None = None
        self.sent = 0
        self._asked: set[int] = set()
        self._timeout = self._timer(timeout_ms, self.time_out)
        self._thanks = self._timer(thanks_ms, self.cancel)

    def _timer(self, ms: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def reasons(self) -> Sequence[str]:
        return self.levels.reasons

    def begin(self, ticket: TicketInfo) -> bool:
        """Ask for a rating of this finished ticket, unless it was asked or rated before."""
        if ticket.id in self._asked or ticket.rating is not None:
            return False
        self._asked.add(ticket.id)
        self.ticket, self.chosen = ticket, None
        self._go(RatingPhase.FACES, self._timeout)
        return True

    def choose(self, index: int) -> None:
        """A face touched."""
        if self.phase is not RatingPhase.FACES or not 0 <= index < len(self.levels):
            return
        self.chosen = index
        if self.levels.unsatisfied(index) and self.levels.reasons:
            self._go(RatingPhase.REASON, self._timeout)
        else:
            self._send(None)

    def choose_reason(self, reason: str | None) -> None:
        """A reason touched, or ``None`` for "skip"."""
        if self.phase is RatingPhase.REASON:
            self._send(reason)

    def time_out(self) -> None:
        """Nobody touched the screen: no rating from the faces; the face alone from reasons."""
        if self.phase is RatingPhase.REASON:
            self._send(None)
        elif self.phase is RatingPhase.FACES:
            self.cancel()

    def cancel(self) -> None:
        """Back to the number (a new call, the thanks shown long enough, or no touch)."""
        self._timeout.stop()
        self._thanks.stop()
        if self.phase is not RatingPhase.IDLE:
            self.phase = RatingPhase.IDLE
            self.ticket, self.chosen = None, None
            self.changed.emit()

    def _go(self, phase: RatingPhase, timer: QTimer) -> None:
        self._timeout.stop()
        self._thanks.stop()
        self.phase = phase
        timer.start()
        self.changed.emit()

    def _send(self, reason: str | None) -> None:
        assert self.ticket is not None and self.chosen is not None
        ticket_id, score = self.ticket.id, self.levels.score(self.chosen)
        self._go(RatingPhase.THANKS, self._thanks)
        self.sent += 1

        async def work(core: CoreClient) -> TicketInfo:
            return await core.rate(ticket_id, score, reason)

        self.bridge.call(work, lambda _t: self.rated.emit(ticket_id, score), self._failed)

    def _failed(self, error: CoreError) -> None:
        if isinstance(error, CoreRefused) and error.code == "already_rated":
            return
        log.warning("the rating was not stored: %s", error)
