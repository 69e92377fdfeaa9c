"""The client pins the core's certificate, against real cores serving HTTPS and WSS on 127.0.0.1
(`serve --tls`): the first pairing learns it, a core serving another certificate is refused
before anything is sent, and a rotation keeps every paired device working."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from queue_core.cli import main
from queue_core.client import (
    CoreCertificates,
    CoreClient,
    CoreError,
    CoreNotTrusted,
    StreamSnapshot,
    TicketEvent,
    Trust,
    first_contact,
)
from queue_core.client.tls import pem_sha256
from queue_core.store import list_devices
from queue_core.tls import CertFolder
from tests.support.server import CoreServer, running_core

pytestmark = pytest.mark.anyio

GUARD = 30.0
"""Seconds: a hang guard, not a measurement."""
AHEAD = 10**9
"""A ``since`` ahead of any core: the stream opens with a snapshot."""
T = TypeVar("T")


async def until(ask: Callable[[], Awaitable[T]], done: Callable[[T], bool]) -> T:
    """Ask again until the answer is what is waited for (the core reads its certificate folder
    every 2 s); fails the test after GUARD seconds."""
    async with asyncio.timeout(GUARD):
        while True:
            answer = await ask()
            if done(answer):
                return answer
            await asyncio.sleep(0.2)


async def paired(core: CoreServer, role: str = "kiosk") -> tuple[Trust, str]:
    """A device's first contact and pairing: the trust it keeps, and its token."""
    trust = await first_contact(core.base_url)
    async with CoreClient(core.base_url, trust=trust) as client:
        pairing = await client.pair(core.pairing_code(role), f"test {role}")
    return trust, pairing.token


async def snapshot(client: CoreClient) -> StreamSnapshot:
    async with client.subscribe(AHEAD) as stream, asyncio.timeout(GUARD):
        first = await anext(stream)
    assert isinstance(first, StreamSnapshot)
    return first


def cli(core: CoreServer, *args: str) -> int:
    return main(["--db", str(core.db_path), *args])


def another_certificate(folder: Path) -> str:
    """A certificate made as a core makes its own, but no core's here (PEM)."""
    made, _ = CertFolder(folder).ensure("elsewhere")
    return made.pem


@pytest.fixture
def tls_core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, tls=True) as core:
        yield core


async def test_a_first_pairing_learns_the_cores_fingerprint(tls_core: CoreServer) -> None:
    on_disk = tls_core.certificates.current()
    assert on_disk is not None and tls_core.base_url.startswith("https://")
    trust = await first_contact(tls_core.base_url)
    assert trust.fingerprints == (on_disk.sha256,)
    async with CoreClient(tls_core.base_url, trust=trust) as client:
        pairing = await client.pair(tls_core.pairing_code("kiosk"), "Kiosk A")
        assert pairing.cert_sha256 == on_disk.sha256 == pem_sha256(trust.certificates[0])
        client.token = pairing.token
        assert (await client.health()).site_id == "test-centre"
        assert (await client.certificates()) == CoreCertificates(on_disk.sha256)
        assert (await snapshot(client)).seq == 0  # the event stream, over WSS
        async with client.subscribe(0) as stream, asyncio.timeout(GUARD):
            issued = await client.issue_ticket("lltp")
            event = await anext(stream)  # written to the TLS transport by the hub itself
        assert isinstance(event, TicketEvent) and event.ticket.number == issued.number


async def test_a_client_pinned_to_one_certificate_refuses_a_core_serving_another(
    tls_core: CoreServer,
) -> None:
    trust, token = await paired(tls_core)
    first = trust.fingerprints[0]
    tls_core.stop()
    shutil.rmtree(tls_core.certificates.folder)  # the core's machine reinstalled, or another
    tls_core.start()  # a new key and certificate
    second = tls_core.certificates.current()
    assert second is not None and second.sha256 != first

    async with CoreClient(tls_core.base_url, token, trust=trust) as client:
        with pytest.raises(CoreNotTrusted, match="not the one this device paired with") as seen:
            await client.heartbeat("1.0", 5, "ok")
        assert first[:4] in str(seen.value) and "pair this device again" in str(seen.value)
        with pytest.raises(CoreNotTrusted, match="not the one this device paired with"):
            await snapshot(client)
    store = tls_core.store()
    try:
        assert [d.last_seen for d in list_devices(store.conn)] == [None]  # nothing reached it
    finally:
        store.close()
    # The zeroconf record would have named the first certificate: the first contact says so.
    with pytest.raises(CoreNotTrusted, match="its zeroconf record names"):
        await first_contact(tls_core.base_url, expected=first)
    # A device pinned to the second one is at home.
    async with CoreClient(tls_core.base_url, trust=Trust((second.pem,))) as client:
        assert (await client.health()).status == "ok"


async def test_an_https_core_without_a_pinned_certificate_is_not_trusted(
    tls_core: CoreServer,
) -> None:
    async with CoreClient(tls_core.base_url) as client:
        with pytest.raises(CoreNotTrusted, match="has not learned"):
            await client.health()


async def test_a_rotation_keeps_every_paired_device_working(
    tls_core: CoreServer, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk_trust, kiosk_token = await paired(tls_core, "kiosk")
    counter_trust, counter_token = await paired(tls_core, "counter")
    old = kiosk_trust.fingerprints[0]

    assert cli(tls_core, "cert", "rotate") == 0
    upcoming = tls_core.certificates.next()
    assert upcoming is not None and upcoming.sha256 in capsys.readouterr().out
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    finish = ("--at", later, "cert", "rotate", "--finish")

    # Neither device has learned it: the switch waits, and names them.
    assert cli(tls_core, *finish) == 2
    refused = capsys.readouterr().err
    assert "2 paired device(s)" in refused and "'test kiosk'" in refused

    async def learn(trust: Trust, token: str) -> Trust:
        async with CoreClient(tls_core.base_url, token, trust=trust) as client:
            told = await until(client.certificates, lambda t: t.next_sha256 is not None)
        return trust.learned(told)

    kiosk_trust = await learn(kiosk_trust, kiosk_token)
    assert kiosk_trust.fingerprints == (old, upcoming.sha256)
    assert cli(tls_core, *finish) == 2
    assert "1 paired device(s)" in capsys.readouterr().err
    counter_trust = await learn(counter_trust, counter_token)
    assert cli(tls_core, "cert", "rotate", "--finish") == 2  # learned, but only just made
    assert "finish after" in capsys.readouterr().err
    assert cli(tls_core, *finish) == 0

    # The running core serves the next certificate without a restart…
    await until(lambda: first_contact(tls_core.base_url), lambda t: t.fingerprints != (old,))
    # …and both devices go on working over it, streams included.
    for trust, token in ((kiosk_trust, kiosk_token), (counter_trust, counter_token)):
        async with CoreClient(tls_core.base_url, token, trust=trust) as client:
            assert (await client.heartbeat("1.0", 9, "ok")).device_id
            await snapshot(client)
            told = await client.certificates()
        assert told == CoreCertificates(upcoming.sha256)
        assert trust.learned(told).fingerprints == (upcoming.sha256,)  # the old one let go
    # A device that never learned it is refused, as any other certificate would be.
    async with CoreClient(tls_core.base_url, trust=Trust((kiosk_trust.certificates[0],))) as c:
        with pytest.raises(CoreNotTrusted):
            await c.health()


async def test_a_client_adopts_a_new_trust_in_place(tls_core: CoreServer, tmp_path: Path) -> None:
    """``use_trust`` (a next certificate learned) changes what the same client accepts."""
    right = await first_contact(tls_core.base_url)
    wrong = Trust((another_certificate(tmp_path / "other"),))
    async with CoreClient(tls_core.base_url, trust=wrong) as client:
        with pytest.raises(CoreNotTrusted):
            await client.health()
        await client.use_trust(right)
        assert (await client.health()).status == "ok"


def test_what_the_core_announces_is_learned_only_when_it_is_what_it_says(tmp_path: Path) -> None:
    a = another_certificate(tmp_path)
    trust = Trust((a,))
    fake = CoreCertificates(pem_sha256(a), "0" * 64, a)
    with pytest.raises(CoreNotTrusted, match="not the one it named"):
        trust.learned(fake)
    same = CoreCertificates(pem_sha256(a))
    assert trust.learned(same) == trust
    assert trust.learned(CoreCertificates("f" * 64)) == trust  # nothing known: nothing dropped


async def test_first_contact_with_no_core_is_core_unavailable() -> None:
    from harness.child import free_port

    with pytest.raises(CoreError) as seen:
        await first_contact(f"https://127.0.0.1:{free_port()}")
    assert not isinstance(seen.value, CoreNotTrusted)
    with pytest.raises(CoreError, match="not an https"):
        await first_contact("http://127.0.0.1:8470")
