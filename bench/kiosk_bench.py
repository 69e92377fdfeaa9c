"""Kiosk speed: from the tap on a service to the first ESC/POS byte of the ticket at the printer.

The core runs on loopback (the sample site, open all day); the printer is a TCP listener
on 127.0.0.1 that answers DLE EOT like a ready printer and timestamps the first byte of
each ticket (status queries are not ticket bytes). Target: median <= 300 ms.

    .venv/bin/python bench/kiosk_bench.py [ROUNDS]
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from demo.screenshots.kiosk import demo_core, settle
from kiosk.app import build
from kiosk.flow import Screen, Timeouts
from printers import TicketPrinter
from ui_common import theme
from ui_common.bridge import CoreBridge
from ui_common.qt import QtWidgets

TARGET_MS = 300.0
READY = {1: 0x12, 2: 0x12, 4: 0x12}


class FirstByteClock:
    """A ready network printer that notes when the first ticket byte of each job arrives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.first_byte: float | None = None
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            connection, _ = self.server.accept()
            with connection:
                while chunk := connection.recv(65536):
                    self._take(connection, chunk)

    def _take(self, connection: socket.socket, chunk: bytes) -> None:
        if len(chunk) == 3 and chunk[:2] == b"\x10\x04":
            connection.sendall(bytes((READY[chunk[2]],)))
        elif self.first_byte is None:
            self.first_byte = time.perf_counter()


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    app = QtWidgets.QApplication([])
    theme.apply(app)
    clock = FirstByteClock()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LUOT_CONFIG_DIR"] = str(Path(tmp) / "config")
        with demo_core(Path(tmp)) as (url, token, _process):
            bridge = CoreBridge(url, token)
            kiosk = build(bridge, TicketPrinter(clock.url), timeouts=Timeouts())
            kiosk.window.resize(1080, 1920)
            kiosk.window.show()
            kiosk.start()
            settle(lambda: kiosk.live.online)
            times = []
            for _ in range(rounds):
                kiosk.flow.home()
                kiosk.flow.open_agency("stp")
                settle()
                tile = next(
                    w
                    for w in kiosk.window.findChildren(QtWidgets.QPushButton, "service:stp-lltp")
                    if w.isVisible()
                )
                clock.first_byte = None
                tapped = time.perf_counter()
                tile.click()
                settle(lambda: clock.first_byte is not None, seconds=10)
                if clock.first_byte is None:
                    raise SystemExit("no ticket byte reached the printer")
                times.append((clock.first_byte - tapped) * 1000)
                settle(lambda: kiosk.flow.screen is Screen.TICKET)
            kiosk.close()
            bridge.close()
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET_MS else "OVER TARGET"
    print(
        f"tap on a service -> first ESC/POS byte at the printer ({rounds} tickets,"
        " core on loopback)"
    )
    print(f"  median {median:.0f} ms   (min {min(times):.0f}, max {max(times):.0f})")
    print(f"  target <= {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
