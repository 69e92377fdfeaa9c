"""Finding the core: zeroconf first (passing over a core whose certificate the device does not
trust, advertised or shown), then the URL in the device's own config, and saying which."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from queue_core.client.errors import CoreUnavailable
from queue_core.client.tls import Trust, answers_as, is_tls
from queue_core.discovery import Interfaces, browse

log = logging.getLogger(__name__)

__all__ = ["Discovered", "Via", "discover"]


class Via(enum.StrEnum):
    ZEROCONF = "zeroconf"
    """Found on the LAN by mDNS/DNS-SD."""
    CONFIG = "config"
    """Nothing answered in time: the URL from the device's config."""


@dataclass(frozen=True)
class Discovered:
    url: str
    """The core's root URL, to give to CoreClient."""
    via: Via
    name: str | None = None
    """The site's name as advertised (None when the config URL was used)."""
    site_id: str | None = None
    cert_sha256: str | None = None
    """The fingerprint of the certificate its zeroconf record names (None: plain HTTP, or the
    config URL): a first contact must find that certificate (``tls.first_contact``)."""


async def discover(
    timeout: float = 3.0,
    site: str | None = None,
    fallback_url: str | None = None,
    *,
    interfaces: Interfaces | None = None,
    trust: Trust | None = None,
) -> Discovered:
    """The first core (of ``site``, when given) seen within ``timeout`` seconds, else the
    configured ``fallback_url``; CoreUnavailable when there is neither. ``interfaces``:
    as ``queue_core.discovery.browse`` (default ``$LUOT_MDNS_INTERFACES``, else all).
    ``trust``: the certificates the device pinned; a core advertising none of them is passed
    over, unspoken to, and so is one that advertises one but shows another in a TLS handshake
    (a machine posing as the core copied its record): then the fallback (none pinned: any)."""
    trusted = trust.fingerprints if trust else ()
    try:
        found = await browse(timeout, site, interfaces=interfaces, first=True, trusted=trusted)
    except OSError as exc:  # no usable interface for multicast
        if fallback_url is None:
            raise CoreUnavailable(f"cannot browse for a core: {exc}") from exc
        found = []
    if found and trust and is_tls(found[0].url) and not await answers_as(found[0].url, trust):
        log.warning(
            "the core advertised at %s does not show the certificate this device paired "
            "with: passed over",
            found[0].url,
        )
        found = []
    if found:
        core = found[0]
        return Discovered(core.url, Via.ZEROCONF, core.name, core.site_id, core.cert_sha256)
    if fallback_url is None:
        wanted = f"of site {site!r} " if site else ""
        raise CoreUnavailable(f"no core {wanted}answered on the network within {timeout:g} s")
    return Discovered(fallback_url.rstrip("/"), Via.CONFIG)
