"""The kiosk's heartbeat: every ~30 s, its version, uptime and printer status to the core."""

from __future__ import annotations

import logging
import time

from kiosk.taking import PrinterSeam
from printers import PrinterStatus
from queue_core import __version__
from queue_core.client import CoreClient, CoreError
from ui_common.bridge import CoreBridge
from ui_common.offthread import OffThread
from ui_common.qt import QObject, QTimer

__all__ = ["Heartbeat", "printer_code"]

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000


def printer_code(status: PrinterStatus | None) -> str:
    """The printer's state as the console lists it: ``ok``, ``paper_low``, ``paper_out``..."""
    if status is None:
        return "none"
    if status.problem is not None:
        return status.problem.kind.value
    return "paper_low" if status.paper.value == "low" else "ok"


class Heartbeat(QObject):
    """Asks the printer off the Qt thread, then tells the core; a missed beat is only logged."""

    def __init__(
        self,
        bridge: CoreBridge,
        printer: PrinterSeam | None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.printer = bridge, printer
        self.started_at = time.monotonic()
        self.last_code: str | None = None
        self.worker = OffThread("kiosk-heartbeat", self)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.timer.start()
        self.beat()

    def beat(self) -> None:
        printer = self.printer
        if printer is None:
            self._send(None)
        else:
            self.worker.run(printer.status, self._send)

    def _send(self, status: PrinterStatus | None) -> None:
        code = printer_code(status)
        uptime = int(time.monotonic() - self.started_at)

        async def send(core: CoreClient) -> None:
            await core.heartbeat(__version__, uptime, code)

        self.last_code = code
        self.bridge.call(send, None, self._missed)

    def _missed(self, error: CoreError) -> None:
        log.info("heartbeat not delivered: %s", error)

    def close(self) -> None:
        self.timer.stop()
        self.worker.close()
