"""A kiosk takes tickets at a person's pace: a token copied off one and used as fast as it goes
gets a handful, not a service's day (150 in 0.2 s until now), is refused 429
``too_many_tickets`` with ``Retry-After``, and the console's alert names the device until it is
revoked. Other kiosks and supervisors go on."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_core.api.issue_rate import (
    FLOODING_SECONDS,
    TICKET_BURST,
    TICKETS_PER_MINUTE,
    IssueRate,
    KioskPace,
)
from queue_core.config import parse_site
from queue_core.errors import ApiError
from tests.queue_core.conftest import SMALL_SITE
from tests.queue_core.console.conftest import csrf_of, log_in
from tests.support.server import CoreServer, running_core

GIVE_UP = 30.0
"""Seconds after which an alert that should come is taken not to (it comes within a second)."""
PACE = KioskPace()

# --- the bucket --------------------------------------------------------------------------------


def test_a_kiosk_gets_its_burst_then_one_ticket_at_the_pace() -> None:
    rate = IssueRate()
    for _ in range(TICKET_BURST):
        rate.take(1, 100.0, PACE)
    with pytest.raises(ApiError) as refused:
        rate.take(1, 100.0, PACE)
    every = 60 / TICKETS_PER_MINUTE
    assert (refused.value.status, refused.value.code) == (429, "too_many_tickets")
    assert refused.value.retry_after == every
    rate.take(2, 100.0, PACE)  # another kiosk is not held up
    rate.take(1, 100.0 + every, PACE)
    with pytest.raises(ApiError):
        rate.take(1, 100.0 + every, PACE)
    assert rate.flooding(100.0 + every) == [1]
    assert rate.flooding(100.0 + every + FLOODING_SECONDS) == []


def test_a_quiet_kiosk_gets_its_burst_back_but_no_more() -> None:
    rate = IssueRate()
    for _ in range(TICKET_BURST):
        rate.take(1, 0.0, PACE)
    later = 3600.0
    for _ in range(TICKET_BURST):
        rate.take(1, later, PACE)
    with pytest.raises(ApiError):
        rate.take(1, later, PACE)


def test_no_pace_is_no_limit() -> None:
    rate = IssueRate()
    for _ in range(1000):
        rate.take(1, 0.0, KioskPace(tickets_per_minute=0))
    assert rate.flooding(0.0) == []


PACED_SITE = SMALL_SITE.replace("tickets_per_minute = 0\n", "")
"""The small test site with the kiosk's pace the site file gives when it says none."""


def test_the_site_file_sets_the_pace() -> None:
    site, _ = parse_site(PACED_SITE)
    assert KioskPace.of(site.extra) == KioskPace(TICKETS_PER_MINUTE, TICKET_BURST)  # a person's
    site, _ = parse_site(PACED_SITE.replace("[kiosk]", "[kiosk]\nticket_burst = 2"))
    assert KioskPace.of(site.extra) == KioskPace(TICKETS_PER_MINUTE, 2)
    site, _ = parse_site(SMALL_SITE)
    assert KioskPace.of(site.extra) == KioskPace(0, TICKET_BURST)


# --- a real core -------------------------------------------------------------------------------

CAPPED_SITE = (
    PACED_SITE.replace("daily_cap = 30", "daily_cap = 150") + "\n[console]\ncheck_seconds = 1\n"
)
"""The small test site, ``chungthuc`` capped at 150 a day, the alerts checked every second."""


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, CAPPED_SITE) as server:
        yield server


async def all_at_once(core: CoreServer, token: str, count: int) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {token}"}
    body = {"service": "chungthuc"}
    async with httpx.AsyncClient(base_url=core.base_url, trust_env=False, timeout=60) as client:
        return list(
            await asyncio.gather(
                *(client.post("/api/v1/tickets", json=body, headers=headers) for _ in range(count))
            )
        )


def alerts(core: CoreServer) -> list[dict[str, Any]]:
    store = core.store()
    try:
        return [a for a in store.raised_alerts() if a["kind"] == "device_flooding"]
    finally:
        store.close()


def until(check: Any) -> Any:
    """``check()``'s first true answer, asked until GIVE_UP."""
    given_up = time.monotonic() + GIVE_UP
    while time.monotonic() < given_up:
        if answer := check():
            return answer
        time.sleep(0.05)
    pytest.fail("it never came")


def test_a_copied_kiosk_token_gets_a_burst_not_the_days_cap(core: CoreServer) -> None:
    copied = core.pair_device("kiosk", "Ki-ốt sảnh A")
    answers = asyncio.run(all_at_once(core, copied, 150))
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: TICKET_BURST, 429: 150 - TICKET_BURST}
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["error"]["code"] == "too_many_tickets"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60 / TICKETS_PER_MINUTE

    other = core.pair_device("kiosk", "Ki-ốt sảnh B")
    assert Counter(a.status_code for a in asyncio.run(all_at_once(core, other, 3))) == {201: 3}
    core.add_staff("chef", "864209", "supervisor")
    boss = core.login("chef", "864209", None)  # a supervisor issues at any pace
    assert Counter(a.status_code for a in asyncio.run(all_at_once(core, boss, 10))) == {201: 10}

    [alert] = until(lambda: alerts(core))
    assert alert["subject"] == str(device_id(core, "Ki-ốt sảnh A"))
    assert "Ki-ốt sảnh A" in alert["message"] and "Ki-ốt sảnh A" in alert["message_en"]
    assert "thu hồi" in alert["message"] and "revoke" in alert["message_en"]

    with httpx.Client(base_url=core.base_url, timeout=GIVE_UP) as console:
        assert log_in(console, "chef", "864209").status_code == 303
        devices = console.get("/console/fragment/devices").text
        assert 'class="alert kind-device_flooding"' in devices and "Ki-ốt sảnh A" in devices
        csrf = csrf_of(console, "/console/devices")
        revoked = console.post(f"/console/devices/{alert['subject']}/revoke", data={"csrf": csrf})
        assert revoked.status_code == 303
    until(lambda: not alerts(core))  # revoked: it takes no more tickets, and the alert goes


def device_id(core: CoreServer, name: str) -> int:
    store = core.store()
    try:
        row = store.conn.execute("SELECT id FROM devices WHERE name = ?", (name,)).fetchone()
    finally:
        store.close()
    return int(row[0])
