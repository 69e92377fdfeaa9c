"""The live catalogue: GET /services kept fresh by the event stream, and whether the core is here.

Tiles are enabled only while the event stream is connected. While it is not, the
services are polled every few seconds; the first answer restarts the stream at once
(no waiting for its back-off), and after a while without any answer the core is
looked for again on the LAN (rediscovery), when the kiosk was not told its URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalogue import Catalogue
from kiosk.offthread import OffThread
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
    CoreClient,
    CoreError,
    CoreEvent,
    Health,
    UnknownEvent,
)
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, QTimer, Signal

__all__ = ["Finder", "LiveCatalogue", "LiveTimings"]

log = logging.getLogger(__name__)

Finder = Callable[[], str]
"""Blocking: the URL of the core found now (zeroconf, else the device's settings)."""


@dataclass(frozen=True)
class LiveTimings:
    refresh_delay_ms: int = 200
    """Events come in bursts: one GET /services after the burst."""
    poll_ms: int = 3_000
    """While the stream is away: how often to try the core."""
    rediscover_after_polls: int = 10
    """Failed polls before looking for the core again on the LAN."""


class LiveCatalogue(QObject):
    changed = Signal()

    def __init__(
        self,
        bridge: CoreBridge,
        finder: Finder | None = None,
        timings: LiveTimings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.finder = finder
        self.timings = timings or LiveTimings()
        self.catalogue = Catalogue()
        self.state = ConnectionState.CONNECTING
        self.site_name = ""
        self.last_seq = 0
        self._failed_polls = 0
        self._discovery = OffThread("kiosk-discovery", self)
        self._refresh_timer = _single_shot(self, self.timings.refresh_delay_ms, self.refresh)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(self.timings.poll_ms)
        self._poll_timer.timeout.connect(self._poll)
        bridge.event_received.connect(self._on_event)
        bridge.connection_changed.connect(self._on_state)

    @property
    def online(self) -> bool:
        """The core is here and the catalogue is loaded: tickets can be taken."""
        return self.state is ConnectionState.CONNECTED and bool(self.catalogue.agencies)

    def start(self) -> None:
        """Read the site's name and the last seq, then follow the events from there."""

        async def health(core: CoreClient) -> Health:
            return await core.health()

        self._poll_timer.start()
        self.bridge.call(health, self._started, lambda _error: self.bridge.subscribe(0))

    def _started(self, health: Health) -> None:
        self.site_name = health.site_name
        self.last_seq = health.seq
        self.bridge.subscribe(health.seq)
        self.refresh()

    def refresh(self) -> None:
        async def services(core: CoreClient) -> list[AgencyInfo]:
            return await core.services()

        self.bridge.call(services, self._loaded, self._failed)

    def _loaded(self, agencies: list[AgencyInfo]) -> None:
        self.catalogue = Catalogue.from_agencies(agencies, self.site_name)
        self._failed_polls = 0
        self.changed.emit()

    def _failed(self, error: CoreError) -> None:
        log.info("services not read: %s", error)

    def _on_event(self, event: CoreEvent) -> None:
        self.last_seq = max(self.last_seq, event.seq)
        if not isinstance(event, UnknownEvent):
            self._refresh_timer.start()

    def _on_state(self, state: ConnectionState) -> None:
        self.state = state
        if self.state is ConnectionState.CONNECTED:
            self._poll_timer.stop()
            self.refresh()
        elif not self._poll_timer.isActive():
            self._poll_timer.start()
        self.changed.emit()

    # --- while the stream is away ---------------------------------------------------------

    def _poll(self) -> None:
        if self.state is ConnectionState.CONNECTED:
            self._poll_timer.stop()
            return

        async def services(core: CoreClient) -> list[AgencyInfo]:
            return await core.services()

        self.bridge.call(services, self._answered, self._unanswered)

    def _answered(self, agencies: list[AgencyInfo]) -> None:
        self._loaded(agencies)
        if self.state is not ConnectionState.CONNECTED:
            log.info("core answers again: restarting the event stream at %d", self.last_seq)
            self.bridge.subscribe(self.last_seq)

    def _unanswered(self, error: CoreError) -> None:
        self._failed_polls += 1
        if self.finder is not None and self._failed_polls >= self.timings.rediscover_after_polls:
            self._failed_polls = 0
            self._discovery.run(self.finder, self._found)

    def _found(self, url: str) -> None:
        if url.rstrip("/") == self.bridge.base_url.rstrip("/"):
            return
        log.warning("core moved: %s -> %s", self.bridge.base_url, url)
        self.bridge.set_endpoint(url, self.bridge.token)
        self.bridge.subscribe(self.last_seq)

    def close(self) -> None:
        """Stop listening to the bridge (before the bridge closes) and stop every timer."""
        self.bridge.event_received.disconnect(self._on_event)
        self.bridge.connection_changed.disconnect(self._on_state)
        self._poll_timer.stop()
        self._refresh_timer.stop()
        self._discovery.close()


def _single_shot(parent: QObject, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
