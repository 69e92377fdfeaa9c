"""The ASGI application: FastAPI routes, the event stream, the error shape, the body limit and
the headers every answer carries."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send

from queue_core import __version__, console
from queue_core.api import (
    book_page,
    bookings,
    commands,
    dossiers,
    fast_issue,
    files,
    headers,
    json_depth,
    page,
    routes,
    sessions,
    stats,
    stream,
    texts,
    tls,
)
from queue_core.api.errors import error_body, failure_response
from queue_core.api.runtime import ApiRuntime
from queue_core.console import events as console_events
from queue_core.errors import LuotError

log = logging.getLogger("luot.api")

MAX_BODY_BYTES = 64 * 1024
"""Request bodies above this are refused with 413 before they are read in full."""


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "body_too_large",
    415: "unsupported_media_type",
}


def _field(loc: Sequence[Any]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or None


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid input"}
    field = _field(first.get("loc", ()))
    where = f"{field}: " if field else ""
    message = f"{where}{first.get('msg', 'invalid input')}".replace("Value error, ", "")
    if first.get("type") == "json_invalid":
        return JSONResponse(error_body("invalid_json", "The body is not valid JSON."), 400)
    return JSONResponse(error_body("invalid_input", message, field), status_code=422)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code if 400 <= exc.status_code < 500 else 400
    code = _HTTP_CODES.get(status, "bad_request")
    message = {
        404: "There is nothing at this address.",
        405: "This address does not take this method.",
    }.get(status, str(exc.detail))
    return JSONResponse(error_body(code, message), status_code=status, headers=exc.headers)


async def _failure(_request: Request, exc: Exception) -> Response:
    return failure_response(exc)


async def _gone(_request: Request, _exc: Exception) -> Response:
    """The client went, or was cut off (``api.connections``), before its body was whole: no
    one hears an answer, and it is no bug of the core's."""
    return JSONResponse(error_body("client_gone", "The request did not arrive whole."), 400)


def build_fastapi(runtime: ApiRuntime, served: tls.ServedTls | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runtime.start()
        try:
            yield
        finally:
            runtime.stop()

    app = FastAPI(
        title="Lượt queue core",
        version=__version__,
        description=_DESCRIPTION,
        openapi_url=files.OPENAPI_PATH,
        # the docs page is files.docs_page, with Swagger UI from the core, not from a CDN
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.tls = served or tls.ServedTls()
    for rows in (routes, sessions, commands, texts, stats, tls, bookings):
        app.include_router(rows.router)
    app.include_router(book_page.router)
    app.include_router(page.router)
    app.include_router(files.router)
    app.include_router(dossiers.router)
    app.include_router(console.router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ClientDisconnect, _gone)
    app.add_exception_handler(LuotError, _failure)
    app.add_exception_handler(Exception, _failure)
    return app


class LuotApp:
    """The outermost ASGI layer: the body limit, then the event stream or FastAPI.

    The event stream is routed here, before Starlette, so that it holds the server's own
    ``send`` (see ``hub._Raw``).
    """

    def __init__(self, db_path: Path, served: tls.ServedTls | None = None) -> None:
        self.runtime = ApiRuntime(db_path)
        self.tls = served or tls.ServedTls()
        """The certificate served (none: plain HTTP), which the server refreshes."""
        self.fastapi = build_fastapi(self.runtime, self.tls)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == stream.PATH:
            await stream.events_endpoint(self.runtime, scope, receive, send)
            return
        if scope["type"] == "websocket" and scope["path"] == console_events.PATH:
            await console_events.console_events(self.runtime, scope, receive, send)
            return
        if scope["type"] == "http":
            send = headers.with_headers(send)
            declared = _content_length(scope)
            if declared is not None and declared > MAX_BODY_BYTES:
                await _too_large(send)
                return
            receive = _limited(receive)
            issue, as_json = fast_issue.is_issue(scope), json_depth.is_json(scope)
            if issue or as_json:
                try:
                    body = await fast_issue.read_body(receive)
                except _BodyTooLarge:
                    await _too_large(send)
                    return
                if as_json and json_depth.too_deep(body):
                    response = JSONResponse(
                        error_body("invalid_json", json_depth.TOO_DEEP_MESSAGE), status_code=400
                    )
                    await response(scope, _no_body, send)
                    return
                if issue:
                    await fast_issue.issue_endpoint(self.runtime, scope, body, send, self.fastapi)
                    return
                receive = _replayed(body, receive)
        await self.fastapi(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class _BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.")


def _limited(receive: Receive) -> Receive:
    """Count a streamed body as it arrives, for bodies sent without a Content-Length."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise _BodyTooLarge()
        return message

    return counted


def _replayed(body: bytes, receive: Receive) -> Receive:
    """The body read already, then whatever else the client sends (its disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _too_large(send: Send) -> None:
    response = JSONResponse(
        error_body("body_too_large", f"The request body is larger than {MAX_BODY_BYTES} bytes."),
        status_code=413,
        headers={"Connection": "close"},
    )
    await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def create_app(db_path: str | Path, served: tls.ServedTls | None = None) -> LuotApp:
    """The whole service over one database file; start it with uvicorn (see ``api.server``).
    ``served``: the certificate it serves, when it speaks TLS."""
    return LuotApp(Path(db_path), served)


_DESCRIPTION = """
The queue core of one centre. Reads need nothing; writes carry
`Authorization: Bearer <token>`: a device token from `POST /api/v1/pair`, or a staff
session from `POST /api/v1/session`. Every error is
`{"error": {"code", "message", "field"}}` with a 4xx status.

The event stream is a WebSocket at `GET /api/v1/events?since=SEQ` for a device token or a
staff session (not listed below, as OpenAPI has no WebSockets): see docs/api.md.
"""
