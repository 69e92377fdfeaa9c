"""A real core whose backups fail: the failure is an alert on the stream and on the console's
hall, cleared once a good backup is taken; and the core has its database to itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio
import httpx
import pytest

from queue_core.client import AlertEvent, CoreClient, EventType
from queue_core.store import list_backups
from tests.queue_core.conftest import SMALL_SITE
from tests.queue_core.console.conftest import log_in
from tests.support.server import running_core

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


GUARD = 60  # seconds: a hang guard, not a measurement


def _site(folder: Path) -> str:
    return SMALL_SITE + f'\n[backup]\nfolder = "{folder}"\n\n[console]\ncheck_seconds = 1\n'


async def _next_alert(stream: object) -> AlertEvent:
    with anyio.fail_after(GUARD):
        async for event in stream:  # type: ignore[attr-defined]
            if isinstance(event, AlertEvent) and event.alert.startswith("backup"):
                return event
    raise AssertionError("the stream ended")


async def test_a_failing_backup_is_an_alert_until_a_good_one_is_taken(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.write_text("the share is not mounted: a file where the folder should be")
    with running_core(tmp_path, _site(share / "luot")) as core:
        client = CoreClient(core.base_url, core.listener_token())
        try:
            stream = client.subscribe(0)
            raised = await _next_alert(stream)
            assert (raised.kind, raised.key, raised.alert) == (
                EventType.ALERT_RAISED,
                "backup:failed",
                "backup_failed",
            )
            assert "Cannot make the backup folder" in raised.message_en
            with httpx.Client(base_url=core.base_url, timeout=10) as console:
                log_in(console, "boss", "999999")
                hall = console.get("/console/fragment/hall").text
            assert 'class="alert kind-backup_failed"' in hall
            share.unlink()  # the share is back
            cleared = await _next_alert(stream)
            await stream.aclose()
        finally:
            await client.aclose()
    assert (cleared.kind, cleared.key) == (EventType.ALERT_CLEARED, "backup:failed")
    assert len(list_backups(share / "luot")) >= 1


def test_a_second_core_on_the_same_database_refuses_to_start(tmp_path: Path) -> None:
    with running_core(tmp_path, SMALL_SITE) as core:
        second = subprocess.run(
            [sys.executable, "-m", "queue_core.cli", "--db", str(core.db_path), "serve",
             "--host", "127.0.0.1", "--port", "0", "--no-mdns"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert second.returncode != 0
        assert f"{core.db_path} is in use (serving by pid {core.process.pid})" in second.stderr  # type: ignore[union-attr]
        assert httpx.get(core.base_url + "/api/v1/health").status_code == 200
