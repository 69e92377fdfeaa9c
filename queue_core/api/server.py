"""Running the API under uvicorn (uvloop, httptools, websockets-sansio), advertised by zeroconf."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn

from queue_core.api.app import create_app
from queue_core.dossiers.sync import pull_forever
from queue_core.store import Store

DEFAULT_PORT = 8470
PING_INTERVAL = 20.0
"""Seconds between WebSocket pings; a peer that does not answer within as long is dropped."""

log = logging.getLogger("luot.api.server")


def uvicorn_config(
    db_path: Path, host: str, port: int, log_level: str = "warning"
) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(db_path),
        host=host,
        port=port,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        ws_per_message_deflate=False,  # one frame encoding shared by every subscriber
        ws_ping_interval=PING_INTERVAL,
        ws_ping_timeout=PING_INTERVAL,
        lifespan="on",
        log_level=log_level,
        access_log=False,
        server_header=False,
        proxy_headers=False,  # no proxy in front of the core: the peer is the device itself
        timeout_graceful_shutdown=5,
    )


@contextlib.asynccontextmanager
async def _advertised(db_path: Path, host: str, port: int, mdns: bool) -> AsyncIterator[None]:
    """Advertise `_luot._tcp.local.` while serving, unless mDNS is off."""
    if not mdns:
        yield
        return
    from queue_core import discovery

    store = Store.open(db_path)
    try:
        site = store.site
    finally:
        store.close()
    # Bound to one address, advertise that one; on 0.0.0.0, every address of the machine.
    addresses = None if host in ("", "0.0.0.0", "::") else [host]
    async with discovery.advertise(site.id, site.name, port, addresses=addresses):
        yield


async def serve(db_path: Path, host: str, port: int, mdns: bool = True) -> None:
    """Serve until interrupted (SIGINT/SIGTERM end it gracefully)."""
    server = uvicorn.Server(uvicorn_config(db_path, host, port))
    # The dossier pull runs beside the queue: a failing e-system never stops it.
    pulling = asyncio.create_task(pull_forever(db_path))
    try:
        async with _advertised(db_path, host, port, mdns):
            await server.serve()
    finally:
        pulling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pulling


GIL_SWITCH_SECONDS = 0.0005
"""How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).

The writer lets go of the GIL for every SQLite step and fsync, then waits to get it back
while the event loop runs; at 5 ms a turn, a busy loop added that to every step of every
command (api_bench, 200 subscribers: issue p99 ~240 ms at 5 ms, ~35 ms at 0.5 ms)."""


def run(db_path: Path, host: str, port: int, mdns: bool = True) -> None:
    import uvloop

    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    uvloop.run(serve(db_path, host, port, mdns))
