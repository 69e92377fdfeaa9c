"""Discovery with zeroconf bound to 127.0.0.1: advertise, browse, read the site from TXT, fall back.

Multicast on the loopback interface works on Linux without `ip link set lo multicast on`:
zeroconf joins 224.0.0.251 on 127.0.0.1 and sets IP_MULTICAST_IF/IP_MULTICAST_LOOP, and
the kernel loops the packets back. Nothing leaves the machine.
"""

from __future__ import annotations

import unicodedata
import uuid

import pytest

from harness.child import free_port
from queue_core.client import CoreUnavailable, Trust, Via, discover
from queue_core.discovery import (
    API_PATH,
    advertise,
    advertise_sync,
    browse,
    browse_sync,
    instance_name,
)
from queue_core.tls import make_certificate
from tests.queue_core.client.conftest import LOOPBACK, certificate_alone

SITE_NAME = "Trung tâm Phục vụ hành chính công tỉnh"
WITHIN = 5.0  # the "finds the core in under 5 s", given to browse as its timeout


def unique_site() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


def unique_name() -> str:
    """The site's name plus a tag, so that tests running side by side never share a name."""
    return f"{SITE_NAME} {uuid.uuid4().hex[:4]}"


@pytest.mark.anyio
async def test_browse_finds_an_advertised_core_and_reads_its_site_from_txt() -> None:
    site, name, port = unique_site(), unique_name(), free_port()
    async with advertise(site, name, port, interfaces=LOOPBACK):
        found = await browse(WITHIN, site, interfaces=LOOPBACK, first=True)
    assert len(found) == 1
    core = found[0]
    assert (core.name, core.site_id, core.port) == (name, site, port)
    assert core.url == f"http://127.0.0.1:{port}"
    assert core.addresses == ("127.0.0.1",)
    assert core.txt == {"v": "1", "site": site, "api": API_PATH}


@pytest.mark.anyio
async def test_discover_uses_zeroconf_when_a_core_answers() -> None:
    site, name, port = unique_site(), unique_name(), free_port()
    async with advertise(site, name, port, interfaces=LOOPBACK):
        found = await discover(WITHIN, site, "http://10.9.9.9:8470", interfaces=LOOPBACK)
    assert found.via is Via.ZEROCONF
    assert (found.url, found.name, found.site_id) == (f"http://127.0.0.1:{port}", name, site)


@pytest.mark.anyio
async def test_discover_falls_back_to_the_configured_url_and_says_so() -> None:
    found = await discover(0.5, unique_site(), "http://10.9.9.9:8470/", interfaces=LOOPBACK)
    assert found.via is Via.CONFIG
    assert found.via == "config"
    assert (found.url, found.name) == ("http://10.9.9.9:8470", None)


@pytest.mark.anyio
async def test_discover_with_no_core_and_no_fallback_is_core_unavailable() -> None:
    with pytest.raises(CoreUnavailable):
        await discover(0.3, unique_site(), interfaces=LOOPBACK)


def test_blocking_wrappers_advertise_and_browse() -> None:
    site, port = unique_site(), free_port()
    name = f"Bộ phận một cửa huyện {uuid.uuid4().hex[:4]}"
    with advertise_sync(site, name, port, interfaces=LOOPBACK):
        found = browse_sync(WITHIN, site, interfaces=LOOPBACK, first=True)
    assert [(c.name, c.site_id) for c in found] == [(name, site)]


@pytest.mark.anyio
async def test_a_long_vietnamese_name_is_cut_on_a_character_boundary_and_still_found() -> None:
    long_name = unique_name() + " Thừa Thiên Huế, cơ sở số hai, đường Lê Lợi"
    site, port = unique_site(), free_port()
    async with advertise(site, long_name, port, interfaces=LOOPBACK):
        found = await browse(WITHIN, site, interfaces=LOOPBACK, first=True)
    assert [c.name for c in found] == [instance_name(long_name)]
    assert long_name.startswith(found[0].name)


def test_instance_names_fit_one_dns_label() -> None:
    name = instance_name("Trung tâm " + "Phục vụ hành chính công " * 5)
    assert len(name.encode("utf-8")) <= 63
    assert name.encode("utf-8").decode("utf-8") == name
    assert not name.endswith(" ")
    decomposed = unicodedata.normalize("NFD", SITE_NAME)
    assert instance_name(decomposed) == SITE_NAME
    assert instance_name("UBND Tp. Huế\n") == "UBND Tp Huế"
    suffixed = instance_name("ờ" * 40, " (2)")
    assert suffixed.endswith(" (2)")
    assert len(suffixed.encode("utf-8")) <= 63


@pytest.mark.anyio
async def test_two_cores_with_one_name_are_both_seen() -> None:
    site_a, site_b, name = unique_site(), unique_site(), unique_name()
    async with (
        advertise(site_a, name, free_port(), interfaces=LOOPBACK),
        advertise(site_b, name, free_port(), interfaces=LOOPBACK),
    ):
        found = await browse(WITHIN, site_b, interfaces=LOOPBACK, first=True)
    assert [(c.name, c.site_id) for c in found] == [(name + " (2)", site_b)]


@pytest.mark.anyio
async def test_a_tls_core_carries_its_fingerprint_and_a_device_passes_over_another() -> None:
    """The record names the certificate: a device that pinned another one does not see this
    core (it would send it nothing), one that holds it does; a rotation's switch re-advertises."""
    site, name, port = unique_site(), unique_name(), free_port()
    mine, other = "a" * 64, "b" * 64
    async with advertise(site, name, port, interfaces=LOOPBACK, cert_sha256=mine) as advertised:
        found = await browse(WITHIN, site, interfaces=LOOPBACK, first=True, trusted={mine})
        assert [(c.url, c.cert_sha256) for c in found] == [(f"https://127.0.0.1:{port}", mine)]
        assert found[0].txt["cert"] == mine
        passed_over = await browse(1.0, site, interfaces=LOOPBACK, first=True, trusted={other})
        assert passed_over == []
        seen = await discover(WITHIN, site, "https://10.9.9.9:8470", interfaces=LOOPBACK)
        assert (seen.via, seen.cert_sha256) == (Via.ZEROCONF, mine)

        await advertised.set_certificate(other)
        found = await browse(WITHIN, site, interfaces=LOOPBACK, first=True, trusted={other})
        assert [c.cert_sha256 for c in found] == [other]


@pytest.mark.anyio
async def test_a_plain_core_is_passed_over_by_a_device_that_pinned_a_certificate() -> None:
    site, name, port = unique_site(), unique_name(), free_port()
    trust = Trust((certificate_alone(make_certificate("x")),))
    async with advertise(site, name, port, interfaces=LOOPBACK):
        found = await discover(1.0, site, "https://10.9.9.9:8470", interfaces=LOOPBACK,
                               trust=trust)  # fmt: skip
    assert (found.via, found.url) == (Via.CONFIG, "https://10.9.9.9:8470")
