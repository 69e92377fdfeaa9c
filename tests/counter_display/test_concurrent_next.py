"""Two counters pressing next at the same moment, through real concurrent HTTP, never get the
same ticket (200 rounds)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from queue_core.client import CoreClient
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import running_core

ROUNDS = 200
SHARED = """
[[services]]
id = "chung"
agency = "stp"
name = "Tiếp nhận chung"
numbers = "5001-5999"
"""
SITE = SMALL_SITE.replace('services = ["lltp", "chungthuc"]', 'services = ["chung", "lltp"]')
SITE = SITE.replace('services = ["datdai", "lltp"]', 'services = ["chung", "datdai"]') + SHARED


async def race(base_url: str, kiosk: str) -> list[tuple[int, int]]:
    async with (
        CoreClient(base_url, kiosk) as issuer,
        CoreClient(base_url) as one,
        CoreClient(base_url) as three,
    ):
        for _ in range(2 * ROUNDS + 10):
            await issuer.issue_ticket("chung")
        for clerk, n in ((one, 1), (three, 3)):
            clerk.token = (await clerk.login("lan", "1234", n)).token
            await clerk.open_counter(n)
        pairs = []
        for _ in range(ROUNDS):
            a, b = await asyncio.gather(one.call_next(1), three.call_next(3))
            assert a is not None and b is not None
            pairs.append((a.id, b.id))
            await asyncio.gather(one.start(1), three.start(3))
        return pairs


def test_two_counters_never_get_the_same_ticket(tmp_path: Path) -> None:
    with running_core(tmp_path, SITE) as core:
        pairs = asyncio.run(race(core.base_url, core.pair_device("kiosk")))
        called = [ticket for pair in pairs for ticket in pair]
        assert all(a != b for a, b in pairs)
        assert len(called) == len(set(called)) == 2 * ROUNDS
        store = core.store()
        try:
            events = [e for e in store.events_since(0, 100_000) if e["type"] == "ticket.called"]
        finally:
            store.close()
        assert sorted(e["ticket"]["id"] for e in events) == sorted(called)
