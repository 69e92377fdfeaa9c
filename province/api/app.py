"""The routes: the contract's two (``GET /api/v1/ingest/state``, ``POST /api/v1/ingest``, each
with a centre's ``Authorization: Bearer`` token) and ``GET /api/v1/health``; and the provincial
console's pages under ``/province`` (``province.console``). The work of a route (the database,
decoding a batch) runs on the server's thread pool, never on its event loop; every answer
carries the headers of ``api/headers.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from psycopg_pool import PoolTimeout
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from province import __version__
from province.api.errors import error_response, failure_response
from province.api.headers import SecurityHeaders
from province.batch import MAX_BYTES, MAX_EVENTS, decode, gunzip
from province.db import schema_version
from province.errors import DatabaseError, InvalidBatch, NotAuthenticated, ProvinceError
from province.ingest import Centre, Ingestor

if TYPE_CHECKING:
    from province.console import ConsoleSettings

__all__ = ["create_app"]

BODY_LIMIT = MAX_BYTES + 64 * 1024
"""The most bytes a gzipped batch may take on the wire: more than it may take unzipped."""

_ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "acked_seq": {"type": "integer"},
            },
        }
    },
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": _ERROR}}}
    for status, text in (
        (400, "invalid_batch: not gzip JSON, out of order, another centre's"),
        (401, "unknown_centre: no centre holds the token"),
        (403, "centre_revoked"),
        (409, "gap: send again from acked_seq + 1"),
        (413, "batch_too_large"),
        (503, "database_unavailable: try again later"),
    )
}
_BATCH = {
    "required": True,
    "description": (
        f'gzip of {{"centre": ID, "events": [EVENT, …]}} (Content-Encoding: gzip): at most '
        f"{MAX_EVENTS} events in ascending seq order, {MAX_BYTES // (1024 * 1024)} MiB unzipped"
    ),
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated(
            "send Authorization: Bearer <the token `luot-province centre add` printed>"
        )
    return token.strip()


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > BODY_LIMIT:
        raise InvalidBatch(f"{declared} bytes gzipped is too large a batch", code="batch_too_large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > BODY_LIMIT:
            raise InvalidBatch("the body is too large a batch", code="batch_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_headers(request: Request) -> None:
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding != "gzip":
        raise InvalidBatch("send the batch gzipped, with Content-Encoding: gzip")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise InvalidBatch("send the batch as Content-Type: application/json")


def create_app(ingestor: Ingestor, console: ConsoleSettings | None = None) -> FastAPI:
    """The province's app over ``ingestor``'s pool; ``console``: the console's settings (its
    defaults when None)."""
    app = FastAPI(
        title="Lượt province",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        # FastAPI's docs page loads Swagger UI from another site with an inline script: the
        # policy (api/headers.py) refuses both, so there is none; the document is enough.
        docs_url=None,
        redoc_url=None,
    )
    # The console's pages use this package's error table: imported here, not above.
    from province.console import ConsoleSettings
    from province.console import router as console_router

    app.state.pool = ingestor.pool
    app.state.console = console or ConsoleSettings()
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(ProvinceError)
    async def _refused(request: Request, error: ProvinceError) -> JSONResponse:
        return failure_response(error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 405:
            return error_response(
                405, {"code": "method_not_allowed", "message": "this address does not take it"}
            )
        return error_response(404, {"code": "not_found", "message": "there is nothing here"})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(400, {"code": "invalid_request", "message": str(error)[:200]})

    @app.exception_handler(psycopg.OperationalError)
    async def _database(request: Request, error: psycopg.OperationalError) -> JSONResponse:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return failure_response(DatabaseError(f"PostgreSQL cannot be used now: {reason}"))

    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, error: PoolTimeout) -> JSONResponse:
        return failure_response(DatabaseError("no connection to PostgreSQL came free in time"))

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:
        return failure_response(error)

    @app.get("/api/v1/health")
    async def health() -> dict[str, Any]:
        def read() -> int:
            with ingestor.pool.connection() as conn:
                return schema_version(conn)

        return {"status": "ok", "version": __version__, "schema": await run_in_threadpool(read)}

    @app.get("/api/v1/ingest/state", responses=_ERRORS)
    async def ingest_state(request: Request) -> dict[str, Any]:
        """What the province holds of the token's centre: every event up to ``acked_seq``."""
        centre, acked = await run_in_threadpool(ingestor.state, _token(request))
        return {"centre": centre, "acked_seq": acked}

    @app.post("/api/v1/ingest", responses=_ERRORS, openapi_extra={"requestBody": _BATCH})
    async def ingest(request: Request) -> Response:
        """A batch of the token's centre's events, stored once each; its ``acked_seq`` after."""
        centre: Centre = await run_in_threadpool(ingestor.centre, _token(request))
        _check_headers(request)
        body = await _body(request)

        def take() -> int:
            return ingestor.store(centre, decode(gunzip(body), centre.code))

        acked = await run_in_threadpool(take)
        return JSONResponse({"acked_seq": acked})

    @app.get("/", include_in_schema=False)
    async def home() -> Response:
        return RedirectResponse("/province", status_code=303)

    app.include_router(console_router)
    return app
