"""The board's view-model: the snapshot and the events made into what the screen shows.

It keeps the last ``seq`` applied (an event at or below it is never applied twice), the
counters, the call on show and the calls waiting their turn to be shown, the recent
calls, waiting per agency, today's figures and the notices. No widget, no network.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from hall_board.state import (
    AgencyWaiting,
    Appearance,
    Call,
    CounterPhase,
    CounterView,
    EventKind,
    TodayFigures,
    agencies_waiting,
    appearance_of,
    call_from_event,
    counter_from_json,
    today_from_json,
)
from ui_common import PALETTE
from ui_common.qt import QObject, QTimer, Signal

__all__ = ["BoardModel", "Timing"]

log = logging.getLogger(__name__)
Json = Mapping[str, Any]

RECENT_SIZE = 8
_CLEARING = {EventKind.FINISHED, EventKind.NO_SHOW, EventKind.TRANSFERRED, EventKind.CANCELLED}
_PHASES = {
    EventKind.OPENED: CounterPhase.OPEN,
    EventKind.PAUSED: CounterPhase.PAUSED,
    EventKind.CLOSED: CounterPhase.CLOSED,
}
_FIGURES = {EventKind.ISSUED, EventKind.SERVICE, EventKind.DAY_RESET} | _CLEARING


@dataclass(frozen=True)
class Timing:
    """How long a call is highlighted: ``alone_ms`` when no other waits, else ``busy_ms``."""

    alone_ms: int = 10_000
    busy_ms: int = 6_000


DEFAULT_APPEARANCE = Appearance(PALETTE.board_ground, PALETTE.board_ink, PALETTE.board_number)


class BoardModel(QObject):
    counters_changed = Signal()
    now_changed = Signal()
    """The call on show, whether it is highlighted, or the calls waiting their turn changed."""
    recent_changed = Signal()
    figures_changed = Signal()
    notices_changed = Signal()
    site_changed = Signal()
    connection_changed = Signal(str)
    call_received = Signal(object)
    """A new Call for this board's zone, at once and in seq order (the announcer's input)."""
    figures_stale = Signal()
    """Waiting counts or today's figures have moved: a fresh snapshot should be read."""

    def __init__(
        self, zone: str | None = None, timing: Timing = Timing(), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.zone = zone or None
        self.timing = timing
        self.last_seq = 0
        self.site_name = ""
        self.site_name_en = ""
        self.appearance = DEFAULT_APPEARANCE
        self.connection = "connecting"
        self._counters: dict[int, CounterView] = {}
        self.now: Call | None = None
        self.highlighted = False
        self._pending: deque[Call] = deque()
        self._recent: deque[Call] = deque(maxlen=RECENT_SIZE)
        self.shown: list[Call] = []
        """Every call put on show since start, in order (a log for tests and drills)."""
        self.agency_names: dict[str, tuple[str, str]] = {}
        self._waiting_rows: list[Json] = []
        self.waiting: tuple[AgencyWaiting, ...] = ()
        self.today = TodayFigures()
        self.notices: tuple[str, ...] = ()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)

    # --- what the widgets read ----------------------------------------------------------

    def counters(self) -> list[CounterView]:
        """The counters of this board's zone, by number."""
        return [c for n, c in sorted(self._counters.items()) if self._visible(n)]

    def pending(self) -> list[Call]:
        return list(self._pending)

    def recent(self) -> list[Call]:
        """Calls shown before the one on show, newest first (at most 8)."""
        return list(self._recent)

    def counter_name(self, number: int) -> str:
        counter = self._counters.get(number)
        return counter.name if counter else str(number)

    def _visible(self, counter: int) -> bool:
        if self.zone is None:
            return True
        known = self._counters.get(counter)
        return known is not None and known.zone == self.zone

    # --- the snapshot -------------------------------------------------------------------

    def apply_snapshot(self, board: Json) -> None:
        """Start from a snapshot: counters, recent calls (not announced), figures, notices."""
        site = board.get("site") or {}
        self.site_name = str(site.get("name", ""))
        self.site_name_en = str(site.get("name_en", ""))
        self.appearance = appearance_of(site, DEFAULT_APPEARANCE)
        self._counters = {c.number: c for c in map(counter_from_json, board["counters"])}
        calls = [call_from_event(e) for e in board.get("recent_calls", []) if e.get("ticket")]
        calls = [c for c in calls if self._visible(c.counter)]
        self._timer.stop()
        self._pending.clear()
        self.now, self.highlighted = (calls[0], False) if calls else (None, False)
        self._recent.clear()
        self._recent.extend(self._unique(calls[1:]))
        self.notices = tuple(str(n) for n in board.get("notices", []))
        self.last_seq = int(board["seq"])
        self.apply_figures(board)
        for signal in (self.site_changed, self.counters_changed, self.now_changed,
                       self.recent_changed, self.notices_changed):  # fmt: skip
            signal.emit()

    def apply_figures(self, board: Json) -> None:
        """Waiting and today's figures from a (fresher) snapshot; nothing else is taken."""
        self._waiting_rows = list(board.get("waiting") or [])
        self.waiting = agencies_waiting(self._waiting_rows, self.agency_names)
        self.today = today_from_json(board.get("today") or {})
        self.figures_changed.emit()

    def set_agency_names(self, names: Mapping[str, tuple[str, str]]) -> None:
        self.agency_names = dict(names)
        self.waiting = agencies_waiting(self._waiting_rows, self.agency_names)
        self.figures_changed.emit()

    def set_connection(self, state: str) -> None:
        self.connection = state
        self.connection_changed.emit(state)

    # --- events -------------------------------------------------------------------------

    def apply_event(self, event: Json) -> bool:
        """Apply one event of the stream; False when it was already applied (or is a ping)."""
        kind = EventKind.of(event)
        if kind is EventKind.SNAPSHOT:
            self.apply_snapshot(event["board"])
            return True
        seq = event.get("seq")
        if not isinstance(seq, int) or seq <= self.last_seq:
            return False
        if seq != self.last_seq + 1:
            log.warning("event seq jumped from %d to %d", self.last_seq, seq)
        self.last_seq = seq
        self._dispatch(kind, event)
        if kind in _FIGURES:
            self.figures_stale.emit()
        return True

    def _dispatch(self, kind: EventKind, event: Json) -> None:
        if kind in (EventKind.CALLED, EventKind.RECALLED):
            self._on_call(call_from_event(event), event)
        elif kind is EventKind.STARTED:
            self._set_ticket(event, keep=True)
        elif kind in _CLEARING:
            self._set_ticket(event, keep=False)
        elif kind in _PHASES:
            self._set_phase(int(event["counter"]), _PHASES[kind])
        elif kind is EventKind.NOTICE:
            self.notices = tuple(str(n) for n in event.get("notices") or [])
            self.notices_changed.emit()
        elif kind is EventKind.DAY_RESET:
            self._recent.clear()
            self.recent_changed.emit()

    def _set_ticket(self, event: Json, keep: bool) -> None:
        number, ticket = event.get("counter"), event.get("ticket") or {}
        counter = self._counters.get(int(number)) if number is not None else None
        if counter is None:
            return
        if keep:
            counter = replace(counter, ticket=str(ticket["number"]), ticket_id=int(ticket["id"]))
        elif counter.ticket_id == ticket.get("id"):
            counter = replace(counter, ticket=None, ticket_id=None)
        self._counters[counter.number] = counter
        self.counters_changed.emit()

    def _set_phase(self, number: int, phase: CounterPhase) -> None:
        counter = self._counters.get(number) or CounterView(number, str(number))
        self._counters[number] = replace(counter, phase=phase)
        self.counters_changed.emit()

    def _on_call(self, call: Call, event: Json) -> None:
        self._set_ticket(event, keep=True)
        if not self._visible(call.counter):
            return
        self.call_received.emit(call)
        self._pending.append(call)
        if self.highlighted:
            self._hurry()
            self.now_changed.emit()  # the waiting line grew
        else:
            self.advance()

    def _hurry(self) -> None:
        """Others now wait: the call on show keeps its highlight for busy_ms in all."""
        shown_ms = self._timer.interval() - max(0, self._timer.remainingTime())
        left = self.timing.busy_ms - shown_ms
        if left < self._timer.remainingTime():
            self._timer.start(max(0, left))

    # --- the highlight ------------------------------------------------------------------

    def advance(self) -> None:
        """End the current highlight: show the next waiting call, or calm the one on show."""
        if not self._pending:
            self.highlighted = False
            self.now_changed.emit()
            return
        previous, self.now = self.now, self._pending.popleft()
        if previous is not None:
            self._recent = deque(self._unique([previous, *self._recent]), maxlen=RECENT_SIZE)
            self.recent_changed.emit()
        self.highlighted = True
        self.shown.append(self.now)
        self._timer.start(self.timing.busy_ms if self._pending else self.timing.alone_ms)
        self.now_changed.emit()

    def _unique(self, calls: list[Call]) -> list[Call]:
        """Newest first, one line per ticket, never the ticket on show."""
        seen = {self.now.ticket_id} if self.now is not None else set()
        kept = []
        for call in calls:
            if call.ticket_id not in seen:
                seen.add(call.ticket_id)
                kept.append(call)
        return kept
