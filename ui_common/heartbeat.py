"""A paired app's heartbeat: its version, uptime and (a kiosk's) printer state to the core."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from queue_core import __version__
from queue_core.client import CoreClient, CoreError
from queue_core.client import Heartbeat as Beaten
from ui_common.bridge import CoreBridge
from ui_common.offthread import OffThread
from ui_common.qt import QObject, QTimer, Signal
from ui_common.timings import TIMINGS, Timings

__all__ = ["Heartbeat", "PrinterState"]

log = logging.getLogger(__name__)

PrinterState = Callable[[], str]
"""Asks the device's printer and says its state as the console lists it (``ok``, ``paper_low``,
``paper_out``, ``none``…: ``kiosk/printer_state.py``). It may block (a printer answers within
2 s), so it runs off the Qt thread."""


class Heartbeat(QObject):
    """A beat at ``start`` and every ``timings.heartbeat_ms`` after, until ``stop``: the printer
    asked off the Qt thread first (an app with one), then the core told, with the device's own
    token (a clerk's session may be acting at the panel; the core takes beats from devices
    only). A missed beat is only logged: the next one tries again, and the console calls the
    device lost only after several."""

    delivered = Signal(object)
    """The core's answer to a beat (``queue_core.client.Heartbeat``)."""

    def __init__(
        self,
        bridge: CoreBridge,
        printer: PrinterState | None = None,
        timings: Timings = TIMINGS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.printer = bridge, printer
        self.started_at = time.monotonic()
        self.last_printer: str | None = None
        """The printer state the last beat carried (None: the app has no printer to speak of)."""
        self.stopped = False
        self.worker = OffThread("heartbeat-printer", self) if printer is not None else None
        self.timer = QTimer(self)
        self.timer.setInterval(timings.heartbeat_ms)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.timer.start()
        self.beat()

    def beat(self) -> None:
        if self.printer is None or self.worker is None:
            self._send(None)
        else:
            self.worker.run(self.printer, self._send)

    def _send(self, printer: str | None) -> None:
        if self.stopped:  # the printer answered after the app began to close
            return
        uptime = int(time.monotonic() - self.started_at)
        token = self.bridge.token

        async def send(core: CoreClient) -> Beaten:
            return await core.heartbeat(__version__, uptime, printer, token=token)

        self.last_printer = printer
        self.bridge.call(send, self.delivered.emit, self._missed)

    def _missed(self, error: CoreError) -> None:
        log.info("heartbeat not delivered: %s", error)

    def stop(self) -> None:
        """No more beats; waits for a printer being asked (at most its 2 s)."""
        self.stopped = True
        self.timer.stop()
        if self.worker is not None:
            self.worker.close()
