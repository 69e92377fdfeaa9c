"""Phone pages' bench: 2,000 citizens' pages following their tickets beside 200 boards.

    .venv/bin/python bench/phone_bench.py [--pages 2000] [--seconds 20] [--pace 3]

A real `luot-core serve` on 127.0.0.1; 2,000 tickets issued, each with its page's stream
(`GET /t/{token}/events`, server-sent events) open, and 200 board subscribers on the
WebSocket; 12 counters call the queue, each every ``--pace`` seconds. Printed:

- call -> that ticket's page showing "called" (p50/p99; target p99 <= 100 ms),
- call -> every page whose place changed showing its new place,
- the limit beside it, measured in the same run: call -> the boards' delivery with the
  pages open, and with no page open at all (the core's fan-out alone),
- the core's RSS with the pages open, and without.

Pages and boards are raw sockets read by regex scans in helper processes, so that the load
generator is not what is measured. 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import re
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api_bench import (  # noqa: E402
    counters_process,
    opened,
    percentiles,
    rss_mb,
    served,
    subscriber_process,
)

TARGET_P99_MS = 100.0
BOARDS = 200
CALLED = re.compile(rb'"status": "(called|serving)"')
AHEAD = re.compile(rb'"ahead": (\d+)')


class _Page(asyncio.Protocol):
    """One phone page's stream: when its ticket is first shown called, and each new place."""

    def __init__(self, ticket: int, called: dict[int, float], moved: list[tuple[int, float]]):
        self.ticket, self.called, self.moved = ticket, called, moved
        self.tail = b""
        self.ahead: int | None = None

    def data_received(self, data: bytes) -> None:
        now = time.time()
        chunk = self.tail + data
        if self.ticket not in self.called and CALLED.search(chunk):
            self.called[self.ticket] = now
        for match in AHEAD.finditer(data):
            ahead = int(match.group(1))
            if self.ahead is not None and ahead != self.ahead:
                self.moved.append((ahead, now))
            self.ahead = ahead
        self.tail = chunk[-40:]


def _open_stream(port: int, token: str) -> socket.socket:
    head = "Host: 127.0.0.1\r\nAccept: text/event-stream"
    return opened(port, f"GET /t/{token}/events HTTP/1.1\r\n{head}\r\n\r\n", 200)


def pages_process(
    port: int, tickets: list[tuple[int, str]], ready: Any, stop: Any, out: Any
) -> None:
    import uvloop

    async def main() -> None:
        loop = asyncio.get_running_loop()
        called: dict[int, float] = {}
        moved: list[tuple[int, float]] = []
        for ticket, token in tickets:
            sock = _open_stream(port, token)
            await loop.create_connection(lambda t=ticket: _Page(t, called, moved), sock=sock)  # type: ignore[misc]
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        out.put((called, moved))

    uvloop.run(main())


def phase(pages: int, follow: bool, seconds: int, pace: float) -> dict[str, Any]:
    """A fresh core with ``pages`` tickets waiting; their pages open when ``follow``."""
    with (
        tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").is_dir() else None) as d,
        served(Path(d)) as core,
        httpx.Client(base_url=f"http://127.0.0.1:{core.port}", timeout=30) as api,
    ):
        head = {"Authorization": f"Bearer {core.kiosk}"}
        issued = []
        for _ in range(pages):
            answer = api.post("/api/v1/tickets", json={"service": "s1"}, headers=head)
            answer.raise_for_status()
            issued.append(answer.json())
        tickets = [(t["id"], t["public_token"]) for t in issued] if follow else []
        return run(core.port, core.kiosk, core.clerks, tickets, seconds, pace, core.server.pid)


def run(port: int, kiosk: str, clerks: list[str], tickets: list[tuple[int, str]], seconds: int,
        pace: float, server: int) -> dict[str, Any]:  # fmt: skip
    """The pages of ``tickets`` and the boards open, then the counters call for ``seconds``."""
    ctx = mp.get_context("spawn")
    halt, results, sent_q = ctx.Event(), ctx.Queue(), ctx.Queue()
    pages = len(tickets)
    readers: list[Any] = []
    for share in (tickets[: pages // 2], tickets[pages // 2 :]):
        if share:
            ready = ctx.Event()
            reader = ctx.Process(target=pages_process, args=(port, share, ready, halt, results))
            readers.append((reader, ready))
    board_q = ctx.Queue()
    board_ready = ctx.Event()
    boards = ctx.Process(target=subscriber_process,
                         args=(port, kiosk, BOARDS, board_ready, halt, board_q))  # fmt: skip
    for proc, _ in readers:
        proc.start()
    boards.start()
    for _, ready in readers:
        ready.wait(300)
    board_ready.wait(300)
    rss_open, _ = rss_mb(server)
    signed_in = ctx.Event()
    counters = ctx.Process(target=counters_process,
                           args=(port, clerks, seconds, pace, signed_in, sent_q))  # fmt: skip
    counters.start()
    signed_in.wait(120)
    sent: dict[int, float] = sent_q.get(timeout=seconds + 300)
    counters.join()
    time.sleep(2.0)  # the last calls reach the pages
    halt.set()
    called: dict[int, float] = {}
    moved: list[tuple[int, float]] = []
    for _ in readers:
        got, shifted = results.get(timeout=120)
        called.update(got)
        moved.extend(shifted)
    seen, _closed = board_q.get(timeout=120)
    for proc, _ in readers:
        proc.join()
    boards.join()
    rss, peak = rss_mb(server)
    to_page = [(called[t] - at) * 1000 for t, at in sent.items() if t in called]
    to_board = [(t - sent[ticket]) * 1000 for ticket, times in seen.items() if ticket in sent
                for t in times]  # fmt: skip
    # A page's place falls by one at each call of its service; the call that moved it is the
    # latest one sent before the page saw the change.
    calls = sorted(sent.values())
    to_moved = []
    for _ahead, at in moved:
        before = [c for c in calls if c <= at]
        if before:
            to_moved.append((at - before[-1]) * 1000)
    return {
        "calls": len(sent), "to_page": to_page, "to_board": to_board, "to_moved": to_moved,
        "pages_called": sum(1 for t in sent if t in dict(tickets)),
        "rss_open": rss_open, "rss": rss, "peak": peak,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=20, help="length of the calling")
    parser.add_argument(
        "--pace", type=float, default=3.0, help="seconds between one counter's calls"
    )
    args = parser.parse_args()
    alone = phase(args.pages, False, args.seconds, args.pace)
    loaded = phase(args.pages, True, args.seconds, args.pace)
    rate = alone["calls"] / args.seconds
    print(f"phone bench: 12 counters calling every {args.pace:g} s ({rate:.1f} calls/s), "
          f"{BOARDS} boards, {args.seconds} s per phase")  # fmt: skip
    b50, b99 = percentiles(alone["to_board"])
    print(f"  no pages:    call -> boards      p50 {b50:6.1f} ms  p99 {b99:6.1f} ms   "
          f"(the core's fan-out alone: the limit)   RSS {alone['rss']:.0f} MB")  # fmt: skip
    p50, p99 = percentiles(loaded["to_page"])
    m50, m99 = percentiles(loaded["to_moved"])
    l50, l99 = percentiles(loaded["to_board"])
    print(f"  {args.pages} pages: call -> that page  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms   "
          f"(target p99 <= {TARGET_P99_MS:.0f} ms; {len(loaded['to_page'])}/"
          f"{loaded['pages_called']} called pages)")  # fmt: skip
    print(f"  {args.pages} pages: call -> new place p50 {m50:6.1f} ms  p99 {m99:6.1f} ms   "
          f"({len(loaded['to_moved'])} place changes shown)")  # fmt: skip
    print(f"  {args.pages} pages: call -> boards    p50 {l50:6.1f} ms  p99 {l99:6.1f} ms")
    print(f"  core RSS with {args.pages} pages open: {loaded['rss_open']:.0f} MB, after the calls "
          f"{loaded['rss']:.0f} MB (peak {loaded['peak']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
