"""What the province bench (bench/province_bench.py) measures beside the province: PostgreSQL's
own limit on the same table (a bare COPY and a batched INSERT of the same rows, on CONNECTIONS
connections at once) and the CPU the province, PostgreSQL and the bench took over a phase."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import psycopg

from bench.shipping_bench import cpu_seconds
from province.db import Partitions, connect

CONNECTIONS = 2
"""PostgreSQL's limit is measured on this many connections at once (one per core)."""
EVENT_COLUMNS = "centre_id, seq, at, type, ticket_id, counter, body"


# --- PostgreSQL's own limit --------------------------------------------------------------------


def copy_rows(centre_id: int, log: Sequence[bytes]) -> list[tuple[object, ...]]:
    """The events table's rows of a centre's log, as the ingest stores them."""
    rows: list[tuple[object, ...]] = []
    for raw in log:
        event = orjson.loads(raw)
        ticket = event.get("ticket") or {}
        rows.append(
            (
                centre_id, event["seq"], datetime.fromisoformat(event["at"]), event["type"],
                ticket.get("id"), event.get("counter"), raw.decode(),
            )
        )  # fmt: skip
    return rows


def as_copy_text(rows: Sequence[tuple[object, ...]]) -> bytes:
    def field(value: object) -> str:
        if value is None:
            return r"\N"
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value).replace("\\", "\\\\")

    return "".join("\t".join(field(v) for v in row) + "\n" for row in rows).encode()


def on_connections(
    dsn: str, work: Sequence[Any], each: Callable[[psycopg.Connection, Any], None], meter: Meter
) -> tuple[float, Usage]:
    """``each(conn, item)`` for every item, on CONNECTIONS connections at once; the seconds and
    the CPU (measured before the connections close, while their processes are there)."""
    shares = [work[i::CONNECTIONS] for i in range(CONNECTIONS)]
    conns = [connect(dsn) for _ in shares]

    def run(conn: psycopg.Connection, share: Sequence[Any]) -> None:
        for item in share:
            each(conn, item)

    threads = [threading.Thread(target=run, args=pair) for pair in zip(conns, shares, strict=True)]
    meter.start()
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    usage = meter.stop()
    for conn in conns:
        conn.close()
    return seconds, usage


def limits(
    dsn: str, logs: dict[str, list[bytes]], most: int, meter: Meter, batch: int, month: date
) -> tuple[int, float, float, Usage, Usage]:
    """Rows, the bare COPY's and the batched INSERT's rate (rows/s) into ``events``, and the CPU
    each took."""
    rows: list[tuple[object, ...]] = []
    for number, log in enumerate(logs.values()):
        rows.extend(copy_rows(100_000 + number, log[: most - len(rows)]))
        if len(rows) >= most:
            break
    chunks = [rows[i : i + batch] for i in range(0, len(rows), batch)]
    texts = [as_copy_text(chunk) for chunk in chunks]
    with connect(dsn) as conn:
        Partitions().ensure(conn, "events", [month])

    def copy(conn: psycopg.Connection, text: bytes) -> None:
        with (
            conn.transaction(),
            conn.cursor().copy(f"COPY events ({EVENT_COLUMNS}) FROM STDIN") as out,
        ):
            out.write(text)

    def insert(conn: psycopg.Connection, chunk: list[tuple[object, ...]]) -> None:
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)", chunk
            )

    def empty() -> None:
        with connect(dsn) as conn:
            conn.execute("TRUNCATE events")
            conn.execute("VACUUM ANALYZE events")

    copied, copy_usage = on_connections(dsn, texts, copy, meter)
    empty()
    inserted, insert_usage = on_connections(dsn, chunks, insert, meter)
    empty()
    return len(rows), len(rows) / copied, len(rows) / inserted, copy_usage, insert_usage


# --- where the CPU goes ------------------------------------------------------------------------


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        children = [pid for pid, of in parents.items() if of == parent]
        found.extend(children)
        todo.extend(children)
    return found


class Meter:
    """CPU seconds of the province's process, PostgreSQL's (the postmaster's children) and the
    bench's own, over a phase."""

    def __init__(self, pg_data: Path) -> None:
        self.postmaster = int((pg_data / "postmaster.pid").read_text().split()[0])
        self.began: tuple[float, dict[int, float], dict[int, float], float] | None = None

    def _cpu(self, pids: Sequence[int]) -> dict[int, float]:
        out = {}
        for pid in pids:
            try:
                out[pid] = cpu_seconds(pid)
            except (OSError, IndexError, ValueError):
                continue
        return out

    def _sample(self) -> tuple[float, dict[int, float], dict[int, float], float]:
        mine = os.times()
        return (
            time.perf_counter(),
            self._cpu(_descendants(os.getpid())),
            self._cpu(_descendants(self.postmaster)),
            mine.user + mine.system,
        )

    def start(self) -> None:
        self.began = self._sample()

    def stop(self) -> Usage:
        assert self.began is not None
        wall0, province0, pg0, bench0 = self.began
        wall, province, pg, bench = self._sample()

        def used(now: dict[int, float], then: dict[int, float]) -> float:
            return sum(cpu - then.get(pid, 0.0) for pid, cpu in now.items())

        return Usage(wall - wall0, used(province, province0), used(pg, pg0), bench - bench0)


@dataclass(frozen=True)
class Usage:
    """CPU seconds over a phase of ``seconds``."""

    seconds: float
    province: float
    postgres: float
    bench: float

    def __str__(self) -> str:
        return (
            f"CPU over {self.seconds:.1f} s: province {self.province / self.seconds:.2f}, "
            f"PostgreSQL {self.postgres / self.seconds:.2f}, bench "
            f"{self.bench / self.seconds:.2f} cores"
        )

    def per(self, count: int) -> str:
        """Microseconds of each per item."""
        us = 1e6 / count
        return f"province {self.province * us:.0f} us, PostgreSQL {self.postgres * us:.0f} us"
