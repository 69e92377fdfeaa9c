"""How an app finds its core: the URL it was given, else zeroconf, else its settings, else the
one default; and how it looks again for a core that moved."""

from __future__ import annotations

import asyncio
import logging

from queue_core.client import Discovered, Via, discover
from ui_common.live import Finder
from ui_common.texts import tr
from ui_common.timings import TIMINGS

__all__ = ["DEFAULT_CORE", "find_core", "finder_from"]

log = logging.getLogger(__name__)

DEFAULT_CORE = "http://127.0.0.1:8470"
"""The core's URL when nothing else says where it is: this machine, the default port."""


def find_core(
    override_url: str | None, settings_url: str | None, timeout: float = TIMINGS.discovery_s
) -> Discovered:
    """Blocking: meant for an app's start, before its window opens.

    ``--core URL`` wins; otherwise the first core that answers on the LAN within
    ``timeout``; otherwise the URL kept in the device's settings, else DEFAULT_CORE. The
    answer says which was used, and the log says it too.
    """
    if override_url:
        found = Discovered(override_url.rstrip("/"), Via.CONFIG)
    else:
        found = asyncio.run(discover(timeout, fallback_url=settings_url or DEFAULT_CORE))
    if found.via is Via.ZEROCONF:
        said = tr("core_found_zeroconf", name=found.name or found.url)
    else:
        said = tr("core_from_config", url=found.url)
    log.info("%s (%s)", said, found.via.value)
    return found


def finder_from(url: str, timeout: float = TIMINGS.discovery_s) -> Finder:
    """Looks for the core on the LAN again (a LiveConnection's ``finder``), falling back on
    ``url``, where it was found at start."""

    async def find() -> str:
        return (await discover(timeout, fallback_url=url)).url

    return find
