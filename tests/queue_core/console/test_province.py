"""A real core with ``[province]`` ships its log as it serves, and the console shows how far; a
refused centre and a link down past the limit are alerts on the stream and on the hall, cleared
once the log gets through again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import anyio
import httpx
import pytest

from harness.small_province import SmallProvince
from queue_core.client import AlertEvent, CoreClient, EventType
from tests.queue_core.conftest import MORNING, SMALL_SITE
from tests.queue_core.console.conftest import log_in
from tests.support.server import CoreServer, running_core

pytestmark = pytest.mark.anyio

TOKEN = "luot_p_t0ken-of-hcc"
GUARD = 60  # seconds: a hang guard, not a measurement


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _site(url: str, token: str = TOKEN) -> str:
    return (
        SMALL_SITE
        + f'\n[province]\nurl = "{url}"\ncentre = "hcc"\ntoken = "{token}"\n'
        + "\n[console]\ncheck_seconds = 1\n"
    )


def _issue(core: CoreServer, count: int) -> int:
    """Tickets from a kiosk; the core's last seq after them."""
    kiosk = core.pair_device("kiosk", now=core.clock[0] if core.clock else None)
    with httpx.Client(base_url=core.base_url, timeout=10) as client:
        for _ in range(count):
            answer = client.post(
                "/api/v1/tickets",
                json={"service": "datdai"},
                headers={"Authorization": f"Bearer {kiosk}"},
            )
            assert answer.status_code == 201, answer.text
        return int(client.get("/api/v1/health").json()["seq"])


def _hall(core: CoreServer) -> str:
    with httpx.Client(base_url=core.base_url, timeout=10) as console:
        log_in(console, "boss", "999999")
        return console.get("/console/fragment/hall").text


async def _until(what: object) -> None:
    with anyio.fail_after(GUARD):
        while not what():  # type: ignore[operator]
            await anyio.sleep(0.05)


async def _next_alert(stream: object) -> AlertEvent:
    with anyio.fail_after(GUARD):
        async for event in stream:  # type: ignore[attr-defined]
            if isinstance(event, AlertEvent) and event.alert.startswith("province"):
                return event
    raise AssertionError("the stream ended")


async def test_a_serving_core_ships_as_it_goes_and_the_hall_shows_how_far(tmp_path: Path) -> None:
    with SmallProvince({"hcc": TOKEN}) as province, running_core(
        tmp_path, _site(province.url)
    ) as core:  # fmt: skip
        last = _issue(core, 12)
        await _until(lambda: province.acked("hcc") >= last)
        hall = _hall(core)
    assert province.token_leaks == []
    assert [e["seq"] for e in province.held("hcc")] == list(range(1, province.acked("hcc") + 1))
    assert 'id="shipping"' in hall and province.url in hall
    assert TOKEN not in hall
    acked = int(hall.split('data-acked="')[1].split('"')[0])
    assert acked >= last


async def test_a_refused_centre_is_an_alert_until_its_token_is_the_provinces(
    tmp_path: Path,
) -> None:
    with SmallProvince({"hcc": TOKEN}) as province, running_core(
        tmp_path, _site(province.url, "luot_p_wrong")
    ) as core:  # fmt: skip
        client = CoreClient(core.base_url, core.listener_token())
        try:
            stream = client.subscribe(0)
            raised = await _next_alert(stream)
            assert (raised.kind, raised.key, raised.alert) == (
                EventType.ALERT_RAISED,
                "province:refused",
                "province_refused",
            )
            assert "401 unknown_centre" in raised.message_en
            hall = _hall(core)
            assert 'class="alert kind-province_refused"' in hall and "luot_p_wrong" not in hall
            store = core.store()
            try:
                store.import_site(_site(province.url), MORNING)  # the right token
            finally:
                store.close()
            cleared = await _next_alert(stream)
            await stream.aclose()
        finally:
            await client.aclose()
        assert (cleared.kind, cleared.key) == (EventType.ALERT_CLEARED, "province:refused")
        await _until(lambda: province.acked("hcc") > 0)


async def test_a_link_down_past_the_limit_is_an_alert_until_the_log_gets_through(
    tmp_path: Path,
) -> None:
    province = SmallProvince({"hcc": TOKEN})
    province.start()
    province.close()  # nobody listens at its address
    start = MORNING - timedelta(hours=1)
    with running_core(tmp_path, _site(province.url), clock=(start, 900.0)) as core:
        # 15 minutes of the core's clock pass in a second of the test's
        client = CoreClient(core.base_url, core.listener_token())
        try:
            stream = client.subscribe(0)
            raised = await _next_alert(stream)
            assert (raised.kind, raised.key, raised.alert) == (
                EventType.ALERT_RAISED,
                "province:unreachable",
                "province_unreachable",
            )
            assert "ConnectError" in raised.message_en
            assert 'class="alert kind-province_unreachable"' in _hall(core)
            province.start()
            while (cleared := await _next_alert(stream)).kind is EventType.ALERT_RAISED:
                pass  # raised again as its minutes grow, until the link is back
            await stream.aclose()
        finally:
            await client.aclose()
        assert cleared.key == "province:unreachable"
        await _until(lambda: province.acked("hcc") > 0)
    province.close()
