"""The counter-facing display as a view-model: the number called here, who is waiting, the
counter's state and clerk, the flash on each call, and the rating when a ticket finishes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from counter_display.rating import RatingLevels, RatingViewModel
from counter_display.state import CounterSnapshot
from queue_core.client import (
    AgencyInfo,
    Board,
    ConnectionState,
    CoreClient,
    CoreError,
    CoreEvent,
    TicketEvent,
    TicketInfo,
    UnknownEvent,
)
from queue_core.domain import EventType
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, QTimer, Signal
from ui_common.texts import Lang, in_lang

log = logging.getLogger(__name__)

RELOAD_SOON_MS = 300
RETRY_MS = 3000

_CLEARS = {EventType.TICKET_FINISHED, EventType.TICKET_NO_SHOW, EventType.TICKET_TRANSFERRED}


class DisplayViewModel(QObject):
    """Follows the core's events for one counter. ``flash`` and ``announced`` fire on each
    call and recall (``announced`` carries the number, e.g. for an LED line)."""

    changed = Signal()
    flash = Signal()
    announced = Signal(str)

    def __init__(
        self,
        bridge: CoreBridge,
        counter: int,
        lang: Lang = Lang.VI,
        *,
        rating: RatingViewModel | None = None,
        own_stream: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.counter, self.lang = bridge, counter, lang
        self.rating = rating or RatingViewModel(bridge, parent=self)
        self.snapshot = CounterSnapshot.closed(counter)
        self.agencies: list[AgencyInfo] = []
        self.site_name = ""
        self.connected = True
        self._own_stream = own_stream
        self._subscribed = False
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(RELOAD_SOON_MS)
        self._soon.timeout.connect(self.reload)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.reload)
        self.rating.changed.connect(self.changed.emit)
        bridge.event_received.connect(self.on_event)
        bridge.connection_changed.connect(self.on_connection)

    # --- what the widgets read --------------------------------------------------------------

    @property
    def ticket(self) -> TicketInfo | None:
        return self.snapshot.ticket

    def services(self) -> list[tuple[str, str]]:
        """(agency name, service name) of each service this counter serves, in its order."""
        names: dict[str, tuple[str, str]] = {}
        for agency in self.agencies:
            agency_name = in_lang(self.lang, agency.name, agency.name_en)
            for service in agency.services:
                service_name = in_lang(self.lang, service.name, service.name_en)
                names[service.id] = (agency_name, service_name)
        return [names[s] for s in self.snapshot.services if s in names]

    def set_lang(self, lang: Lang) -> None:
        self.lang = lang
        self.changed.emit()

    # --- the core ---------------------------------------------------------------------------

    def reload(self) -> None:
        async def work(core: CoreClient) -> tuple[Board, list[AgencyInfo]]:
            board, agencies = await asyncio.gather(core.board(), core.services())
            return board, agencies

        self.bridge.call(work, self._reloaded, self._reload_failed)

    def _reloaded(self, answer: tuple[Board, list[AgencyInfo]]) -> None:
        board, self.agencies = answer
        self.site_name = board.site.name
        self.rating.levels = RatingLevels.from_rules(board.site.rating)
        mine = [c for c in board.counters if c.number == self.counter]
        if mine:
            self.snapshot = CounterSnapshot.from_info(mine[0])
        self.connected = True
        if self._own_stream and not self._subscribed:
            self._subscribed = True
            self.bridge.subscribe(board.seq)
        self.changed.emit()

    def _reload_failed(self, error: CoreError) -> None:
        log.warning("the display could not read the counter: %s", error)
        self._retry.start()

    def stop(self) -> None:
        """Stop the timers and stop listening to the bridge (before the bridge closes)."""
        self._soon.stop()
        self._retry.stop()
        self.rating.cancel()
        self.bridge.event_received.disconnect(self.on_event)
        self.bridge.connection_changed.disconnect(self.on_connection)

    def on_connection(self, state: ConnectionState) -> None:
        was = self.connected
        self.connected = state is not ConnectionState.RECONNECTING
        if self.connected and not was:
            self.reload()
        if was != self.connected:
            self.changed.emit()

    def on_event(self, event: CoreEvent) -> None:
        if isinstance(event, TicketEvent) and event.counter == self.counter:
            self._ticket_event(event.kind, event.ticket)
        elif isinstance(event, UnknownEvent):
            return
        if not self._soon.isActive():
            self._soon.start()  # waiting list, state and clerk follow

    def _ticket_event(self, kind: EventType, ticket: TicketInfo) -> None:
        if kind in (EventType.TICKET_CALLED, EventType.TICKET_RECALLED):
            self.rating.cancel()  # the next citizen's number comes first
            self.snapshot = replace(self.snapshot, ticket=ticket)
            self.changed.emit()
            self.flash.emit()
            self.announced.emit(ticket.number)
        elif kind is EventType.TICKET_STARTED:
            self.snapshot = replace(self.snapshot, ticket=ticket)
            self.changed.emit()
        elif kind in _CLEARS:
            self.snapshot = replace(self.snapshot, ticket=None)
            self.changed.emit()
            if kind is EventType.TICKET_FINISHED:
                self.rating.begin(ticket)
