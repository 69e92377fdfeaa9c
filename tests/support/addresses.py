"""Clients that call the core from another source address: on Linux the whole of 127.0.0.0/8 is
loopback, so a client bound to 127.0.0.2 reaches a core on 127.0.0.1 and is seen as 127.0.0.2,
as another device of the LAN would be."""

from __future__ import annotations

import httpx

from harness.server import CoreServer


def client_from(core: CoreServer, address: str) -> httpx.Client:
    """An HTTP client of ``core`` whose requests come from ``address`` (127.x.y.z)."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=core.base_url, transport=transport, trust_env=False, timeout=30)
