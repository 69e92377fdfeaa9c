"""The simulated clock: a core served with ``--at START --speed N`` lives on START's day."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_core import clock
from queue_core.cli import main
from queue_core.client import CoreClient
from tests.support.server import SMALL_SITE, running_core

HANOI = timezone(timedelta(hours=7))
START = datetime(2026, 11, 25, 8, 0, tzinfo=HANOI)


def test_a_simulated_clock_runs_from_its_start_at_its_speed() -> None:
    now = clock.simulated_clock(START, speed=3600)
    first = now()
    time.sleep(0.05)
    later = now()
    assert START <= first < later
    assert later - first >= timedelta(seconds=0.05 * 3600)


@pytest.mark.parametrize(
    ("start", "speed"), [(datetime(2026, 11, 25, 8, 0), 1.0), (START, 0.0), (START, -2.0)]
)
def test_a_clock_with_no_offset_or_no_speed_is_refused(start: datetime, speed: float) -> None:
    with pytest.raises(ValueError):
        clock.simulated_clock(start, speed)


def test_serve_refuses_a_speed_that_is_not_positive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    db = str(tmp_path / "luot.db")
    assert main(["--db", db, "init", str(site)]) == 0
    code = main(["--db", db, "--at", START.isoformat(), "serve", "--speed", "0", "--no-mdns"])
    assert code == 2
    assert "--speed must be positive" in capsys.readouterr().err


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_a_core_on_a_simulated_clock_stamps_and_counts_that_day(tmp_path: Path) -> None:
    began = time.monotonic()
    with running_core(tmp_path, clock=(START, 60.0)) as server:
        async with CoreClient(server.base_url) as kiosk:
            kiosk.token = server.pair_device("kiosk")
            ticket = await kiosk.issue_ticket("lltp")
        async with CoreClient(server.base_url) as boss:
            boss.token = server.login("boss", "999999", None)
            figures = await boss.stats(date(2026, 11, 25), date(2026, 11, 25), by="service")
    wall = time.monotonic() - began
    assert ticket.business_day == date(2026, 11, 25)
    # At most the wall time this took, 60 times over (a real clock would be hours off).
    assert START <= ticket.issued_at <= START + timedelta(seconds=60 * wall + 1)
    assert figures.total.issued == 1
