"""Zeroconf (mDNS/DNS-SD): advertise this core as `_luot._tcp.local.`, browse for cores.

Async first; ``browse_sync`` and ``advertise_sync`` are thin blocking wrappers
for code with no event loop. Depends on zeroconf (and its ``ifaddr``) and the
standard library only.

Every device that speaks mDNS on the LAN sees the core as one service instance
named after the site (``Trung tâm Phục vụ hành chính công tỉnh …``) with the
TXT records ``v=1``, ``site=<site id>`` and ``api=/api/v1``, and ``cert=<SHA-256 of
its certificate>`` when it speaks TLS: a device that pinned another certificate passes such a
core over before it sends it anything (anyone can advertise, so the record only narrows the
choice; the TLS handshake against the pinned certificate is what proves the core).

Pass ``interfaces=["127.0.0.1"]`` to keep zeroconf on the loopback interface
only (the tests do): multicast then never leaves the machine. Without it, the
addresses in ``$LUOT_MDNS_INTERFACES`` (comma-separated) are used when set, so that
a core and its apps started by one launcher keep to loopback alike (``luot-demo``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import re
import unicodedata
from collections.abc import AsyncIterator, Collection, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

import ifaddr
from zeroconf import (
    InterfaceChoice,
    IPVersion,
    NonUniqueNameException,
    ServiceInfo,
    ServiceStateChange,
    Zeroconf,
)
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

__all__ = [
    "API_PATH",
    "INTERFACES_ENV",
    "SERVICE_TYPE",
    "TXT_CERT",
    "TXT_VERSION",
    "Advertisement",
    "FoundCore",
    "Interfaces",
    "advertise",
    "advertise_sync",
    "browse",
    "browse_sync",
    "default_interfaces",
    "instance_name",
]

SERVICE_TYPE = "_luot._tcp.local."
API_PATH = "/api/v1"
TXT_VERSION = "1"
TXT_CERT = "cert"
"""The TXT key of the SHA-256 of the certificate a TLS core serves (64 lowercase hex digits)."""
LABEL_BYTES = 63
"""A DNS label, and so a service instance name, holds at most 63 bytes of UTF-8."""

Interfaces = Sequence[str] | InterfaceChoice
"""``InterfaceChoice.All`` (every interface), or a list of the addresses to bind to."""

INTERFACES_ENV = "LUOT_MDNS_INTERFACES"

_RESOLVE_MS = 3000
log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FoundCore:
    """One core seen on the network."""

    name: str
    """The instance name: the site's name (possibly shortened to 63 bytes)."""
    site_id: str
    url: str
    """The core's root, e.g. ``http://192.168.1.10:8470``; the API lives under ``api_path``."""
    addresses: tuple[str, ...]
    port: int
    txt: Mapping[str, str] = field(default_factory=dict)

    @property
    def api_path(self) -> str:
        return self.txt.get("api", API_PATH)

    @property
    def cert_sha256(self) -> str | None:
        """The fingerprint of the certificate it says it serves; None for a plain HTTP core."""
        return self.txt.get(TXT_CERT) or None


# --- names ----------------------------------------------------------------------------------


def _clip_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` that is at most ``limit`` bytes of UTF-8."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore").rstrip()


def instance_name(site_name: str, suffix: str = "") -> str:
    """The site's name as a DNS-SD instance label: NFC, no control characters or dots,
    at most 63 bytes of UTF-8 (cut on a character boundary), then ``suffix``."""
    text = unicodedata.normalize("NFC", site_name)
    text = _CONTROL.sub(" ", text).replace(".", " ")
    text = " ".join(text.split()) or "Lượt"
    budget = LABEL_BYTES - len(suffix.encode("utf-8"))
    return _clip_utf8(text, budget) + suffix


def _host_label(site_id: str, port: int) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", site_id.lower()).strip("-")[:40] or "core"
    return f"luot-{slug}-{port}.local."


# --- addresses ------------------------------------------------------------------------------


def default_interfaces() -> Interfaces:
    """The addresses in ``$LUOT_MDNS_INTERFACES`` (e.g. ``127.0.0.1``), else every interface."""
    listed = [a.strip() for a in os.environ.get(INTERFACES_ENV, "").split(",") if a.strip()]
    return listed or InterfaceChoice.All


def _chosen(interfaces: Interfaces | None) -> Interfaces:
    return default_interfaces() if interfaces is None else interfaces


def _bound(interfaces: Interfaces) -> list[str] | None:
    """The explicit addresses to bind to, or None for an InterfaceChoice."""
    if isinstance(interfaces, InterfaceChoice):
        return None
    return [interfaces] if isinstance(interfaces, str) else list(interfaces)


def _ip_version(interfaces: Interfaces) -> IPVersion:
    bound = _bound(interfaces)
    if bound is None:
        return IPVersion.V4Only
    versions = {ipaddress.ip_address(a).version for a in bound}
    if versions == {6}:
        return IPVersion.V6Only
    return IPVersion.All if versions == {4, 6} else IPVersion.V4Only


def _zc_interfaces(interfaces: Interfaces) -> list[str] | InterfaceChoice:
    if isinstance(interfaces, InterfaceChoice):
        return interfaces
    return [interfaces] if isinstance(interfaces, str) else list(interfaces)


def _local_addresses(interfaces: Interfaces) -> list[str]:
    """The addresses to publish: the bound ones, or every non-loopback IPv4 address."""
    bound = _bound(interfaces)
    if bound is not None:
        return bound
    found = [
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not ipaddress.ip_address(str(ip.ip)).is_loopback
    ]
    return found or ["127.0.0.1"]


def _service_info(
    site_id: str, name: str, port: int, addresses: Sequence[str], cert_sha256: str | None = None
) -> ServiceInfo:
    properties = {"v": TXT_VERSION, "site": site_id, "api": API_PATH}
    if cert_sha256 is not None:
        properties[TXT_CERT] = cert_sha256
    return ServiceInfo(
        SERVICE_TYPE,
        f"{name}.{SERVICE_TYPE}",
        port=port,
        parsed_addresses=list(addresses),
        properties=properties,
        server=_host_label(site_id, port),
    )


# --- advertising ----------------------------------------------------------------------------


class Advertisement:
    """A core being advertised: its record, and the certificate's fingerprint it carries, which
    a rotation changes while the core serves."""

    def __init__(self, azc: AsyncZeroconf, info: ServiceInfo) -> None:
        self._azc, self.info = azc, info

    async def set_certificate(self, cert_sha256: str | None) -> None:
        """Advertise another certificate's fingerprint (the core switched to it)."""
        old = self.info
        txt = {**_txt(old), TXT_CERT: cert_sha256 or ""}
        if not cert_sha256:
            del txt[TXT_CERT]
        self.info = ServiceInfo(
            SERVICE_TYPE,
            old.name,
            port=old.port,
            parsed_addresses=old.parsed_addresses(),
            properties=txt,
            server=old.server,
        )
        await self._azc.async_update_service(self.info)


async def _register(
    azc: AsyncZeroconf,
    site_id: str,
    site_name: str,
    port: int,
    addresses: Sequence[str],
    cert_sha256: str | None = None,
) -> ServiceInfo:
    """Register under the site's name, or ``name (2)``, ``name (3)``… when it is taken."""
    for attempt in range(1, 10):
        suffix = "" if attempt == 1 else f" ({attempt})"
        name = instance_name(site_name, suffix)
        info = _service_info(site_id, name, port, addresses, cert_sha256)
        try:
            await azc.async_register_service(info)
        except NonUniqueNameException:
            continue
        return info
    raise NonUniqueNameException(f"no free instance name for {site_name!r}")


@asynccontextmanager
async def advertise(
    site_id: str,
    site_name: str,
    port: int,
    addresses: Sequence[str] | None = None,
    interfaces: Interfaces | None = None,
    cert_sha256: str | None = None,
) -> AsyncIterator[Advertisement]:
    """Advertise a core while the block runs; says goodbye on the network when it ends.

    ``addresses`` are the ones published in A/AAAA records (default: the bound
    interfaces, or every non-loopback IPv4 address of this machine); ``cert_sha256`` the
    fingerprint of the certificate a TLS core serves (None: it speaks plain HTTP).
    """
    interfaces = _chosen(interfaces)
    azc = AsyncZeroconf(interfaces=_zc_interfaces(interfaces), ip_version=_ip_version(interfaces))
    try:
        published = list(addresses) if addresses is not None else _local_addresses(interfaces)
        info = await _register(azc, site_id, site_name, port, published, cert_sha256)
        advertised = Advertisement(azc, info)
        yield advertised
        await azc.async_unregister_service(advertised.info)
    finally:
        await azc.async_close()


@contextmanager
def advertise_sync(
    site_id: str,
    site_name: str,
    port: int,
    addresses: Sequence[str] | None = None,
    interfaces: Interfaces | None = None,
    cert_sha256: str | None = None,
) -> Iterator[ServiceInfo]:
    """``advertise`` for code with no event loop (zeroconf runs its own thread)."""
    interfaces = _chosen(interfaces)
    zc = Zeroconf(interfaces=_zc_interfaces(interfaces), ip_version=_ip_version(interfaces))
    try:
        published = list(addresses) if addresses is not None else _local_addresses(interfaces)
        info = _service_info(site_id, instance_name(site_name), port, published, cert_sha256)
        zc.register_service(info, allow_name_change=False)
        yield info
        zc.unregister_service(info)
    finally:
        zc.close()


# --- browsing -------------------------------------------------------------------------------


def _txt(info: ServiceInfo) -> dict[str, str]:
    return {
        key.decode("utf-8", "replace"): (value or b"").decode("utf-8", "replace")
        for key, value in info.properties.items()
    }


def _url(address: str, port: int, tls: bool) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"{'https' if tls else 'http'}://{host}:{port}"


def _found(info: ServiceInfo) -> FoundCore | None:
    """A resolved service as a FoundCore, or None when it is not a usable v1 core."""
    txt = _txt(info)
    addresses = tuple(sorted(info.parsed_scoped_addresses(), key=lambda a: ":" in a))
    if txt.get("v") != TXT_VERSION or not addresses or info.port is None:
        return None
    return FoundCore(
        name=info.name.removesuffix("." + SERVICE_TYPE),
        site_id=txt.get("site", ""),
        url=_url(addresses[0], info.port, bool(txt.get(TXT_CERT))),
        addresses=addresses,
        port=info.port,
        txt=txt,
    )


async def _resolve(azc: AsyncZeroconf, name: str, timeout: float) -> FoundCore | None:
    info = AsyncServiceInfo(SERVICE_TYPE, name)
    if not await info.async_request(azc.zeroconf, max(1, int(timeout * 1000))):
        return None
    return _found(info)


def _passed_over(core: FoundCore, trusted: Collection[str] | None) -> bool:
    """A core whose certificate is not one the device trusts, when it trusts some: it may be
    another machine posing as the core, and is not spoken to."""
    if not trusted or core.cert_sha256 in trusted:
        return False
    shown = core.cert_sha256[:16] if core.cert_sha256 else "none (plain HTTP)"
    log.info("passed over %r at %s: its certificate (%s) is not one this device trusts",
             core.name, core.url, shown)  # fmt: skip
    return True


async def _collect(
    azc: AsyncZeroconf,
    timeout: float,
    site: str | None,
    first: bool,
    trusted: Collection[str] | None = None,
) -> list[FoundCore]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    names: asyncio.Queue[str] = asyncio.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is not ServiceStateChange.Removed:
            names.put_nowait(name)

    found: dict[str, FoundCore] = {}
    browser = AsyncServiceBrowser(azc.zeroconf, SERVICE_TYPE, handlers=[on_change])
    try:
        while (remaining := deadline - loop.time()) > 0:
            try:
                name = await asyncio.wait_for(names.get(), remaining)
            except TimeoutError:
                break
            core = await _resolve(azc, name, min(remaining, _RESOLVE_MS / 1000))
            if core is None or (site is not None and core.site_id != site):
                continue
            if _passed_over(core, trusted):
                continue
            found[core.name] = core
            if first:
                break
    finally:
        await browser.async_cancel()
    return sorted(found.values(), key=lambda c: c.name)


async def browse(
    timeout: float = 3.0,
    site: str | None = None,
    *,
    interfaces: Interfaces | None = None,
    first: bool = False,
    trusted: Collection[str] | None = None,
) -> list[FoundCore]:
    """The cores seen within ``timeout`` seconds, sorted by name.

    ``site`` keeps only the cores whose TXT ``site`` is that id; ``trusted`` (certificate
    fingerprints), when not empty, only those that advertise one of them; ``first`` returns
    as soon as one (matching) core has been resolved instead of listening the
    whole ``timeout``.
    """
    interfaces = _chosen(interfaces)
    azc = AsyncZeroconf(interfaces=_zc_interfaces(interfaces), ip_version=_ip_version(interfaces))
    try:
        return await _collect(azc, timeout, site, first, trusted)
    finally:
        await azc.async_close()


def browse_sync(
    timeout: float = 3.0,
    site: str | None = None,
    *,
    interfaces: Interfaces | None = None,
    first: bool = False,
) -> list[FoundCore]:
    """``browse`` for code with no running event loop."""
    return asyncio.run(browse(timeout, site, interfaces=interfaces, first=first))
