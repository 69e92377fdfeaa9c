"""The counter-facing display as a view-model: the number called here, who is waiting, the
counter's state and clerk, the flash on each call, and the rating when a ticket finishes."""

from __future__ import annotations

from dataclasses import replace

from counter_display.live import CounterRead, counter_connection
from counter_display.rating import RatingLevels, RatingViewModel
from counter_display.state import CounterSnapshot
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
    CoreEvent,
    EventType,
    TicketEvent,
    TicketInfo,
    UnknownEvent,
)
from ui_common.bridge import CoreBridge
from ui_common.live import LiveConnection
from ui_common.qt import QObject, Signal
from ui_common.texts import Lang, in_lang

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
        live: LiveConnection[CounterRead] | None = None,
        rates: bool = True,
        parent: QObject | None = None,
    ) -> None:
        """``live``: the connection of the clerk's panel beside it on this bridge, shared;
        one of its own by default. ``rates``: it asks the citizen for a rating, which only a
        display paired to its counter may send (not a window beside the clerk's panel, whose
        bridge holds the clerk's session)."""
        super().__init__(parent)
        self.bridge, self.counter, self.lang = bridge, counter, lang
        self.rates = rates
        self.rating = rating or RatingViewModel(bridge, parent=self)
        self.snapshot = CounterSnapshot.closed(counter)
        self.agencies: list[AgencyInfo] = []
        self.site_name = ""
        self.connected = True
        self._own_live = live is None
        self.live = live or counter_connection(bridge, self)
        self.live.snapshot_taken.connect(self._reloaded)
        self.live.refreshed.connect(self._reloaded)
        self.live.event_received.connect(self.on_event)
        self.live.state_changed.connect(self.on_connection)
        self.rating.changed.connect(self.changed.emit)

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
        """Read the counter again; the first read opens the event stream (when the
        connection is the display's own)."""
        self.live.refresh()

    def _reloaded(self, answer: CounterRead) -> None:
        board, self.agencies = answer
        self.site_name = board.site.name
        self.rating.levels = RatingLevels.from_rules(board.site.rating)
        mine = [c for c in board.counters if c.number == self.counter]
        if mine:
            self.snapshot = CounterSnapshot.from_info(mine[0])
        self.connected = True
        self.changed.emit()

    def stop(self) -> None:
        """Stop the rating and the display's own connection to the core (before the bridge
        closes); a shared one is stopped by whoever made it."""
        self.rating.cancel()
        if self._own_live:
            self.live.stop()

    def on_connection(self, state: ConnectionState) -> None:
        """The stream's state; once back after a drop, the connection reads the counter again."""
        was = self.connected
        self.connected = state not in (ConnectionState.RECONNECTING, ConnectionState.NOT_TRUSTED)
        if was != self.connected:
            self.changed.emit()

    def on_event(self, event: CoreEvent) -> None:
        if isinstance(event, TicketEvent) and event.counter == self.counter:
            self._ticket_event(event.kind, event.ticket)
        elif isinstance(event, UnknownEvent):
            return
        self.live.refresh_soon()  # waiting list, state and clerk follow

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
            if kind is EventType.TICKET_FINISHED and self.rates:
                self.rating.begin(ticket)
