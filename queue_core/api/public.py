"""The citizens' pages alone on a plain HTTP port of their own (`serve --public-port`): a phone
opens the ticket's QR code without a warning about the core's own certificate, and nothing
else of the core answers there."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import uvicorn
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from queue_core.api.app import LuotApp
from queue_core.api.connections import DEFAULT_LIMITS, RequestLimits, limited_http
from queue_core.api.errors import error_body

__all__ = ["PublicPages", "PublicPort", "PublicServer", "is_public"]

_PAGES = re.compile(r"/(t|d)/[^/]+|/t/[^/]+/events|/static/(fonts/)?[^/]+|/book(/.*)?")
_TICKET_READ = re.compile(r"/api/v1/tickets/\d+")


def is_public(scope: Scope) -> bool:
    """A citizen's page (``/t/…`` and its stream of the ticket, ``/d/…``, ``/book…``), what
    they load (``/static/…``: the pages' stylesheets, scripts and fonts), or the ticket page's
    own read of its ticket by the public token (``GET /api/v1/tickets/{id}?t=…``, its poll
    while the stream is away)."""
    if scope["type"] != "http":
        return False
    path: str = scope["path"]
    if _PAGES.fullmatch(path):
        return True
    query: bytes = scope.get("query_string", b"")
    return (
        scope["method"] in ("GET", "HEAD")
        and _TICKET_READ.fullmatch(path) is not None
        and any(part.startswith(b"t=") for part in query.split(b"&"))
    )


class PublicPages:
    """The core's app with every route but the citizens' pages answered 404."""

    def __init__(self, app: LuotApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_public(scope):
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            body = error_body("not_found", "There is nothing at this address.")
            await JSONResponse(body, status_code=404)(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})


@dataclass(frozen=True)
class PublicPort:
    """Where the citizens' pages are served plain: the port, and the reverse proxies (their
    addresses) whose X-Forwarded-For is believed; none: the peer is the phone itself."""

    port: int
    proxies: tuple[str, ...] = ()


class PublicServer(uvicorn.Server):
    """The plain port, opened and closed by the core's own server, on its event loop and with
    its app (already started: no lifespan of its own), and without signal handlers of its own
    (the core's server hears SIGTERM and closes this one)."""

    def __init__(
        self, app: LuotApp, host: str, public: PublicPort, limits: RequestLimits = DEFAULT_LIMITS
    ) -> None:
        super().__init__(
            uvicorn.Config(
                PublicPages(app),
                host=host,
                port=public.port,
                http=limited_http(limits),  # the core's own limits on a request's head and time
                ws="none",
                lifespan="off",
                log_level="warning",
                access_log=False,
                server_header=False,
                # Behind the province's reverse proxy, the citizen's address (for the dossier
                # lookups' limit per address) is the one the proxy names, and only that proxy
                # is believed; otherwise the peer is the phone itself.
                proxy_headers=bool(public.proxies),
                forwarded_allow_ips=list(public.proxies) or None,
                timeout_graceful_shutdown=5,
            )
        )
        self._ticking: asyncio.Task[None] | None = None

    async def open(self) -> None:
        """Listen (a port already taken ends the process, as for the core's own port)."""
        if not self.config.loaded:
            self.config.load()
        self.lifespan = self.config.lifespan_class(self.config)
        await self.startup()
        self._ticking = asyncio.create_task(self.main_loop(), name="luot-public-port")

    async def close(self) -> None:
        if self._ticking is None:
            return
        self.should_exit = True
        await self._ticking
        self._ticking = None
        await self.shutdown()
