"""Speed of the store alone: durable issues/s and next/s, p50/p99, beside raw SQLite's limit.

    .venv/bin/python bench/core_bench.py [--issues 3000]

Every figure is measured in the same run on the same disk, because this machine is
shared and noisy: compare the store with the raw limit printed next to it.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queue_core.domain import (
    CallNext,
    CounterState,
    IssueTicket,
    SetCounterState,
    StartService,
)
from queue_core.store import Store

SITE = """
[site]
id = "bench"
name = "Bench"
[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]
[[agencies]]
id = "a"
name = "A"
[[services]]
id = "s1"
agency = "a"
name = "S1"
numbers = "100000-999999"
[[services]]
id = "s2"
agency = "a"
name = "S2"
numbers = "A000001-A999999"
[[counters]]
number = 1
services = ["s1", "s2"]
[[counters]]
number = 2
services = ["s2", "s1"]
"""
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def raw_sqlite_limit(path: Path, count: int) -> float:
    """Issue-like transactions with nothing else: one insert + one update, fsync'd each."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, number TEXT, body TEXT)")
    conn.execute("CREATE TABLE n(k INTEGER PRIMARY KEY, v INTEGER)")
    conn.execute("INSERT INTO n VALUES (1, 0)")
    start = time.perf_counter()
    for i in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t(number, body) VALUES (?, ?)", (str(i), "x" * 200))
        conn.execute("UPDATE n SET v = v + 1 WHERE k = 1")
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def timed(count: int, step: Callable[[int], object]) -> tuple[float, list[float]]:
    latencies = []
    start = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        step(i)
        latencies.append((time.perf_counter() - t0) * 1000)
    return count / (time.perf_counter() - start), latencies


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=16, help="commands per group commit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parents[1]) as tmp:
        raw = raw_sqlite_limit(Path(tmp) / "raw.db", args.issues)
        store = Store.open(Path(tmp) / "luot.db")
        store.import_site(SITE, NOW)
        moment = [NOW]

        def issue(i: int) -> object:
            return store.execute(IssueTicket("s1" if i % 2 else "s2"), NOW)

        issue_rate, issue_ms = timed(args.issues, issue)
        for counter in (1, 2):
            store.execute(SetCounterState(counter, CounterState.OPEN), NOW)

        def call(i: int) -> object:
            counter = 1 + i % 2
            moment[0] += timedelta(seconds=1)
            outcome = store.execute(CallNext(counter), moment[0])
            store.execute(StartService(counter), moment[0])
            return outcome

        calls = args.issues // 2
        next_rate, next_ms = timed(calls, call)

        def grouped(i: int) -> object:
            return store.execute_many([(IssueTicket("s1"), NOW)] * args.batch)

        batches = max(1, args.issues // args.batch)
        batch_rate, batch_ms = timed(batches, grouped)
        store.close()

    print(f"raw SQLite limit (fsync'd issue-like transaction each): {raw:8.0f} /s")
    print(
        f"store: durable issues, one commit each:                 {issue_rate:8.0f} /s "
        f"({issue_rate / raw:.0%} of raw)  p50 {pct(issue_ms, 50):.2f} ms  "
        f"p99 {pct(issue_ms, 99):.2f} ms   target >= 2,500/s"
    )
    print(
        f"store: next + start (two commits):                      {next_rate:8.0f} /s "
        f"p50 {pct(next_ms, 50):.2f} ms  p99 {pct(next_ms, 99):.2f} ms"
    )
    print(
        f"store: durable issues, group commit of {args.batch:<3}:              "
        f"{batch_rate * args.batch:8.0f} /s  p50 {pct(batch_ms, 50):.2f} ms per batch"
    )


if __name__ == "__main__":
    main()
