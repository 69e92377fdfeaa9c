"""API bench: a real `luot-core serve`, wrk for kiosks, counters calling, many WebSocket boards.

Prints in one run: the raw SQLite limit (fsync'd issue-like transactions/s on this disk),
the server's no-op rate (GET /api/v1/health under wrk) and issues/s with nothing else going on
(what durability costs beside the no-op), taken in turns so that a shared machine's noise
falls on both alike, issue latency p50/p99 and issues/s with 10 kiosk
connections while 12 counters call (each every 0.2 s, not in step) and 200 subscribers
follow the stream, call -> subscriber delivery p50/p99, server RSS; then delivery p99 with
1,000 subscribers.

    .venv/bin/python bench/api_bench.py            # needs `wrk` (apt-get install wrk)

Subscribers are raw sockets read by C-level regex scans in two helper processes, and the
kiosks are wrk, so that the load generator is not what is measured. 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing as mp
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from harness.child import free_port, serve_command, stop, until_answering  # noqa: E402
from queue_core.domain import Role  # noqa: E402
from queue_core.store import DeviceRole, Store, add_staff, create_pairing_code  # noqa: E402

COUNTERS = 12
SITE = """
[site]
id = "bench"
name = "Trung tâm đo tải"
timezone = "Asia/Ho_Chi_Minh"

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[kiosk]
tickets_per_minute = 0  # wrk's kiosks issue thousands a second on one token: a load, not a person

[[agencies]]
id = "a"
name = "Sở Tư pháp"

[[services]]
id = "s1"
agency = "a"
name = "Chứng thực bản sao"
numbers = "100000-499999"

[[services]]
id = "s2"
agency = "a"
name = "Lý lịch tư pháp"
numbers = "500000-899999"
""" + "".join(
    f'\n[[counters]]\nnumber = {n}\nservices = ["s1", "s2"]\n' for n in range(1, COUNTERS + 1)
)
CALLED = re.compile(rb'"type":"ticket\.called","at":"[^"]*","ticket":\{"id":(\d+)')

WRK_POST = """
wrk.method = "POST"
wrk.body = '{"service": "s1"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
"""


# --- the raw SQLite limit ----------------------------------------------------------------


def sqlite_limit(directory: Path, seconds: float = 2.0) -> float:
    """fsync'd transactions/s, each inserting a ticket-like row and an event, on this disk."""
    conn = sqlite3.connect(directory / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, number TEXT, token TEXT, body TEXT)")
    conn.execute("CREATE TABLE e(seq INTEGER PRIMARY KEY, body TEXT)")
    body = "x" * 600
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO t(number, token, body) VALUES (?, ?, ?)", (str(done), "tok", body)
        )
        conn.execute("INSERT INTO e(body) VALUES (?)", (body,))
        conn.execute("COMMIT")
        done += 1
    rate = done / (time.perf_counter() - start)
    conn.close()
    return rate


# --- the server ----------------------------------------------------------------------------


def prepare(db: Path) -> tuple[str, list[str]]:
    """The site, 12 clerks; returns a kiosk pairing code and the clerks' names."""
    store = Store.open(db)
    now = datetime.now(UTC)
    store.import_site(SITE, now)
    clerks = [f"clerk{n}" for n in range(1, COUNTERS + 1)]
    with store.transaction() as conn:
        for name in clerks:
            add_staff(conn, name, name, Role.CLERK, "1234")
        code, _ = create_pairing_code(conn, DeviceRole.KIOSK, "wrk", now)
    store.close()
    return code, clerks


@dataclass
class Served:
    """A bench's core, serving: its process, its port, a kiosk's token, the clerks' names."""

    server: subprocess.Popen[bytes]
    port: int
    kiosk: str
    clerks: list[str]


@contextmanager
def served(directory: Path) -> Iterator[Served]:
    """The bench's site in a new database in ``directory``, served on a free port, a kiosk
    paired; stopped after."""
    code, clerks = prepare(directory / "bench.db")
    port = free_port()
    server = start_server(directory / "bench.db", port)
    try:
        answer = httpx.post(f"http://127.0.0.1:{port}/api/v1/pair", json={"code": code})
        yield Served(server, port, answer.json()["token"], clerks)
    finally:
        stop(server)


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(serve_command(db, port), cwd=ROOT, stderr=subprocess.DEVNULL)
    until_answering(process, f"http://127.0.0.1:{port}")
    return process


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


# --- wrk -----------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, script: Path | None, server: int) -> dict[str, float]:
    """wrk's rate and latency, and the server's CPU time per request (robust to a busy host)."""
    cmd = ["wrk", "-t1", "-c10", f"-d{seconds}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    cpu = cpu_seconds(server)
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server) - cpu
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    figures = {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    figures["cpu_ms"] = cpu * 1000 / max(requests, 1)
    for pct in ("50", "99"):
        match = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            figures[f"p{pct}"] = float(match.group(1)) * scale
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = float(non2xx.group(1)) if non2xx else 0.0
    return figures


# --- subscribers (helper processes) ------------------------------------------------------------


class _Board(asyncio.Protocol):
    """One raw WebSocket subscriber: notes when each ticket.called first reaches it."""

    def __init__(self, seen: dict[int, list[float]], closed: list[int]) -> None:
        self.tail = b""
        self.mine: set[int] = set()
        self.seen = seen
        self.closed = closed

    def data_received(self, data: bytes) -> None:
        now = time.time()
        chunk = self.tail + data
        for match in CALLED.finditer(chunk):
            ticket = int(match.group(1))
            if ticket not in self.mine:
                self.mine.add(ticket)
                self.seen.setdefault(ticket, []).append(now)
        self.tail = chunk[-300:]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.append(1)


def opened(port: int, request: str, status: int) -> socket.socket:
    """A socket that sent ``request`` and read the answer's head, which had ``status``; what
    follows is left for the caller's protocol."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(request.encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    if not head.startswith(f"HTTP/1.1 {status}".encode()):
        raise RuntimeError(head.decode(errors="replace"))
    return sock


def _handshake(port: int, since: int, token: str) -> socket.socket:
    key = base64.b64encode(os.urandom(16)).decode()
    return opened(
        port,
        f"GET /api/v1/events?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        f"Authorization: Bearer {token}\r\nSec-WebSocket-Version: 13\r\n\r\n",
        101,
    )


def subscriber_process(port: int, token: str, count: int, ready: Any, stop: Any, out: Any) -> None:
    import uvloop

    async def main() -> None:
        loop = asyncio.get_running_loop()
        seen: dict[int, list[float]] = {}
        closed: list[int] = []
        since = httpx.get(f"http://127.0.0.1:{port}/api/v1/health").json()["seq"]
        for _ in range(count):
            sock = _handshake(port, since, token)
            await loop.create_connection(lambda: _Board(seen, closed), sock=sock)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        out.put((seen, len(closed)))

    uvloop.run(main())


# --- counters (a helper process) ----------------------------------------------------------------


def counters_process(
    port: int, clerks: list[str], seconds: float, pace: float, ready: Any, out: Any
) -> None:
    import uvloop

    async def counter(
        n: int, clerk: str, sent: dict[int, float], signed_in: asyncio.Barrier
    ) -> None:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as api:
            login = await api.post(
                "/api/v1/session", json={"username": clerk, "pin": "1234", "counter": n}
            )
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            await api.post(f"/api/v1/counters/{n}/open", headers=headers)
            # The clerks sign in (scrypt) before the kiosks start: a login is not an issue.
            if await signed_in.wait() == 0:
                ready.set()
            end = time.time() + seconds
            # Clerks press "next" when their citizen leaves, not in step: each starts at its
            # own point of the pace (after the sign-in barrier they would all call at once).
            await asyncio.sleep(pace * n / len(clerks))
            called: httpx.Response | None = None
            while time.time() < end:
                began = time.time()
                called = await api.post(f"/api/v1/counters/{n}/next", headers=headers)
                if called.status_code == 200:
                    sent[called.json()["id"]] = began
                    await api.post(f"/api/v1/counters/{n}/start", headers=headers)
                await asyncio.sleep(max(0.0, pace - (time.time() - began)))
            if called is not None and called.status_code == 200:
                await api.post(f"/api/v1/counters/{n}/finish", headers=headers)
            await api.post(f"/api/v1/counters/{n}/close", headers=headers)

    async def main() -> None:
        sent: dict[int, float] = {}
        signed_in = asyncio.Barrier(len(clerks))
        await asyncio.gather(*(counter(i + 1, c, sent, signed_in) for i, c in enumerate(clerks)))
        out.put(sent)

    uvloop.run(main())


# --- one phase ------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


def phase(
    server: int,
    port: int,
    token: str,
    clerks: list[str],
    subscribers: int,
    seconds: int,
    issue_script: Path | None,
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    stop, results, sent_q = ctx.Event(), ctx.Queue(), ctx.Queue()
    procs, readies = [], []
    for share in (subscribers // 2, subscribers - subscribers // 2):
        ready = ctx.Event()
        proc = ctx.Process(
            target=subscriber_process, args=(port, token, share, ready, stop, results)
        )
        proc.start()
        procs.append(proc)
        readies.append(ready)
    for ready in readies:
        ready.wait(120)
    signed_in = ctx.Event()
    counters = ctx.Process(
        target=counters_process, args=(port, clerks, seconds, 0.2, signed_in, sent_q)
    )
    counters.start()
    signed_in.wait(120)
    issue = None
    if issue_script is not None:
        issue = wrk(f"http://127.0.0.1:{port}/api/v1/tickets", seconds, issue_script, server)
    sent: dict[int, float] = sent_q.get(timeout=seconds + 120)
    counters.join()
    time.sleep(1.0)  # the last calls reach the boards
    stop.set()
    seen: dict[int, list[float]] = {}
    closed = 0
    for _ in procs:
        part, gone = results.get(timeout=60)
        closed += gone
        for ticket, times in part.items():
            seen.setdefault(ticket, []).extend(times)
    for proc in procs:
        proc.join()
    delays = [
        (t - sent[ticket]) * 1000 for ticket, times in seen.items() if ticket in sent for t in times
    ]
    expected = len(sent) * subscribers
    return {"issue": issue, "delays": delays, "expected": expected, "closed": closed}


ROUNDS = 3
ROUND_SECONDS = 3


def like_for_like(base: str, script: Path, server: int) -> dict[str, float]:
    """The no-op and issues alone, in turns (a shared machine's noise falls on both alike);
    prints both medians and returns the no-op's, which every ratio is taken against."""
    rounds = [
        (
            wrk(base + "/api/v1/health", ROUND_SECONDS, None, server),
            wrk(base + "/api/v1/tickets", ROUND_SECONDS, script, server),
        )
        for _ in range(ROUNDS)
    ]
    noop = _median([n for n, _ in rounds])
    alone = _median([a for _, a in rounds])
    each = ", ".join(f"{a['rate'] / n['rate']:.0%}" for n, a in rounds)
    print(
        f"no-op GET /api/v1/health (wrk, 10 conns):    {noop['rate']:8.0f} /s; "
        f"server CPU {noop['cpu_ms']:.3f} ms per request "
        f"(medians of {ROUNDS} turns of {ROUND_SECONDS} s, taken in turn with the next line)"
    )
    print(
        f"issues alone (10 kiosk conns, nothing else): {alone['rate']:8.0f} /s "
        f"= {alone['rate'] / noop['rate']:.0%} of no-op (turn by turn: {each}); "
        f"server CPU {alone['cpu_ms']:.3f} ms per issue"
    )
    return noop


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each load phase")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").is_dir() else None) as d:
        directory = Path(d)
        print(f"raw SQLite, fsync'd issue-like transactions: {sqlite_limit(directory):8.0f} /s")
        with served(directory) as core:
            server, port, token, clerks = core.server, core.port, core.kiosk, core.clerks
            base = f"http://127.0.0.1:{port}"
            script = directory / "issue.lua"
            script.write_text(WRK_POST.replace("TOKEN", token))
            noop = like_for_like(base, script, server.pid)
            load = phase(server.pid, port, token, clerks, 200, args.seconds, script)
            issue = load["issue"]
            d50, d99 = percentiles(load["delays"])
            rss, peak = rss_mb(server.pid)
            print(
                f"issues (10 kiosk conns, 12 counters, 200 subs): {issue['rate']:8.0f} /s "
                f"= {issue['rate'] / noop['rate']:.0%} of no-op; "
                f"latency p50 {issue['p50']:.1f} ms, p99 {issue['p99']:.1f} ms; "
                f"refused {issue['errors']:.0f}; server CPU {issue['cpu_ms']:.3f} ms per issue "
                "(with the calls and fan-out)"
            )
            print(
                f"call -> subscriber delivery, 200 subs: p50 {d50:.1f} ms, p99 {d99:.1f} ms "
                f"({len(load['delays'])}/{load['expected']} deliveries, "
                f"{load['closed']} subscribers closed)"
            )
            print(f"server RSS: {rss:.0f} MB (peak {peak:.0f} MB)")
            big = phase(server.pid, port, token, clerks, 1000, args.seconds, None)
            b50, b99 = percentiles(big["delays"])
            rss, peak = rss_mb(server.pid)
            print(
                f"call -> subscriber delivery, 1000 subs: p50 {b50:.1f} ms, p99 {b99:.1f} ms "
                f"({len(big['delays'])}/{big['expected']} deliveries, "
                f"{big['closed']} subscribers closed); RSS {rss:.0f} MB (peak {peak:.0f} MB)"
            )


if __name__ == "__main__":
    main()
