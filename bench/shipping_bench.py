"""Shipping bench: 10 kiosks issue on a real `luot-core serve` while its shipper sends the event
log to a small province on 127.0.0.1 at full speed; issue latency without and with it, the
shipping rate, and how soon a commit reaches the province.

Prints, in one run on one disk: the raw SQLite limit (fsync'd issue-like transactions/s), then,
in rounds (each in another order, so that the machine's drift falls on all), the kiosks' issue
latency p50/p99/max in each phase, the same length each:

  idle       the site has no [province]: the shipper's thread only looks at the site now and then
  catch-up   the province holds nothing of this centre (another centre id each round): the whole
             log (--events of past days, as after days offline) goes at full speed, in batches
             of 2,000, while the kiosks issue
  follow     the province holds the log: only the kiosks' new events go, each soon after its
             commit

and for each phase the events the province took, the rate while behind (events/s), the core
process's CPU, and in follow the time from each event's commit (its `at`) to its arrival at the
province, p50/p99/max (the goal: p99 within 2 s).

    .venv/bin/python bench/shipping_bench.py [--seconds 10] [--rounds 3] [--events 200000]

The kiosks are threads in a helper process, each issuing every 100 ms (a hundred issues a second
in all, far above a real hall, below this machine's limit), so that latency is what the shipping
adds, not a queue of requests. The province is `harness.small_province` in this process (it
parses every batch, and counts the events rather than keeping them). 127.0.0.1 only; bounded in
count and time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.api_bench import SITE as API_SITE  # noqa: E402
from bench.api_bench import sqlite_limit  # noqa: E402
from bench.backup_bench import figures, kiosks_process, p99, pair_kiosk  # noqa: E402
from harness.child import free_port, serve_command, stop, until_answering  # noqa: E402
from harness.small_province import SmallProvince  # noqa: E402
from queue_core.domain import IssueTicket  # noqa: E402
from queue_core.store import Store  # noqa: E402

KIOSKS = 10
KIOSK_PERIOD = 0.1
"""Each kiosk issues every 100 ms: 100 issues/s in all."""
PHASES = ("idle", "catch-up", "follow")
SETTLE_SECONDS = 1.0
"""After the site changes: the shipper sees it at its next look (0.5 s while shipping)."""


def site(centre: str | None, url: str = "") -> str:
    if centre is None:
        return API_SITE + "\n[backup]\nenabled = false\n"
    return API_SITE + (
        "\n[backup]\nenabled = false\n"
        f'\n[province]\nurl = "{url}"\ncentre = "{centre}"\ntoken = "token-of-{centre}"\n'
    )


def use_site(db: Path, text: str) -> int:
    """Import a site into the serving core's database; its last seq."""
    store = Store.open(db)
    try:
        store.import_site(text, datetime.now(UTC))
        return store.last_seq()
    finally:
        store.close()


def last_seq(db: Path) -> int:
    store = Store.open(db)
    try:
        return store.last_seq()
    finally:
        store.close()


# --- a log of days ---------------------------------------------------------------------------


def prefill(db: Path, events: int) -> tuple[int, int]:
    """Past business days of issues (each day's end cancelling what still waits, as a day's end
    does) until the log holds ``events``; returns the days and the tickets written."""
    store = Store.open(db)
    store.import_site(site(None), datetime.now(UTC))
    day = datetime.now(UTC) - timedelta(days=400)
    days = tickets = 0
    try:
        while store.last_seq() < events and days < 365:
            moment = day + timedelta(days=days, hours=2)
            for _batch in range(6):  # 6 x 256 tickets a day, issued across the morning
                moment += timedelta(minutes=30)
                store.execute_many(
                    [(IssueTicket("s1" if i % 3 else "s2"), moment) for i in range(256)]
                )
                tickets += 256
            days += 1
    finally:
        store.close()
    return days, tickets


# --- the kiosks (a helper process) ---------------------------------------------------------------


def kiosks(base: str, token: str, seconds: float) -> tuple[list[float], int]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=kiosks_process, args=(base, token, seconds, out))
    process.start()
    latencies, errors = out.get(timeout=seconds + 120)
    process.join()
    return latencies, errors


# --- a phase -------------------------------------------------------------------------------------


@dataclass
class Ran:
    latencies: list[float]
    refused: int
    shipped: int
    """Events the province took during the phase."""
    behind_seconds: float | None
    """How long the shipper was behind in the phase (None: never caught up)."""
    cpu: float
    """The core process's CPU seconds per second."""
    reach: list[float]
    """Seconds from each new event's commit to its arrival at the province (follow)."""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_phase(
    name: str, round_: int, db: Path, province: SmallProvince, base: str, token: str,
    pid: int, seconds: float,
) -> Ran:  # fmt: skip
    if name == "idle":
        use_site(db, site(None))
        time.sleep(SETTLE_SECONDS)
        centre = None
    elif name == "catch-up":
        centre = f"c{round_}"
        province.add_centre(centre, f"token-of-{centre}")
        use_site(db, site(centre, province.url))
    else:
        centre = "follow"
        province.add_centre(centre, f"token-of-{centre}")
        end = use_site(db, site(centre, province.url))
        until = time.monotonic() + 600
        while province.acked(centre) < end and time.monotonic() < until:
            time.sleep(0.05)  # the province holds the log before the phase starts
    start_seq = last_seq(db)
    took_before = province.acked(centre) if centre else 0
    caught: list[float] = []
    began = time.monotonic()
    cpu_began = cpu_seconds(pid)
    watching = threading.Event()

    def watch() -> None:  # when the shipper has caught up with the log as it stood
        while not watching.wait(0.02):
            if centre and not caught and province.acked(centre) >= start_seq:
                caught.append(time.monotonic() - began)

    watcher = threading.Thread(target=watch)
    watcher.start()
    latencies, refused = kiosks(base, token, seconds)
    cpu = (cpu_seconds(pid) - cpu_began) / (time.monotonic() - began)
    watching.set()
    watcher.join()
    reach: list[float] = []
    shipped = 0
    if centre:
        time.sleep(2.0)  # the last commits reach it
        shipped = province.acked(centre) - took_before
        if name == "follow":
            reach = commit_to_province(db, province, start_seq)
    return Ran(latencies, refused, shipped, caught[0] if caught else None, cpu, reach)


def commit_to_province(db: Path, province: SmallProvince, after: int) -> list[float]:
    """Each event after ``after``: its arrival at the province less its ``at`` (the commit)."""
    store = Store.open(db)
    try:
        events = store.events_since(after, limit=100_000)
    finally:
        store.close()
    reach = []
    for event in events:
        arrived = province.arrivals.get(int(event["seq"]))
        if arrived is not None:
            at = datetime.fromisoformat(str(event["at"])).timestamp()
            reach.append(arrived - at)
    return reach


# --- the report ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every phase, in turn")
    parser.add_argument("--events", type=int, default=200_000, help="the log before the run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").is_dir() else None) as d:
        directory = Path(d)
        print(f"raw SQLite, fsync'd issue-like transactions: {sqlite_limit(directory):8.0f} /s")
        db = directory / "bench.db"
        began = time.perf_counter()
        days, tickets = prefill(db, args.events)
        print(
            f"log: {last_seq(db)} events ({days} past days, {tickets} tickets, "
            f"{db.stat().st_size / 1e6:.0f} MB, written in {time.perf_counter() - began:.0f} s)"
        )
        province = SmallProvince({}, keep=False)
        province.start()
        port = free_port()
        use_site(db, site("c-warm", province.url))  # the shipper starts with the core
        province.add_centre("c-warm", "token-of-c-warm")
        server = subprocess.Popen(serve_command(db, port), cwd=ROOT, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        results: dict[str, list[Ran]] = {}
        try:
            until_answering(server, base)
            token = pair_kiosk(db, base)
            use_site(db, site(None))
            kiosks(base, token, min(3.0, args.seconds))  # warm up: connections, caches
            for round_ in range(args.rounds):
                turn = PHASES[round_ % len(PHASES) :] + PHASES[: round_ % len(PHASES)]
                for name in turn:
                    ran = run_phase(
                        name, round_, db, province, base, token, server.pid, args.seconds
                    )
                    results.setdefault(name, []).append(ran)
                    behind = (
                        "" if name == "idle" else
                        f", caught up after {ran.behind_seconds:.1f} s" if ran.behind_seconds
                        is not None else ", still behind at the end"
                    )  # fmt: skip
                    print(
                        f"  round {round_ + 1} {name:<9} {figures(ran.latencies)}, "
                        f"{ran.refused} refused, {ran.shipped} shipped{behind}, "
                        f"core CPU {ran.cpu * 100:.0f}%"
                    )
        finally:
            stop(server)
            province.close()
        print(f"\nissue latency, 10 kiosks each issuing every 100 ms, {args.rounds} rounds pooled:")
        for name in PHASES:
            runs = results.get(name, [])
            pooled = [ms for ran in runs for ms in ran.latencies]
            each = "/".join(f"{p99(ran.latencies):.0f}" for ran in runs)
            cpu = statistics.mean(ran.cpu for ran in runs) * 100 if runs else 0.0
            print(
                f"  {name:<9} {figures(pooled)}, p99 by round {each} ms, "
                f"{sum(ran.refused for ran in runs)} refused, core CPU {cpu:.0f}%"
            )
        catch = results.get("catch-up", [])
        rates = [ran.shipped / (ran.behind_seconds or args.seconds) for ran in catch if ran.shipped]
        if rates:
            print(
                f"\nshipping rate while behind (catch-up): {statistics.median(rates):,.0f} "
                f"events/s (median of {len(rates)}; " + "/".join(f"{r:,.0f}" for r in rates) + ")"
            )
        reach = [s for ran in results.get("follow", []) for s in ran.reach]
        if reach:
            print(
                f"commit -> province (follow): p50 {statistics.median(reach) * 1000:.0f} ms  "
                f"p99 {p99(reach) * 1000:.0f} ms  max {max(reach) * 1000:.0f} ms "
                f"({len(reach)} events)"
            )
        posts = province.posts
        leaks = f"{len(province.token_leaks)} WITH A PUBLIC TOKEN, " if province.token_leaks else ""
        print(
            f"batches: {len(posts)}, {leaks}the largest "
            f"{max((p.raw_bytes for p in posts), default=0) / 1e6:.2f} MB of JSON, "
            f"{max((p.gzip_bytes for p in posts), default=0) / 1e6:.2f} MB gzip'd"
        )


if __name__ == "__main__":
    main()
