"""How an app finds its core at start: the URL it was given, else zeroconf, else its settings."""

from __future__ import annotations

import asyncio
import logging

from queue_core.client import Discovered, Via, discover

log = logging.getLogger(__name__)


def find_core(
    override_url: str | None, fallback_url: str | None, timeout: float = 3.0
) -> Discovered:
    """Blocking: meant for an app's start, before its window opens.

    ``--core URL`` wins; otherwise the first core that answers on the LAN within
    ``timeout``; otherwise the URL kept in the device's settings. The answer says
    which was used, and the app says it too.
    """
    if override_url:
        return Discovered(override_url.rstrip("/"), Via.CONFIG)
    found = asyncio.run(discover(timeout, fallback_url=fallback_url))
    log.info("core %s (%s)", found.url, found.via.value)
    return found
