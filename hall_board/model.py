"""The board's view-model: the snapshot and the events made into what the screen shows.

It keeps the last ``seq`` applied (an event at or below it is never applied twice), the
counters, the call on show and the calls waiting their turn to be shown, the recent
calls, waiting per agency, today's figures, the notices, the site's look and voice (under
the command line's), this month's dossiers, and which page the rotating slot shows.
No widget, no network.
"""

from __future__ import annotations

import enum
import logging
from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from hall_board.numbers_vi import FourAfterTens, NumberStyle, ReadingMode, ZeroTens
from hall_board.slots import FIGURES_PAGE, SlotKind, SlotPage, same_page, slot_pages
from hall_board.state import (
    Appearance,
    Call,
    CounterView,
    LookOverrides,
    VoiceChoices,
    appearance_of,
    call_of,
    counter_view,
    voice_choices_of,
)
from hall_board.voice import Voicing
from queue_core.client import (
    Board,
    BoardAgency,
    ConnectionState,
    CoreEvent,
    CounterEvent,
    CounterState,
    DayReset,
    DossierChanged,
    DossierFigures,
    EventType,
    NoticesChanged,
    StreamSnapshot,
    TicketEvent,
    TodayFigures,
    UnknownEvent,
)
from ui_common import PALETTE
from ui_common.qt import QObject, QTimer, Signal

__all__ = ["BoardModel", "Timing", "voicing_of"]

log = logging.getLogger(__name__)

RECENT_SIZE = 8
_CLEARING = {
    EventType.TICKET_FINISHED,
    EventType.TICKET_NO_SHOW,
    EventType.TICKET_TRANSFERRED,
    EventType.TICKET_CANCELLED,
}
_PHASES = {
    EventType.COUNTER_OPENED: CounterState.OPEN,
    EventType.COUNTER_PAUSED: CounterState.PAUSED,
    EventType.COUNTER_CLOSED: CounterState.CLOSED,
}
_FIGURES = {EventType.TICKET_ISSUED, EventType.SERVICE_CHANGED, EventType.DAY_RESET} | _CLEARING
"""The events that move the waiting counts or today's figures."""


@dataclass(frozen=True)
class Timing:
    """How long a call is highlighted: ``alone_ms`` when no other waits, else ``busy_ms``."""

    alone_ms: int = 10_000
    busy_ms: int = 6_000
    figures_ms: int = 20_000
    """How long the rotating slot shows waiting and today's figures."""
    dossier_ms: int = 12_000
    """How long it shows one page of this month's dossiers."""


DEFAULT_APPEARANCE = Appearance(
    PALETTE.board_ground, PALETTE.board_ink, PALETTE.board_number, accent=PALETTE.accent
)


def voicing_of(choices: VoiceChoices) -> Voicing:
    """The voicing of these choices; a value the board does not know falls back to its default."""

    def pick(kind: type[enum.StrEnum], value: str | None, default: enum.StrEnum) -> Any:
        try:
            return kind(value) if value else default
        except ValueError:
            log.warning("unknown voice choice %r; saying %r instead", value, default.value)
            return default

    style = NumberStyle(
        pick(ReadingMode, choices.read_numbers, ReadingMode.NUMBER),
        pick(ZeroTens, choices.zero_tens, ZeroTens.LINH),
        pick(FourAfterTens, choices.four, FourAfterTens.BON),
    )
    return Voicing(style, bool(choices.english), bool(choices.repeat_priority))


class BoardModel(QObject):
    counters_changed = Signal()
    now_changed = Signal()
    """The call on show, whether it is highlighted, or the calls waiting their turn changed."""
    recent_changed = Signal()
    figures_changed = Signal()
    notices_changed = Signal()
    site_changed = Signal()
    connection_changed = Signal(object)
    """The stream's ConnectionState."""
    call_received = Signal(object)
    """A new Call for this board's zone, at once and in seq order (the announcer's input)."""
    figures_stale = Signal()
    """Waiting counts or today's figures have moved: a fresh snapshot should be read."""
    dossiers_changed = Signal()
    dossiers_stale = Signal()
    """A dossier changed, or the notices (so may the dossiers): the month's figures should be
    read again."""
    slot_changed = Signal()
    """The rotating slot shows another page."""

    def __init__(
        self, zone: str | None = None, timing: Timing = Timing(), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.zone = zone or None
        self.timing = timing
        self.last_seq = 0
        self.site_name = ""
        self.site_name_en = ""
        self.look_overrides = LookOverrides()
        self.voice_overrides = VoiceChoices()
        self.appearance = DEFAULT_APPEARANCE
        self.site_voice = VoiceChoices()
        self.site_logo: bytes | None = None
        self.connection = ConnectionState.CONNECTING
        self._counters: dict[int, CounterView] = {}
        self.now: Call | None = None
        self.highlighted = False
        self._pending: deque[Call] = deque()
        self._recent: deque[Call] = deque(maxlen=RECENT_SIZE)
        self.shown: list[Call] = []
        """Every call put on show since start, in order (a log for tests and drills)."""
        self.waiting: tuple[BoardAgency, ...] = ()
        self.today = TodayFigures()
        self.notices: tuple[str, ...] = ()
        self.dossiers = DossierFigures()
        self.slots: tuple[SlotPage, ...] = (FIGURES_PAGE,)
        self.slot_index = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)
        self._slot_timer = QTimer(self)
        self._slot_timer.setSingleShot(True)
        self._slot_timer.timeout.connect(self.next_slot)

    # --- what the widgets read ----------------------------------------------------------

    def counters(self) -> list[CounterView]:
        """The counters of this board's zone, by number."""
        return [c for n, c in sorted(self._counters.items()) if self._visible(n)]

    def pending(self) -> list[Call]:
        return list(self._pending)

    def recent(self) -> list[Call]:
        """Calls shown before the one on show, newest first (at most 8)."""
        return list(self._recent)

    @property
    def logo(self) -> bytes | None:
        """The logo to show (PNG or SVG bytes): the command line's, else the site's."""
        return self.look_overrides.logo or self.site_logo

    @property
    def wants_logo(self) -> bool:
        """The site has a logo on the core and the command line gives none."""
        return self.appearance.logo is not None and self.look_overrides.logo is None

    @property
    def voicing(self) -> Voicing:
        """How calls are said: the command line's choices over the site file's."""
        return voicing_of(self.voice_overrides.over(self.site_voice))

    @property
    def slot(self) -> SlotPage:
        return self.slots[self.slot_index]

    def counter_name(self, number: int) -> str:
        counter = self._counters.get(number)
        return counter.name if counter else str(number)

    def _visible(self, counter: int) -> bool:
        if self.zone is None:
            return True
        known = self._counters.get(counter)
        return known is not None and known.zone == self.zone

    # --- the snapshot -------------------------------------------------------------------

    def apply_snapshot(self, board: Board) -> None:
        """Start from a snapshot: counters, recent calls (not announced), figures, notices."""
        site = board.site
        self.site_name, self.site_name_en = site.name, site.name_en
        self.appearance = self.look_overrides.over(appearance_of(site.look, DEFAULT_APPEARANCE))
        self.site_voice = voice_choices_of(site.look)
        if self.appearance.logo is None:
            self.site_logo = None
        self._counters = {c.number: counter_view(c) for c in board.counters}
        calls = [c for c in map(call_of, board.recent_calls) if self._visible(c.counter)]
        self._timer.stop()
        self._pending.clear()
        self.now, self.highlighted = (calls[0], False) if calls else (None, False)
        self._recent.clear()
        self._recent.extend(self._unique(calls[1:]))
        self.notices = board.notices
        self.last_seq = board.seq
        self.apply_figures(board)
        for signal in (self.site_changed, self.counters_changed, self.now_changed,
                       self.recent_changed, self.notices_changed):  # fmt: skip
            signal.emit()

    def apply_figures(self, board: Board) -> None:
        """Waiting per agency and today's figures from a (fresher) snapshot; nothing else."""
        self.waiting = board.agencies
        self.today = board.today
        self.figures_changed.emit()

    def set_overrides(self, look: LookOverrides, voice: VoiceChoices) -> None:
        """The command line's look and voice, which win over the site file's."""
        self.look_overrides, self.voice_overrides = look, voice
        self.appearance = look.over(self.appearance)
        self.site_changed.emit()

    def set_logo(self, data: bytes | None) -> None:
        """The site's logo as the core serves it (PNG or SVG bytes)."""
        self.site_logo = data or None
        self.site_changed.emit()

    # --- the month's dossiers and the rotating slot -------------------------------------

    def apply_dossiers(self, figures: DossierFigures) -> None:
        """``GET /api/v1/dossiers``; the slot's round is rebuilt, staying on its page if kept."""
        self.dossiers = figures
        current = self.slot
        self.slots = slot_pages(self.dossiers)
        same = [i for i, p in enumerate(self.slots) if same_page(p, current)]
        self.slot_index = same[0] if same else 0
        self.dossiers_changed.emit()
        self.slot_changed.emit()
        if len(self.slots) == 1:
            self._slot_timer.stop()
        elif not self._slot_timer.isActive():
            self._slot_timer.start(self._slot_ms(self.slot))

    def next_slot(self) -> None:
        """Show the next page of the rotating slot (the timer calls this; so may a test)."""
        self.slot_index = (self.slot_index + 1) % len(self.slots)
        self.slot_changed.emit()
        if len(self.slots) > 1:
            self._slot_timer.start(self._slot_ms(self.slot))

    def _slot_ms(self, page: SlotPage) -> int:
        return self.timing.figures_ms if page.kind is SlotKind.FIGURES else self.timing.dossier_ms

    def set_connection(self, state: ConnectionState) -> None:
        self.connection = state
        self.connection_changed.emit(state)

    # --- events -------------------------------------------------------------------------

    def apply_event(self, event: CoreEvent) -> bool:
        """Apply one message of the stream; False when it was already applied."""
        if isinstance(event, StreamSnapshot):
            self.apply_snapshot(event.board)
            return True
        if event.seq <= self.last_seq:
            return False
        if event.seq != self.last_seq + 1:
            log.warning("event seq jumped from %d to %d", self.last_seq, event.seq)
        self.last_seq = event.seq
        if isinstance(event, UnknownEvent):  # from a newer core: nothing this board shows
            return True
        self._dispatch(event)
        if event.kind in _FIGURES:
            self.figures_stale.emit()
        return True

    def _dispatch(self, event: CoreEvent) -> None:
        if isinstance(event, TicketEvent):
            if event.is_call:
                self._on_call(call_of(event), event)
            elif event.kind is EventType.TICKET_STARTED:
                self._set_ticket(event, keep=True)
            elif event.kind in _CLEARING:
                self._set_ticket(event, keep=False)
        elif isinstance(event, CounterEvent):
            self._set_phase(event.counter, _PHASES[event.kind])
        elif isinstance(event, NoticesChanged):
            self.notices = event.notices
            self.notices_changed.emit()
            self.dossiers_stale.emit()
        elif isinstance(event, DossierChanged):
            self.dossiers_stale.emit()
        elif isinstance(event, DayReset):
            self._recent.clear()
            self.recent_changed.emit()

    def _set_ticket(self, event: TicketEvent, keep: bool) -> None:
        number, ticket = event.counter, event.ticket
        counter = self._counters.get(number) if number is not None else None
        if counter is None:
            return
        if keep:
            counter = replace(counter, ticket=ticket.number, ticket_id=ticket.id)
        elif counter.ticket_id == ticket.id:
            counter = replace(counter, ticket=None, ticket_id=None)
        self._counters[counter.number] = counter
        self.counters_changed.emit()

    def _set_phase(self, number: int, phase: CounterState) -> None:
        counter = self._counters.get(number) or CounterView(number, str(number))
        self._counters[number] = replace(counter, phase=phase)
        self.counters_changed.emit()

    def _on_call(self, call: Call, event: TicketEvent) -> None:
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
