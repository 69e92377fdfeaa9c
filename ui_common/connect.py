"""How an app finds its core: the URL it was given, else zeroconf (a core whose certificate the
device did not pin is passed over), else its settings, else the one default; and how it looks
again for a core that moved."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from queue_core.client import Discovered, Trust, Via, discover
from ui_common.live import Finder
from ui_common.texts import tr
from ui_common.timings import TIMINGS

__all__ = ["DEFAULT_CORE", "find_core", "finder_from"]

log = logging.getLogger(__name__)

DEFAULT_CORE = "http://127.0.0.1:8470"
"""The core's URL when nothing else says where it is: this machine, the default port."""


def find_core(
    override_url: str | None,
    settings_url: str | None,
    timeout: float = TIMINGS.discovery_s,
    trust: Trust | None = None,
) -> Discovered:
    """Blocking: meant for an app's start, before its window opens.

    ``--core URL`` wins; otherwise the first core that answers on the LAN within
    ``timeout`` (with ``trust``, the certificates the device pinned, one that advertises one of
    them and shows it); otherwise the URL kept in the device's settings, else
    DEFAULT_CORE. The answer says which was used, and the log says it too.
    """
    if override_url:
        found = Discovered(override_url.rstrip("/"), Via.CONFIG)
    else:
        fallback = settings_url or DEFAULT_CORE
        found = asyncio.run(discover(timeout, fallback_url=fallback, trust=trust))
    if found.via is Via.ZEROCONF:
        said = tr("core_found_zeroconf", name=found.name or found.url)
    else:
        said = tr("core_from_config", url=found.url)
    log.info("%s (%s)", said, found.via.value)
    return found


def finder_from(
    url: str,
    timeout: float = TIMINGS.discovery_s,
    trust: Callable[[], Trust] = Trust,
) -> Finder:
    """Looks for the core on the LAN again (a LiveConnection's ``finder``), falling back on
    ``url``, where it was found at start; ``trust()``: the certificates the device trusts
    now (a rotation changes them)."""

    async def find() -> str:
        return (await discover(timeout, fallback_url=url, trust=trust())).url

    return find
