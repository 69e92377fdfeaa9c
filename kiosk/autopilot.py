"""The demo hall's kiosk autopilot: nobody taps, so every few seconds a citizen takes a ticket,
through the intents the kiosk's own taps call (home, the agency, the service)."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.flow import KioskFlow, Screen
from ui_common.qt import QObject, QTimer

__all__ = ["KioskAutopilot"]

FIRST_MS = 3000
"""The first citizen comes soon after the start (and again each second until the kiosk can
take a ticket), not a whole period later."""


class KioskAutopilot(QObject):
    """Takes a ticket for each of ``services`` in turn, every ``every_s`` seconds."""

    def __init__(
        self,
        flow: KioskFlow,
        services: Sequence[str],
        every_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not services:
            raise ValueError("the kiosk's autopilot needs at least one service")
        self.flow, self.services = flow, tuple(services)
        self.taken = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(200, round(every_s * 1000)))
        self._timer.timeout.connect(self.step)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(min(FIRST_MS, self._timer.interval()))
        self._first.timeout.connect(self._first_step)

    def start(self) -> None:
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()

    def _first_step(self) -> None:
        if not self.step():
            self._first.start(1000)

    def step(self) -> bool:
        """One citizen's taps; False (nothing tapped) while the kiosk cannot take a ticket."""
        flow = self.flow
        if flow.screen is Screen.PRINTING or not flow.can_take:
            return False
        service = flow.live.catalogue.service(self.services[self.taken % len(self.services)])
        self.taken += 1
        if service is None:
            return False
        flow.home()
        flow.open_agency(service.agency_id)
        flow.choose_service(service.id)
        return flow.screen is Screen.PRINTING
