"""Running the API under uvicorn (uvloop, httptools, websockets-sansio), advertised by zeroconf,
and telling systemd that it serves and is alive (``notify``)."""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import logging
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn

from queue_core.api.app import LuotApp, create_app
from queue_core.api.notify import Notifier, pet_watchdog
from queue_core.api.runtime import ApiRuntime
from queue_core.dossiers.sync import pull_forever
from queue_core.store import BUSY_TIMEOUT_MS, Store

DEFAULT_PORT = 8470
PING_INTERVAL = 20.0
"""Seconds between WebSocket pings; a peer that does not answer within as long is dropped."""

log = logging.getLogger("luot.api.server")


WRITER_STALL_SECONDS = 2 * BUSY_TIMEOUT_MS / 1000
"""How long the writer may take over one turn before the core counts as hung: twice what a
command may wait for another process's lock (the store's busy timeout), so a slow disk or a
long import by the CLI is waited out, and a commit that never ends is not."""


def uvicorn_config(
    app: LuotApp, host: str, port: int, log_level: str = "warning"
) -> uvicorn.Config:
    return uvicorn.Config(
        app,
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


def writer_problem(runtime: ApiRuntime, stall: float = WRITER_STALL_SECONDS) -> str | None:
    """What makes the core hung though its event loop turns, or None: the writer thread has
    ended, or has not begun a turn for longer than ``stall`` seconds. Every write goes through
    that one thread, so without it the core would answer reads but never again issue a ticket."""
    writer = runtime.writer
    if not writer.alive:
        return "the writer thread has ended"
    idle = time.monotonic() - writer.turned_at
    if idle > stall:
        return f"the writer thread has not turned for {idle:.1f} s"
    return None


class LuotServer(uvicorn.Server):
    """uvicorn's server over one database, which tells systemd (when systemd started it)
    that it serves, that it is alive, and that it stops: see ``notify``.

    READY=1 goes once uvicorn listens and the app has started (the writer is up), so the
    units ordered after the core find it answering. From then on the watchdog is petted from
    the event loop while the writer turns (``writer_problem``); STOPPING=1 goes when the
    shutdown begins, and the pets end there (the writer is stopped during the shutdown).
    """

    def __init__(
        self,
        db_path: Path,
        host: str,
        port: int,
        notifier: Notifier | None = None,
        writer_stall: float = WRITER_STALL_SECONDS,
    ) -> None:
        self.app = create_app(db_path)
        super().__init__(uvicorn_config(self.app, host, port))
        self.notifier = Notifier.from_environment() if notifier is None else notifier
        self.writer_stall = writer_stall
        self._pets: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.started:
            return
        self.notifier.ready(f"serving on {self.config.host}:{self.config.port}")
        runtime, stall = self.app.runtime, self.writer_stall
        self._pets = asyncio.create_task(
            pet_watchdog(self.notifier, lambda: writer_problem(runtime, stall)),
            name="luot-watchdog",
        )

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.notifier.stopping()
        await self._stop_petting()
        await super().shutdown(sockets)

    async def _stop_petting(self) -> None:
        if self._pets is not None:
            self._pets.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pets
            self._pets = None

    async def serve_core(self, mdns: bool = True) -> None:
        """Serve until told to stop (SIGINT/SIGTERM, or ``should_exit``): advertised by zeroconf
        unless ``mdns`` is off, with the dossier pull beside the queue."""
        db_path = self.app.runtime.db_path
        # The dossier pull runs beside the queue: a failing e-system never stops it.
        pulling = asyncio.create_task(pull_forever(db_path))
        try:
            async with _advertised(db_path, self.config.host, self.config.port, mdns):
                await self.serve()
        finally:
            await self._stop_petting()
            self.notifier.close()
            pulling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pulling


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
    await LuotServer(db_path, host, port).serve_core(mdns)


GIL_SWITCH_SECONDS = 0.0005
"""How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).

The writer lets go of the GIL for every SQLite step and fsync, then waits to get it back
while the event loop runs; at 5 ms a turn, a busy loop added that to every step of every
command (api_bench, 200 subscribers: issue p99 ~240 ms at 5 ms, ~35 ms at 0.5 ms)."""


def run(db_path: Path, host: str, port: int, mdns: bool = True) -> None:
    import uvloop

    # A hung core is killed by systemd's watchdog with SIGABRT: the journal then shows where
    # every thread was, which is what a technician needs to report it.
    faulthandler.enable()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    uvloop.run(serve(db_path, host, port, mdns))
