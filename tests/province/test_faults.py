"""Exactly once, under faults: two cores — each its store written by a centre's days on a thread
and its own shipper thread (``queue_core.shipping.Shipper``, what `luot-core serve` runs)
sending through a TCP proxy on 127.0.0.1 — and the province, `luot-province serve` as a real
process over a real PostgreSQL. While they ship, the province is killed with SIGKILL and
started again, one core's link is cut (its connections reset, new ones refused) while the
other's goes on, then restored, and batches the province holds already are sent again, two at
once. At the end the province holds every event of both cores once, each as its core holds it,
and its figures of every day equal the cores' own `luot-core report`."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from harness.child import free_port, stop
from harness.province import add_centre, for_province, post_batch, start_province
from harness.proxy import CuttableProxy
from province.db import connect
from province.reads import day_rows
from queue_core.config import SAMPLE_SITE
from queue_core.domain import ResetDay
from queue_core.shipping import Shipper
from queue_core.store import Store
from tests.province.console_days import TODAY, local, run_day, weekdays_before

DAYS = weekdays_before(TODAY, 5)
TICKETS = 45
COUNTERS = (1, 2, 3, 5, 7, 10, 12)
GUARD_SECONDS = 90.0
"""The longest any wait here may take before the test gives up (never reached when it works)."""


def until(what: str, check: Callable[[], bool], seconds: float = GUARD_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:.0f} s")
        time.sleep(0.05)


class Link(CuttableProxy):
    """A core's link to the province: ``down``, its connections are reset and new ones refused,
    as a pulled cable or a dead router would."""

    down = False

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.transport.abort()
            return
        await super()._relay(reader, writer)


class Links:
    """The cores' proxies on an event loop of their own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.opened: list[Link] = []

    def open(self, port: int) -> Link:
        link = Link(port)
        asyncio.run_coroutine_threadsafe(link.start(), self.loop).result(10)
        self.opened.append(link)
        return link

    def cut(self, link: Link) -> None:
        async def pull() -> None:
            link.down = True
            link.cut()

        asyncio.run_coroutine_threadsafe(pull(), self.loop).result(10)

    def restore(self, link: Link) -> None:
        self.loop.call_soon_threadsafe(setattr, link, "down", False)

    def close(self) -> None:
        for link in self.opened:
            asyncio.run_coroutine_threadsafe(link.close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class Core:
    """A centre's store, written by its days on a thread, and its shipper."""

    def __init__(self, db: Path, code: str, token: str, url: str, seed: int) -> None:
        self.db, self.code, self.seed = db, code, seed
        store = Store.open(db)
        store.import_site(
            SAMPLE_SITE.read_text(encoding="utf-8")
            + f'\n[province]\nurl = "{url}"\ncentre = "{code}"\ntoken = "{token}"\n'
            "batch_events = 150\n",
            local(DAYS[0], 7),
        )
        store.close()
        self.writer = threading.Thread(target=self._days, name=f"days-{code}")
        self.shipper = Shipper(db, poll=0.2, backoff=(0.2, 1.0))
        self.go = [threading.Event() for _ in DAYS]
        """Each day is written once the test lets it (so that it comes during a fault)."""
        self.written = [threading.Event() for _ in DAYS]

    def _days(self) -> None:
        store = Store.open(self.db)
        try:
            rng = random.Random(self.seed)
            for number, day in enumerate(DAYS):
                if not self.go[number].wait(GUARD_SECONDS):
                    return
                run_day(store, day, rng, TICKETS, COUNTERS)
                store.execute(ResetDay(), local(day, 19))  # the day's end
                self.written[number].set()
        finally:
            store.close()

    def last_seq(self) -> int:
        store = Store.open(self.db)
        try:
            return store.last_seq()
        finally:
            store.close()

    def events(self) -> list[dict[str, Any]]:
        store = Store.open(self.db)
        try:
            return [for_province(event) for event in store.events_since(0, 1_000_000)]
        finally:
            store.close()


def release(cores: tuple[Core, ...], number: int, wait: bool = True) -> None:
    """Let each core write its day ``number``; wait until they have, unless told not to."""
    for core in cores:
        core.go[number].set()
    for core in cores if wait else ():
        assert core.written[number].wait(GUARD_SECONDS), (core.code, number)


def acked(dsn: str, code: str) -> int:
    with connect(dsn) as conn:
        row = conn.execute("SELECT acked_seq FROM centres WHERE code = %s", (code,)).fetchone()
    return int(row[0]) if row else 0


def core_report(db: Path, day: date) -> dict[str, dict[str, Any]]:
    """The core's own figures of the day per service: `luot-core report --json`."""
    out = subprocess.run(
        [str(Path(sys.executable).parent / "luot-core"), "--db", str(db), "report", "--json",
         "--from", day.isoformat(), "--to", day.isoformat()],
        check=True, capture_output=True, timeout=60,
    ).stdout  # fmt: skip
    return {group["service"]["id"]: group for group in json.loads(out)["groups"]}


SAME = ("issued", "served", "no_show", "cancelled", "gave_up", "within_target_share", "ratings")


@pytest.fixture
def links() -> Iterator[Links]:
    opened = Links()
    yield opened
    opened.close()


def test_every_event_once_and_the_cores_figures_after_kills_cuts_and_repeats(
    dsn: str, tmp_path: Path, links: Links, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    log = (tmp_path / "province.log").open("ab")
    province = start_province(dsn, port, log)
    link_a, link_b = links.open(port), links.open(port)
    tokens = {code: add_centre(dsn, code, code, SAMPLE_SITE) for code in ("hcc-a", "hcc-b")}
    a = Core(tmp_path / "a.db", "hcc-a", tokens["hcc-a"], link_a.url, 1)
    b = Core(tmp_path / "b.db", "hcc-b", tokens["hcc-b"], link_b.url, 2)
    cores = (a, b)
    try:
        with caplog.at_level(logging.WARNING, logger="luot.shipping"):
            for core in cores:
                core.writer.start()
                core.shipper.start()
            release(cores, 0)
            release(cores, 1)
            until("both ship", lambda: all(acked(dsn, c.code) >= 100 for c in cores))

            release(cores, 2, wait=False)
            time.sleep(0.2)
            province.kill()  # SIGKILL, while the day's events are being shipped
            province.wait(10)
            time.sleep(0.5)
            province = start_province(dsn, port, log)
            for core in cores:
                core.written[2].wait(GUARD_SECONDS)
            until(
                "both shipped again", lambda: all(acked(dsn, c.code) == c.last_seq() for c in cores)
            )

            links.cut(link_a)
            time.sleep(1.0)  # a batch the cut caught half-answered is taken, or not, by now
            cut_at = acked(dsn, a.code)
            release(cores, 3)
            until("b ships on without a", lambda: acked(dsn, b.code) == b.last_seq())
            assert acked(dsn, a.code) == cut_at < a.last_seq()  # nothing through the cut link
            links.restore(link_a)

            # Batches held already, sent again two at once: both taken, nothing changed.
            held = acked(dsn, b.code)
            again = [e for e in b.events() if e["seq"] <= held][-150:]
            url = f"http://127.0.0.1:{port}"
            with httpx.Client(timeout=30, trust_env=False) as client, ThreadPoolExecutor(2) as pool:
                answers = list(
                    pool.map(
                        lambda _: post_batch(client, url, tokens[b.code], b.code, again), range(2)
                    )
                )
            assert [r.status_code for r in answers] == [200, 200]
            assert [r.json()["acked_seq"] for r in answers] == [held, held]

            release(cores, 4)
            lasts = {c.code: c.last_seq() for c in cores}
            until("all shipped", lambda: all(acked(dsn, c) == lasts[c] for c in lasts))
        assert any("does not get through" in r.getMessage() for r in caplog.records)
    finally:
        for core in cores:
            for gate in core.go:
                gate.set()
            core.writer.join(GUARD_SECONDS)
            core.shipper.stop()
        stop(province)
        log.close()

    with connect(dsn) as conn:
        for core in cores:
            rows = conn.execute(
                "SELECT e.seq, e.body::text FROM events e JOIN centres c ON c.id = e.centre_id "
                "WHERE c.code = %s ORDER BY e.seq",
                (core.code,),
            ).fetchall()
            held_events = [orjson.loads(body) for _, body in rows]
            assert [seq for seq, _ in rows] == list(range(1, lasts[core.code] + 1))
            assert held_events == core.events()
            for day in DAYS:
                theirs = core_report(core.db, day)
                mine = {row["service"]["id"]: row for row in day_rows(conn, core.code, day, day)}
                assert set(mine) == set(theirs) and theirs, (core.code, day)
                for service, row in mine.items():
                    for key in SAME:
                        assert row[key] == theirs[service][key], (core.code, day, service, key)
                    for kind in ("wait_minutes", "service_minutes"):
                        for part in ("p50", "p90"):
                            assert row[kind][part] == theirs[service][kind][part], (kind, part)
