"""The hall board's speed and memory: event → painted latency p50/p99, and the board's RSS.

    .venv/bin/python bench/board_bench.py [--calls 100] [--counters 48]

A real core (subprocess, 127.0.0.1) and the real board (offscreen, 1920×1080, the default
voice pack, a recording audio sink) in this process. A clerk thread calls tickets at
counters in turn; each latency runs from just before the clerk's `next` request leaves (the
call's own `at` has whole seconds only, so this is an upper bound: it includes the HTTP
request and the commit) to the end of the first paint of "now calling" that shows the number.
The highlight is shortened so that each call goes straight to "now calling" (the normal 10 s
would measure the queueing of highlights, not the board's speed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from hall_board.model import BoardModel, Timing
from hall_board.run import Board, assemble
from hall_board.voice.build import build_default_pack
from hall_board.widgets import Orientation
from harness.server import CoreServer, running_core
from queue_core.client import ConnectionState, CoreEvent, TicketEvent
from queue_core.domain import EventType
from ui_common import CoreBridge, load_fonts
from ui_common.qt import QtWidgets
from ui_common.sound import RecordingSink

TARGET_P99_MS = 100.0
TARGET_RSS_MB = 250.0
SPACING_S = 0.25


def site(counters: int) -> str:
    head = """
[site]
id = "bench"
name = "Trung tâm đo"
[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]
[kiosk]
tickets_per_minute = 0  # the bench issues its tickets in a burst from one kiosk token
[[agencies]]
id = "a"
name = "Sở Tư pháp"
[[services]]
id = "s"
agency = "a"
name = "Chứng thực"
numbers = "1001-9999"
"""
    return head + "".join(
        f'\n[[counters]]\nnumber = {n}\nservices = ["s"]\n' for n in range(1, counters + 1)
    )


class Clerks:
    """Opens every counter, issues tickets, then calls them one by one from a thread."""

    def __init__(self, core: CoreServer, counters: int) -> None:
        self.core = core
        self.counters = counters
        self.http = httpx.Client(base_url=core.base_url, timeout=10)
        self.sessions = {n: core.login("lan", "1234", n) for n in range(1, counters + 1)}
        for n, token in self.sessions.items():
            self._post(f"/api/v1/counters/{n}/open", token)
        kiosk = core.pair_device("kiosk")
        self.sent: dict[str, float] = {}

        self._kiosk = kiosk

    def _post(self, path: str, token: str, body: dict | None = None) -> httpx.Response:
        response = self.http.post(
            path, json=body or {}, headers={"Authorization": f"Bearer {token}"}
        )
        response.raise_for_status()
        return response

    def issue(self, count: int) -> None:
        for _ in range(count):
            self._post("/api/v1/tickets", self._kiosk, {"service": "s"})

    def call(self, count: int) -> None:
        for i in range(count):
            counter = i % self.counters + 1
            token = self.sessions[counter]
            started = time.perf_counter()
            number = self._post(f"/api/v1/counters/{counter}/next", token).json()["number"]
            self.sent[number] = started
            self._post(f"/api/v1/counters/{counter}/start", token)
            time.sleep(SPACING_S)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Figures:
    """Milliseconds per call: from the clerk's request, and from the event's arrival."""

    from_call: list[float]
    from_event: list[float]


def measure(board: Board, clerks: Clerks, calls: int, app: QtWidgets.QApplication) -> Figures:
    painted: dict[str, float] = {}
    arrived: dict[str, float] = {}

    def shown(_seq: int) -> None:
        now = board.model.now
        if now is not None and now.ticket not in painted:
            painted[now.ticket] = time.perf_counter()

    def received(event: CoreEvent) -> None:
        if isinstance(event, TicketEvent) and event.kind is EventType.TICKET_CALLED:
            arrived[event.ticket.number] = time.perf_counter()

    board.bridge.event_received.connect(received)
    board.window.now.frame_shown.connect(shown)
    worker = threading.Thread(target=clerks.call, args=(calls,), daemon=True)
    worker.start()
    deadline = time.monotonic() + calls * SPACING_S * 4 + 60
    while (worker.is_alive() or len(painted) < calls) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    return Figures(
        sorted((painted[n] - t) * 1000 for n, t in clerks.sent.items() if n in painted),
        sorted((painted[n] - t) * 1000 for n, t in arrived.items() if n in painted),
    )


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def line(label: str, values: list[float], target: str) -> str:
    p50, p99 = statistics.median(values), percentile(values, 0.99)
    return (
        f"  {label:<18} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   max {values[-1]:6.1f} ms   {target}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--counters", type=int, default=48)
    args = parser.parse_args()
    app = QtWidgets.QApplication([])
    load_fonts()
    with (
        tempfile.TemporaryDirectory() as folder,
        running_core(Path(folder), site(args.counters)) as core,
    ):
        pack = build_default_pack(Path(folder) / "voice")
        clerks = Clerks(core, args.counters)
        clerks.issue(args.calls)
        model = BoardModel(timing=Timing(alone_ms=150, busy_ms=150))
        bridge = CoreBridge(core.base_url, core.pair_device("board"))
        board = assemble(bridge, None, Orientation.LANDSCAPE, pack.parent,
                         sink=RecordingSink(), model=model)  # fmt: skip
        board.window.show()
        board.controller.start()
        while board.model.connection is not ConnectionState.CONNECTED:
            app.processEvents()
            time.sleep(0.005)
        figures = measure(board, clerks, args.calls, app)
        rss = rss_mb()
        said = len(board.queue.sink.played) if board.queue else 0
        board.close()
        board.bridge.close()
        board.window.close()
        board.window.deleteLater()
        app.processEvents()
    count = len(figures.from_call)
    print(f"board bench: {count}/{args.calls} calls painted, {args.counters} counters, "
          f"1920x1080 offscreen, {said} announcements rendered")  # fmt: skip
    print(line("call -> painted", figures.from_call, f"(target p99 <= {TARGET_P99_MS:.0f} ms)"))
    print(line("event -> painted", figures.from_event, "(the board's own share)"))
    print(f"  board RSS        {rss:6.1f} MB                    (target <= {TARGET_RSS_MB:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
