"""The live catalogue: GET /services kept fresh by the event stream, and whether the core is here.

Tiles are enabled only while the event stream is connected. The kiosk's LiveConnection
polls while the stream is away (the first answer opens it again at once) and, when the
kiosk was not told its URL, looks for a core that moved (``ui_common.live``).
"""

from __future__ import annotations

import asyncio

from kiosk.catalogue import Catalogue
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
    CoreClient,
    CoreEvent,
    Health,
    UnknownEvent,
)
from ui_common.bridge import CoreBridge
from ui_common.live import Finder, LiveConnection
from ui_common.qt import QObject, Signal
from ui_common.timings import TIMINGS, Timings

__all__ = ["LiveCatalogue", "Services"]

Services = tuple[Health, list[AgencyInfo]]
"""What the kiosk reads of the core: its health (the site's name, the last seq), the services."""


async def read_services(core: CoreClient) -> Services:
    health, agencies = await asyncio.gather(core.health(), core.services())
    return health, agencies


class LiveCatalogue(QObject):
    changed = Signal()

    def __init__(
        self,
        bridge: CoreBridge,
        finder: Finder | None = None,
        timings: Timings = TIMINGS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.catalogue = Catalogue()
        self.site_name = ""
        self.live: LiveConnection[Services] = LiveConnection(
            bridge, read_services, lambda read: read[0].seq,
            poll=True, finder=finder, timings=timings, parent=self,
        )  # fmt: skip
        self.live.snapshot_taken.connect(self._loaded)
        self.live.refreshed.connect(self._loaded)
        self.live.event_received.connect(self._on_event)
        self.live.state_changed.connect(lambda _state: self.changed.emit())

    @property
    def state(self) -> ConnectionState:
        return self.live.state

    @property
    def last_seq(self) -> int:
        return self.live.last_seq

    @property
    def online(self) -> bool:
        """The core is here and the catalogue is loaded: tickets can be taken."""
        return self.state is ConnectionState.CONNECTED and bool(self.catalogue.agencies)

    def start(self) -> None:
        """Read the site's name, the services and the last seq, then follow the events."""
        self.live.start()

    def refresh(self) -> None:
        self.live.refresh()

    def _loaded(self, read: Services) -> None:
        health, agencies = read
        self.site_name = health.site_name
        self.catalogue = Catalogue.from_agencies(agencies, self.site_name)
        self.changed.emit()

    def _on_event(self, event: CoreEvent) -> None:
        if not isinstance(event, UnknownEvent):
            self.live.refresh_soon()

    def close(self) -> None:
        """Stop following the core (before the bridge closes)."""
        self.live.stop()
