"""Backup bench: 10 kiosks issue on a real `luot-core serve` while backups are taken every few
seconds; issue latency without and with them, each backup's duration and its verification.

Prints, in one run on one disk: the raw SQLite limit (fsync'd issue-like transactions/s) and
the raw copy of the database file (read, write, fsync), then, in rounds (each in another
order, so that the machine's drift falls on all), the kiosks' issue latency p50/p99/max for
each way of backing up, the same length each:

  none          no backup
  core          the serving core's own scheduler (queue_core.store's take_backup, as it ships),
                every 1 simulated minute (the core's clock runs 30 times faster: about every
                2 s; its thread looks every 2 s)
  api           SQLite's backup API from another process (as `luot-core backup` from cron),
                the whole copy in one step of one read transaction, every --every s
  api-steps     the same in steps of 64 pages with a 5 ms pause after each
  api-paced     the same in steps of 1,024 pages with a 20 ms pause after each
  vacuum-into   VACUUM INTO, every --every s (it cannot share the read transaction that dates
                the copy, so it is checked against the seq seen just before: >=)

then every backup: how long the copy took and all of it, its size, its seq and whether it
checked (integrity_check, and its events as committed when it started).

    .venv/bin/python bench/backup_bench.py [--seconds 10] [--rounds 3] [--every 2] [--size-mb 20]

The kiosks are threads in a helper process, each issuing every 100 ms (a hundred issues a
second in all, far above a real hall, below this machine's limit), so that latency is what
the backups add, not a queue of requests. 127.0.0.1 only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api_bench import SITE as API_SITE  # noqa: E402
from bench.api_bench import sqlite_limit  # noqa: E402
from harness.child import free_port, serve_command, stop, until_answering  # noqa: E402
from queue_core.domain import IssueTicket  # noqa: E402
from queue_core.errors import LuotError  # noqa: E402
from queue_core.store import (  # noqa: E402
    DeviceRole,
    Store,
    create_pairing_code,
    list_backups,
    take_backup,
    verify_copy,
)

KIOSKS = 10
KIOSK_PERIOD = 0.1
"""Each kiosk issues every 100 ms: 100 issues/s in all."""
SPEED = 30.0
"""The core's clock runs this much faster, so that "every 1 minute" is every 2 s."""
BACKUP = """
[backup]
enabled = {enabled}
folder = "core-backups"
every_minutes = 1
keep_last = 1000
"""
MAX_BACKUPS_PER_PHASE = 40


def site(enabled: bool) -> str:
    return API_SITE + BACKUP.format(enabled=str(enabled).lower())


# --- the limits ------------------------------------------------------------------------------


def copy_limit(db: Path, target: Path) -> float:
    """Seconds to copy the database file on this disk: read, write, fsync (a backup's floor)."""
    began = time.perf_counter()
    with db.open("rb") as data, target.open("wb") as out:
        while chunk := data.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    seconds = time.perf_counter() - began
    target.unlink()
    return seconds


# --- a realistic database ----------------------------------------------------------------------


def prefill(db: Path, size_mb: float) -> tuple[int, int]:
    """Past business days of issues (each day's end cancelling what still waits, as a day's end
    does) until the file is about ``size_mb``; returns the days and the tickets written."""
    store = Store.open(db)
    store.import_site(site(False), datetime.now(UTC))
    day = datetime.now(UTC) - timedelta(days=400)
    days = tickets = 0
    try:
        while db.stat().st_size < size_mb * 1e6 and days < 365:
            moment = day + timedelta(days=days, hours=2)
            for _batch in range(6):  # 6 x 256 tickets a day, issued across the morning
                moment += timedelta(minutes=30)
                store.execute_many(
                    [(IssueTicket("s1" if i % 3 else "s2"), moment) for i in range(256)]
                )
                tickets += 256
            days += 1
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return days, tickets


def pair_kiosk(db: Path, base: str) -> str:
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            code, _ = create_pairing_code(conn, DeviceRole.KIOSK, "bench", datetime.now(UTC))
    finally:
        store.close()
    return str(httpx.post(base + "/api/v1/pair", json={"code": code}).json()["token"])


def set_core_backups(db: Path, enabled: bool) -> None:
    store = Store.open(db)
    try:
        store.import_site(site(enabled), datetime.now(UTC))
    finally:
        store.close()


# --- the kiosks (a helper process) ---------------------------------------------------------------


def kiosks_process(base: str, token: str, seconds: float, out: Any) -> None:
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def kiosk(n: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            headers = {"Authorization": f"Bearer {token}"}
            time.sleep(KIOSK_PERIOD * n / KIOSKS)  # not in step
            while time.monotonic() < end:
                began = time.perf_counter()
                answer = client.post("/api/v1/tickets", json={"service": "s1"}, headers=headers)
                took = (time.perf_counter() - began) * 1000
                with lock:
                    (latencies.append(took) if answer.status_code == 201 else errors.append(1))
                time.sleep(max(0.0, KIOSK_PERIOD - took / 1000))

    threads = [threading.Thread(target=kiosk, args=(n,)) for n in range(KIOSKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put((latencies, len(errors)))


# --- backups from outside the core ---------------------------------------------------------------


@dataclass
class Taken:
    name: str
    copy_seconds: float
    """Reading the snapshot into the copy."""
    seconds: float | None
    """All of it: copy, check, fsync, rename (None: the core's own, which only notes the copy)."""
    size: int
    seq: int
    checked: str


def backup_api(db: Path, folder: Path, pages: int = -1, pause: float = 0.0) -> Taken:
    copied = take_backup(db, folder, datetime.now(UTC), pages=pages, pause=pause)
    return Taken(
        copied.path.name, copied.copy_seconds, copied.seconds, copied.size, copied.seq,
        "ok (= seq, count)",
    )  # fmt: skip


def vacuum_into(db: Path, folder: Path) -> Taken:
    """VACUUM INTO a temporary name, checked, fsync'd, renamed: the other way to copy online."""
    folder.mkdir(exist_ok=True)
    began = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None, timeout=15)
    try:
        seen = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        temp = folder / f".vacuum-{time.time_ns()}.tmp"
        conn.execute("VACUUM INTO ?", (str(temp),))
        copied = time.perf_counter() - began
    finally:
        conn.close()
    copy = sqlite3.connect(temp)
    try:
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        seq, count = copy.execute("SELECT max(seq), count(*) FROM events").fetchone()
    finally:
        copy.close()
    fd = os.open(temp, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    final = folder / f"vacuum-seq{seq}.db"
    os.replace(temp, final)
    ok = check == "ok" and seq >= seen and count == seq
    verdict = f"{'ok' if ok else 'FAILED'} (seq {seq} >= {seen} seen before)"
    return Taken(
        final.name, copied, time.perf_counter() - began, final.stat().st_size, seq, verdict
    )


def backups_every(
    every: float, seconds: float, take: Callable[[], Taken], done: list[Taken]
) -> threading.Thread:
    def run() -> None:
        end = time.monotonic() + seconds
        time.sleep(every / 2)
        while time.monotonic() < end and len(done) < MAX_BACKUPS_PER_PHASE:
            began = time.monotonic()
            try:
                done.append(take())
            except (LuotError, sqlite3.Error, OSError) as exc:
                done.append(Taken("-", 0.0, time.monotonic() - began, 0, 0, f"FAILED: {exc}"))
            time.sleep(max(0.0, every - (time.monotonic() - began)))

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def core_backups(folder: Path, before: set[str]) -> list[Taken]:
    """The backups the core's scheduler took during a phase, each checked again here."""
    found = []
    for backup in list_backups(folder):
        if backup.path.name in before:
            continue
        conn = sqlite3.connect(backup.path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'backup%'"))
        finally:
            conn.close()
        try:
            verify_copy(backup.path, int(meta["backup_seq"]), int(meta["backup_events"]))
            checked = "ok (= seq, count)"
        except LuotError as exc:
            checked = f"FAILED: {exc}"
        seconds = int(meta["backup_copy_ms"]) / 1000
        size = backup.path.stat().st_size
        found.append(Taken(backup.path.name, seconds, None, size, backup.seq, checked))
    return found


# --- a phase -------------------------------------------------------------------------------------


def phase(base: str, token: str, seconds: float) -> tuple[list[float], int]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=kiosks_process, args=(base, token, seconds, out))
    process.start()
    latencies, errors = out.get(timeout=seconds + 120)
    process.join()
    return latencies, errors


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)] if ordered else float("nan")


def figures(latencies: list[float]) -> str:
    if not latencies:
        return "no issues"
    return (
        f"p50 {statistics.median(latencies):6.1f} ms  p99 {p99(latencies):6.1f} ms  "
        f"max {max(latencies):6.1f} ms  ({len(latencies)} issues)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every way, in turn")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between backups")
    parser.add_argument("--size-mb", type=float, default=20.0, help="the database's size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").is_dir() else None) as d:
        directory = Path(d)
        print(f"raw SQLite, fsync'd issue-like transactions: {sqlite_limit(directory):8.0f} /s")
        db = directory / "bench.db"
        began = time.perf_counter()
        days, tickets = prefill(db, args.size_mb)
        size = db.stat().st_size
        print(
            f"database: {size / 1e6:.1f} MB ({days} past days, {tickets} tickets, "
            f"written in {time.perf_counter() - began:.0f} s)"
        )
        print(
            f"raw copy of that file on this disk (read, write, fsync): "
            f"{copy_limit(db, directory / 'raw-copy.db') * 1000:6.0f} ms"
        )
        port = free_port()
        start = datetime.now(UTC)
        server = subprocess.Popen(
            serve_command(db, port, at=start, speed=SPEED), cwd=ROOT, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        results: dict[str, list[tuple[list[float], int, list[Taken]]]] = {}
        try:
            until_answering(server, base)
            token = pair_kiosk(db, base)
            outside = directory / "outside"
            plans: list[tuple[str, Callable[[], Taken] | None]] = [
                ("none", None),
                ("core", None),
                ("api", lambda: backup_api(db, outside)),
                ("api-steps", lambda: backup_api(db, outside, pages=64, pause=0.005)),
                ("api-paced", lambda: backup_api(db, outside, pages=1024, pause=0.02)),
                ("vacuum-into", lambda: vacuum_into(db, outside / "vacuum")),
            ]
            phase(base, token, min(3.0, args.seconds))  # warm up: connections, caches
            for round_ in range(args.rounds):
                # each round in another order, so that a drift of the machine falls on all
                turn = plans[round_ % len(plans) :] + plans[: round_ % len(plans)]
                for name, take in turn:
                    ran = run_phase(name, take, db, directory, base, token, args)
                    results.setdefault(name, []).append(ran)
                    print(
                        f"  round {round_ + 1} {name:<12} {figures(ran[0])}, "
                        f"{ran[1]} refused, {len(ran[2])} backups"
                    )
        finally:
            stop(server)
        print(f"\nissue latency, 10 kiosks each issuing every 100 ms, {args.rounds} rounds pooled:")
        for name, _take in plans:
            runs = results.get(name, [])
            pooled = [ms for latencies, _e, _t in runs for ms in latencies]
            refused = sum(e for _l, e, _t in runs)
            backups = [t for _l, _e, ts in runs for t in ts]
            each = "/".join(f"{p99(latencies):.0f}" for latencies, _e, _t in runs)
            copies = [t.copy_seconds * 1000 for t in backups]
            took = (
                f"; {len(backups)} backups, copy {statistics.median(copies):.0f} ms (median)"
                if copies
                else ""
            )
            print(
                f"  {name:<12} {figures(pooled)}, p99 by round {each} ms, {refused} refused{took}"
            )
        print("\nevery backup: copy, all of it (copy, check, fsync, rename), size, seq, check:")
        for name, _take in plans:
            for _latencies, _errors, done in results.get(name, []):
                for t in done:
                    total = "     —" if t.seconds is None else f"{t.seconds * 1000:6.0f}"
                    print(
                        f"  {name:<12} {t.copy_seconds * 1000:5.0f} ms {total} ms  "
                        f"{t.size / 1e6:5.1f} MB  seq {t.seq:<7} {t.checked}"
                    )


def run_phase(
    name: str,
    take: Callable[[], Taken] | None,
    db: Path,
    directory: Path,
    base: str,
    token: str,
    args: argparse.Namespace,
) -> tuple[list[float], int, list[Taken]]:
    """One phase: the kiosks issue for ``args.seconds`` while this way of backing up runs."""
    taken: list[Taken] = []
    folder = directory / "core-backups"
    before = {b.path.name for b in list_backups(folder)}
    if name == "core":
        set_core_backups(db, True)
    thread = take and backups_every(args.every, args.seconds, take, taken)
    latencies, errors = phase(base, token, args.seconds)
    if thread is not None:
        thread.join()
    if name == "core":
        set_core_backups(db, False)
        time.sleep(3)  # the scheduler's next look sees it off
        taken = core_backups(folder, before)
    return latencies, errors, taken


if __name__ == "__main__":
    main()
