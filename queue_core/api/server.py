"""Running the API under uvicorn (uvloop, httptools, websockets-sansio), over TLS with the core's
own certificate (``queue_core.tls``) or plain HTTP, advertised by zeroconf, with the citizens'
pages on a plain port of their own when asked (``public``), and telling systemd that it serves
and is alive (``notify``)."""

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
from websockets.protocol import State

from queue_core import discovery
from queue_core.api.app import LuotApp, create_app
from queue_core.api.connections import (
    DEFAULT_LIMITS,
    MAX_WS_MESSAGE_BYTES,
    RequestLimits,
    limited_http,
)
from queue_core.api.notify import Notifier, pet_watchdog
from queue_core.api.public import PublicPort, PublicServer
from queue_core.api.runtime import ApiRuntime
from queue_core.api.tls import ServedTls
from queue_core.dossiers.sync import pull_forever
from queue_core.store import BUSY_TIMEOUT_MS, Store
from queue_core.tls import CertFolder, grouped

DEFAULT_PORT = 8470
PING_INTERVAL = 20.0
"""Seconds between WebSocket pings; a peer that does not answer within as long is dropped."""

log = logging.getLogger("luot.api.server")

CERT_WATCH_SECONDS = 2.0
"""How often a TLS core looks at its certificate folder: `luot-core cert rotate --finish` (another
process) swaps the files, and the core serves the new certificate from its next connection."""


WRITER_STALL_SECONDS = 2 * BUSY_TIMEOUT_MS / 1000
"""How long the writer may take over one turn before the core counts as hung: twice what a
command may wait for another process's lock (the store's busy timeout), so a slow disk or a
long import by the CLI is waited out, and a commit that never ends is not."""


def uvicorn_config(
    app: LuotApp,
    host: str,
    port: int,
    log_level: str = "warning",
    certfile: Path | None = None,
    limits: RequestLimits = DEFAULT_LIMITS,
) -> uvicorn.Config:
    """``certfile``: the key and certificate in one file (``queue_core.tls``); None: plain HTTP.
    ``limits``: what a request's head and its time may be (``api.connections``)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        ssl_certfile=certfile,  # the key comes from the same file: see queue_core.tls
        loop="uvloop",
        http=limited_http(limits),  # httptools, with a request's head and time held to limits
        ws="websockets-sansio",
        ws_max_size=MAX_WS_MESSAGE_BYTES,
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
        tls: CertFolder | None = None,
        public: PublicPort | None = None,
        limits: RequestLimits = DEFAULT_LIMITS,
    ) -> None:
        self.app = create_app(db_path, ServedTls(tls))
        current = self.app.tls.current
        certfile = None if current is None else current.path
        super().__init__(uvicorn_config(self.app, host, port, certfile=certfile, limits=limits))
        self.notifier = Notifier.from_environment() if notifier is None else notifier
        self.writer_stall = writer_stall
        self.public = None if public is None else PublicServer(self.app, host, public, limits)
        """The citizens' pages on a plain port of their own, when asked (``--public-port``)."""
        self._pets: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.started:
            return
        if self.public is not None:
            await self.public.open()
        scheme = "https" if self.config.is_ssl else "http"
        self.notifier.ready(f"serving {scheme} on {self.config.host}:{self.config.port}")
        runtime, stall = self.app.runtime, self.writer_stall
        self._pets = asyncio.create_task(
            pet_watchdog(self.notifier, lambda: writer_problem(runtime, stall)),
            name="luot-watchdog",
        )

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.notifier.stopping()
        await self._stop_petting()
        if self.public is not None:
            await self.public.close()
        self._let_closed_websockets_go()
        await super().shutdown(sockets)

    def _let_closed_websockets_go(self) -> None:
        """uvicorn's websockets-sansio protocol answers a subscriber's close frame and closes
        its transport, but a TLS transport lingers until its own closing exchange is over; a
        shutdown in that moment sent a second close frame, which websockets refuses
        (InvalidState), and the whole shutdown ended in a traceback, the database not closed.
        Such a connection has said goodbye already: the shutdown only closes its transport."""
        for connection in list(self.server_state.connections):
            conn = getattr(connection, "conn", None)
            state = getattr(conn, "state", None)
            if state in (State.CLOSING, State.CLOSED) and hasattr(connection, "close_sent"):
                connection.close_sent = True

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
        watching: asyncio.Task[None] | None = None
        current = self.app.tls.current
        cert_sha256 = None if current is None else current.sha256
        try:
            async with _advertised(
                db_path, self.config.host, self.config.port, mdns, cert_sha256
            ) as advertised:
                if current is not None:
                    watching = asyncio.create_task(self._watch_certificates(advertised))
                await self.serve()
        finally:
            await self._stop_petting()
            self.notifier.close()
            for task in (pulling, watching):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    async def _watch_certificates(self, advertised: discovery.Advertisement | None) -> None:
        """Serve the certificate `luot-core cert rotate --finish` put in place, from the next
        connection on (those open keep theirs), and advertise its fingerprint; and keep the
        next certificate a rotation announces up to date for ``GET /api/v1/tls``."""
        served, context = self.app.tls, self.config.ssl
        assert context is not None
        while True:
            await asyncio.sleep(CERT_WATCH_SECONDS)
            if not await asyncio.to_thread(served.refresh):
                continue
            current = served.current
            assert current is not None
            # One file holds the key and the certificate, swapped by one rename: the pair
            # loaded here always belongs together (see queue_core.tls). Loaded on the loop,
            # which makes every connection's TLS state from this context: not beside it on
            # another thread (a few milliseconds, once a rotation).
            context.load_cert_chain(current.path)
            log.info("now serving the certificate sha256 %s", grouped(current.sha256))
            if advertised is not None:
                await advertised.set_certificate(current.sha256)


@contextlib.asynccontextmanager
async def _advertised(
    db_path: Path, host: str, port: int, mdns: bool, cert_sha256: str | None
) -> AsyncIterator[discovery.Advertisement | None]:
    """Advertise `_luot._tcp.local.` while serving, unless mDNS is off."""
    if not mdns:
        yield None
        return
    store = Store.open(db_path)
    try:
        site = store.site
    finally:
        store.close()
    # Bound to one address, advertise that one; on 0.0.0.0, every address of the machine.
    addresses = None if host in ("", "0.0.0.0", "::") else [host]
    async with discovery.advertise(
        site.id, site.name, port, addresses=addresses, cert_sha256=cert_sha256
    ) as advertised:
        yield advertised


async def serve(
    db_path: Path,
    host: str,
    port: int,
    mdns: bool = True,
    tls: CertFolder | None = None,
    public: PublicPort | None = None,
    limits: RequestLimits = DEFAULT_LIMITS,
) -> None:
    """Serve until interrupted (SIGINT/SIGTERM end it gracefully): over TLS with the
    certificate in ``tls``, else plain HTTP; the citizens' pages also on ``public``."""
    server = LuotServer(db_path, host, port, tls=tls, public=public, limits=limits)
    await server.serve_core(mdns)


GIL_SWITCH_SECONDS = 0.0005
"""How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).

The writer lets go of the GIL for every SQLite step and fsync, then waits to get it back
while the event loop runs; at 5 ms a turn, a busy loop added that to every step of every
command (api_bench, 200 subscribers: issue p99 ~240 ms at 5 ms, ~35 ms at 0.5 ms)."""


def run(
    db_path: Path,
    host: str,
    port: int,
    mdns: bool = True,
    tls: CertFolder | None = None,
    public: PublicPort | None = None,
    limits: RequestLimits = DEFAULT_LIMITS,
) -> None:
    import uvloop

    # A hung core is killed by systemd's watchdog with SIGABRT: the journal then shows where
    # every thread was, which is what a technician needs to report it.
    faulthandler.enable()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    uvloop.run(serve(db_path, host, port, mdns, tls, public, limits))
