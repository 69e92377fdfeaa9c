"""Province bench: 200 simulated centres ship recorded days at once to a real province
(`luot-province serve` on 127.0.0.1) over a real PostgreSQL the bench starts; ingest rate,
commit -> province latency, a day offline caught up, a month's report, beside PostgreSQL's own
limit measured in the same run.

    .venv/bin/python bench/province_bench.py [--centres 200] [--days 1] [--quick]

The recorded day is one `luot-sim` day of the sample centre (seed 1, 2026-11-25, run at x600 once
and kept in var/sim/province-bench.db; --sim-db names another), without the citizens' tokens.
Each centre's log is that day, renumbered from seq 1 (day k of --days on the next date, seqs
going on). In order, each phase timed on its own:

  limit      PostgreSQL alone: the same rows (every centre's events as the province stores them)
             into the same table, in transactions of 2,000 on 2 connections at once (one per
             core): a bare COPY, then a batched INSERT (executemany); then the table emptied
  ingest     every centre at once ships its --days in batches of 2,000 (gzip JSON, built before
             the clock starts), one request at a time per centre, as its shipper does when it
             has fallen behind; events/s from the first request to the last answer
  follow     every centre's next day goes on arriving (--follow-rate events/s in all, 5 times the
             province's busiest hour) for --follow-seconds; each centre's shipper looks every
             0.5 s (the core's POLL_SECONDS) and sends what is new; an event's commit -> the
             province's answer after its transaction (events and derived state) committed
  offline    meanwhile one more centre, offline for a busy day (3,000 tickets x 8 events:
             8 recorded days end to end, ~24,000 events), comes back 2 s into follow and ships
             its backlog at full speed: seconds until the province holds it all
  report     the month (November 2026) filled with every centre's day figures (the shipped
             day's copied onto the other days; what the report reads), then the console's report
             (province.console.report.build) across all centres, median of 3

Targets on a 2-core machine (issue 21): ingest >= 20,000 events/s and >= 50 % of the bare
COPY; commit -> province p99 <= 2 s; a day offline caught up <= 60 s; the month's report <= 2 s.
127.0.0.1 only; PostgreSQL on a unix socket in a temporary folder; bounded in size and time.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from bench.backup_bench import p99  # noqa: E402
from bench.province_limits import CONNECTIONS, Meter, limits  # noqa: E402
from harness.postgres import running_postgres  # noqa: E402
from harness.province import for_province, migrated_database, running_province  # noqa: E402
from province import centres, rollup  # noqa: E402
from province.console import report  # noqa: E402
from province.db import connect  # noqa: E402
from queue_core.config import SAMPLE_SITE  # noqa: E402
from queue_core.shipping import POLL_SECONDS  # noqa: E402
from queue_core.store import Store  # noqa: E402

RECORDED = date(2026, 11, 25)
SIM_DB = ROOT / "var" / "sim" / "province-bench.db"
BATCH = 2000
BUSY_DAY_EVENTS = 24_000
"""A busy centre's day: ~3,000 tickets x ~8 events (issue 21's sizing)."""
MONTH = (date(2026, 11, 1), date(2026, 11, 30))
GUARD_SECONDS = 600.0
"""No phase waits longer than this for the province."""


# --- the recorded day ------------------------------------------------------------------------


def recorded_day(path: Path) -> list[bytes]:
    """The day's events as the shipper sends them, JSON each, without its leading ``{"seq":N,``
    (renumbered per centre). The day is simulated once with `luot-sim` when ``path`` is
    missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"recording a day with luot-sim into {path} (about a minute) ...", flush=True)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "luot-sim"), "--db", str(path), "--speed", "600",
                "--seed", "1", "--date", RECORDED.isoformat(), "--quiet",
            ],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=900,
        )  # fmt: skip
    store = Store.open(path)
    try:
        events = store.events_since(0, 1_000_000)
    finally:
        store.close()
    out = []
    for event in events:
        raw = orjson.dumps(for_province(event))
        head, _, rest = raw.partition(b",")
        if not head.startswith(b'{"seq":'):
            raise SystemExit(f"{path}: an event that does not begin with its seq")
        out.append(rest)
    return out


def log_of(day: Sequence[bytes], days: int, first: date, first_seq: int = 1) -> list[bytes]:
    """``days`` copies of the recorded day from ``first``, one date after another, numbered on
    from ``first_seq``."""
    recorded = RECORDED.isoformat().encode()
    out: list[bytes] = []
    for k in range(days):
        moved = (first + timedelta(days=k)).isoformat().encode()
        for rest in day:
            body = rest if moved == recorded else rest.replace(recorded, moved)
            out.append(b'{"seq":%d,' % (first_seq + len(out)) + body)
    return out


def body(centre: str, events: Sequence[bytes]) -> bytes:
    return gzip.compress(
        b'{"centre":"' + centre.encode() + b'","events":[' + b",".join(events) + b"]}", 1
    )


def batches(centre: str, log: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """The log cut as the shipper cuts it: (the batch's last seq, its gzip'd body)."""
    return [
        (start + len(log[start : start + BATCH]), body(centre, log[start : start + BATCH]))
        for start in range(0, len(log), BATCH)
    ]


# --- the province --------------------------------------------------------------------------------


def register(dsn: str, codes: Sequence[str]) -> dict[str, str]:
    """The centres added, the sample site given to each; their tokens."""
    tokens = {}
    with connect(dsn) as conn:
        for code in codes:
            tokens[code] = centres.add(conn, code, f"Trung tâm {code}")
            centres.load_site_file(conn, code, SAMPLE_SITE)
    return tokens


class Link:
    """A centre's one keep-alive HTTP/1.1 connection to the province, as little client as can
    be (a shared pool of 200 connections in httpx took more CPU than the province's own
    answer): ``post`` a gzip'd batch, its acked_seq."""

    def __init__(self, url: str, token: str) -> None:
        self.host, _, port = url.removeprefix("http://").partition(":")
        self.port = int(port)
        self.token = token
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, content: bytes) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(
            b"POST /api/v1/ingest HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
            b"Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\n\r\n" % (self.host.encode(), self.token.encode(), len(content))
        )
        writer.write(content)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), GUARD_SECONDS)
        status = int(head.split(b" ", 2)[1])
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.lower().split(b"\r\n")
            if line.startswith(b"content-length:")
        )
        answer = await reader.readexactly(length)
        if status != 200:
            raise SystemExit(f"the province answered {status}: {answer[:300]!r}")
        return int(orjson.loads(answer)["acked_seq"])

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


async def ship_all(link: Link, todo: Sequence[tuple[int, bytes]]) -> None:
    for last, content in todo:
        acked = await link.post(content)
        if acked != last:
            raise SystemExit(f"acked {acked} after a batch up to {last}")


async def ingest(
    url: str, tokens: dict[str, str], todo: dict[str, list[tuple[int, bytes]]]
) -> float:
    """Every centre's batches at once, one request at a time per centre; seconds."""
    links = {code: Link(url, tokens[code]) for code in todo}
    began = time.perf_counter()
    await asyncio.gather(*(ship_all(links[code], todo[code]) for code in todo))
    seconds = time.perf_counter() - began
    for link in links.values():
        link.close()
    return seconds


async def follow_centre(
    link: Link, code: str, log: list[bytes], start: float, rate: float, until: float,
    reach: list[float],
) -> None:  # fmt: skip
    """A shipper following its centre's log as it is committed (event j at start + j / rate);
    each event's commit -> the province's answer, into ``reach``. What it sent is cut from
    the front of ``log``."""
    loop = asyncio.get_running_loop()
    sent = 0
    while True:
        now = loop.time()
        committed = min(len(log), math.floor((min(now, until) - start) * rate) + 1)
        if committed > sent:
            taken = log[sent : min(committed, sent + BATCH)]
            await link.post(body(code, taken))
            answered = loop.time()
            reach.extend(answered - (start + j / rate) for j in range(sent, sent + len(taken)))
            sent += len(taken)
            if sent < committed:
                continue
        if now >= until:
            del log[:sent]
            link.close()
            return
        await asyncio.sleep(POLL_SECONDS)


async def follow(
    url: str, tokens: dict[str, str], logs: dict[str, list[bytes]], rate: float, seconds: float,
    offline: tuple[str, list[tuple[int, bytes]]] | None,
) -> tuple[list[float], float]:  # fmt: skip
    """Every centre following its next day at ``rate`` events/s in all; meanwhile the offline
    centre's backlog 2 s in. The commit -> province times, and the backlog's seconds."""
    loop = asyncio.get_running_loop()
    reach: list[float] = []
    each = rate / len(logs)
    start = loop.time()
    until = start + seconds

    async def back_online() -> float:
        if offline is None:
            return 0.0
        await asyncio.sleep(2.0)
        began = loop.time()
        link = Link(url, tokens[offline[0]])
        await ship_all(link, offline[1])
        link.close()
        return loop.time() - began

    followers = [
        follow_centre(
            Link(url, tokens[code]), code, logs[code],
            start + (number / len(logs)) * POLL_SECONDS, each, until, reach,
        )
        for number, code in enumerate(logs)
    ]  # fmt: skip
    caught, *_ = await asyncio.gather(back_online(), *followers)
    return reach, caught or 0.0


# --- the month's report ------------------------------------------------------------------------


def fill_month(dsn: str) -> int:
    """Every centre's shipped day's figures copied onto the month's other days (what the report
    reads); the month's rows."""
    columns = (
        "agency_id, issued, served, no_show, cancelled, gave_up, called, within_target, "
        "wait_sum_us, wait_p50_us, wait_p90_us, wait_histogram, service_n, service_sum_us, "
        "service_p50_us, service_p90_us, rated, ratings, last_seq"
    )
    with connect(dsn) as conn:
        conn.execute(
            f"INSERT INTO day_figures (centre_id, business_day, service_id, {columns}) "
            f"SELECT f.centre_id, d::date, f.service_id, {columns} FROM day_figures f "
            "CROSS JOIN generate_series(%s::date, %s::date, '1 day') AS d "
            "WHERE f.business_day = %s ON CONFLICT DO NOTHING",
            (MONTH[0], MONTH[1], RECORDED),
        )
        groups: dict[int, list[tuple[date, str]]] = {}
        for centre, day, service in conn.execute(
            "SELECT centre_id, business_day, service_id FROM day_figures"
        ).fetchall():
            groups.setdefault(int(centre), []).append((day, str(service)))
        for centre, touched in groups.items():  # the month's roll-up, as a batch keeps it
            with conn.transaction():
                rollup.refresh(conn, centre, touched)
        conn.execute("VACUUM ANALYZE day_figures")
        conn.execute("VACUUM ANALYZE month_figures")
        row = conn.execute(
            "SELECT count(*) FROM day_figures WHERE business_day BETWEEN %s AND %s", MONTH
        ).fetchone()
    return int(row[0]) if row else 0


def stored(dsn: str) -> str:
    """What the events and the tickets take on disk, with their indexes."""
    sizes = []
    with connect(dsn) as conn:
        for table in ("events", "tickets"):
            row = conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0), "
                f"(SELECT count(*) FROM {table}) FROM pg_inherits "
                "WHERE inhparent = %s::regclass",
                (table,),
            ).fetchone()
            size, count = (int(row[0]), int(row[1])) if row else (0, 0)
            sizes.append(f"{table} {size / 1e6:,.0f} MB ({size / max(count, 1):,.0f} B a row)")
    return "stored: " + ", ".join(sizes)


def time_report(dsn: str, by: str, period: str) -> tuple[float, int]:
    """The median seconds of three builds of the month's report; its groups."""
    took, groups = [], 0
    with connect(dsn) as conn:
        for _ in range(3):
            began = time.perf_counter()
            built = report.build(conn, MONTH[0], MONTH[1], by=by, period=period)
            took.append(time.perf_counter() - began)
            groups = len(built.rows)
    return statistics.median(took), groups


# --- the run -------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=200, help="centres shipping at once")
    parser.add_argument("--days", type=int, default=1, help="recorded days each ships (ingest)")
    parser.add_argument(
        "--follow-rates",
        default="600,3000",
        help="events/s in all while following, a phase each (default: the peak and 5 times it)",
    )
    parser.add_argument("--follow-seconds", type=float, default=20.0)
    parser.add_argument("--limit-rows", type=int, default=200_000, help="rows of the bare COPY")
    parser.add_argument("--pool", type=int, default=8, help="each worker's connections")
    parser.add_argument("--workers", type=int, default=2, help="the province's processes")
    parser.add_argument("--sim-db", type=Path, default=SIM_DB, help="the recorded day")
    parser.add_argument("--quick", action="store_true", help="20 centres, short phases")
    parser.add_argument("--keep-log", type=Path, help="the province's log here")
    args = parser.parse_args()
    if args.quick:
        args.centres, args.follow_seconds, args.limit_rows = 20, 6.0, 30_000
    rates = [float(r) for r in args.follow_rates.split(",")]
    print("load average at the start: " + " / ".join(f"{n:.1f}" for n in os.getloadavg()))
    day = recorded_day(args.sim_db)
    codes = [f"c{n:03d}" for n in range(args.centres)]
    logs = {code: log_of(day, args.days, RECORDED) for code in codes}
    offline_days = math.ceil(BUSY_DAY_EVENTS / len(day))
    offline_log = log_of(day, offline_days, RECORDED - timedelta(days=offline_days))
    total = sum(len(log) for log in logs.values())
    print(
        f"recorded day: {len(day)} events (luot-sim, {args.sim_db.name}); {args.centres} centres "
        f"x {args.days} day(s) = {total:,} events; offline centre: {len(offline_log):,}"
    )
    began = time.perf_counter()
    todo = {code: batches(code, log) for code, log in logs.items()}
    offline_todo = batches("offline", offline_log)
    print(f"batches built in {time.perf_counter() - began:.1f} s (before any clock)")
    with tempfile.TemporaryDirectory() as folder, running_postgres() as pg:
        dsn = migrated_database(pg, "province")
        meter = Meter(pg.data)
        rows, copy_rate, insert_rate, copying, inserting = limits(
            dsn, logs, min(args.limit_rows, total), meter, BATCH, MONTH[0]
        )
        print(
            f"\nPostgreSQL alone, {rows:,} rows into events, {BATCH:,} a transaction, "
            f"{CONNECTIONS} connections:\n"
            f"  bare COPY       {copy_rate:9,.0f} rows/s  (PostgreSQL's CPU "
            f"{copying.postgres / rows * 1e6:.0f} us a row)\n"
            f"  batched INSERT  {insert_rate:9,.0f} rows/s  (PostgreSQL's CPU "
            f"{inserting.postgres / rows * 1e6:.0f} us a row)"
        )
        tokens = register(dsn, [*codes, "offline"])
        log_path = args.keep_log or Path(folder) / "province.log"
        reaches: list[list[float]] = []
        offline_seconds = math.inf
        with running_province(
            dsn, log_path, "--pool", str(args.pool), "--workers", str(args.workers)
        ) as url:
            meter.start()
            seconds = asyncio.run(ingest(url, tokens, todo))
            usage = meter.stop()
            rate = total / seconds
            print(
                f"\ningest: {total:,} events from {args.centres} centres in {seconds:.1f} s: "
                f"{rate:,.0f} events/s = {rate / copy_rate * 100:.0f} % of the bare COPY, "
                f"{rate / insert_rate * 100:.0f} % of the batched INSERT\n  {usage}; an event: "
                f"{usage.per(total)}"
            )
            nexts = {
                code: log_of(day, 1, RECORDED + timedelta(days=args.days), len(log) + 1)
                for code, log in logs.items()
            }
            for number, each in enumerate(rates):
                offline = ("offline", offline_todo) if number == 0 else None
                meter.start()
                reach, caught = asyncio.run(
                    follow(url, tokens, nexts, each, args.follow_seconds, offline)
                )
                reaches.append(reach)
                print(
                    f"follow at {each:,.0f} events/s for {args.follow_seconds:.0f} s "
                    f"({len(reach):,} events): commit -> province p50 "
                    f"{statistics.median(reach):.2f} s  p99 {p99(reach):.2f} s  "
                    f"max {max(reach):.2f} s\n  {meter.stop()}"
                )
                if offline:
                    offline_seconds = caught
                    print(
                        f"  meanwhile offline for a busy day: {len(offline_log):,} events caught "
                        f"up in {caught:.1f} s"
                    )
        print(stored(dsn))
        month_rows = fill_month(dsn)
        print(f"\nthe month's report, {month_rows:,} day figures ({MONTH[0]} .. {MONTH[1]}):")
        reports = {}
        for by, period in (("centre", "month"), ("centre", "day"), ("service", "month")):
            took, groups = time_report(dsn, by, period)
            reports[(by, period)] = took
            print(f"  by {by:<7} per {period:<5} {took:5.2f} s ({groups} groups, median of 3)")
    monthly, daily = reports[("centre", "month")], reports[("centre", "day")]
    print(
        "load average at the end (other work on the machine): "
        + " / ".join(f"{n:.1f}" for n in os.getloadavg())
    )
    print(
        f"\ntargets: ingest >= 20,000/s {verdict(rate >= 20_000)} ({rate:,.0f}); "
        f">= 50 % of bare COPY {verdict(rate >= copy_rate / 2)} ({rate / copy_rate * 100:.0f} %); "
        f"p99 <= 2 s at the peak {verdict(p99(reaches[0]) <= 2)}; "
        f"a day offline <= 60 s {verdict(offline_seconds <= 60)}; "
        f"month's report <= 2 s: per month {verdict(monthly <= 2)} ({monthly:.2f} s), "
        f"per day {verdict(daily <= 2)} ({daily:.2f} s)"
    )


if __name__ == "__main__":
    main()
