"""The API's one error shape: every refusal becomes {"error": {"code", "message", "field"}}."""

from __future__ import annotations

import logging
from typing import Any

from starlette.responses import JSONResponse

from queue_core.domain import Conflict, DomainError, NotFound
from queue_core.store import StoreError
from queue_core.store.devices import AccessDenied, NotAuthenticated

log = logging.getLogger("luot.api")


class ApiError(DomainError):
    """A refusal decided at the HTTP edge, carrying its own status."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, field)
        self.status = status


_STATUS_BY_CODE = {"wrong_pin": 401, "account_locked": 423}


def status_of(error: DomainError) -> int:
    """The HTTP status of a refusal: 404, 409, 401, 403, or 422 for a rule about the input."""
    if isinstance(error, ApiError):
        return error.status
    if error.code in _STATUS_BY_CODE:
        return _STATUS_BY_CODE[error.code]
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, NotAuthenticated):
        return 401
    if isinstance(error, AccessDenied):
        return 403
    return 422


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    inner: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        inner["field"] = field
    return {"error": inner}


def error_response(error: DomainError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status_of(error) == 401 else None
    return JSONResponse(
        error_body(error.code, error.message, error.field),
        status_code=status_of(error),
        headers=headers,
    )


def store_error_response(error: StoreError) -> JSONResponse:
    """The database cannot be used now: the client should retry later."""
    log.error("database problem: %s", error.message)
    return JSONResponse(error_body(error.code, error.message), status_code=503)


def bug_response(error: BaseException) -> JSONResponse:
    log.error("unexpected error", exc_info=error)
    return JSONResponse(
        error_body("internal_error", "Something went wrong in the core; it has been logged."), 500
    )


def failure_response(error: Exception) -> JSONResponse:
    """Any exception a route let out, as the contract's answer."""
    if isinstance(error, DomainError):
        return error_response(error)
    if isinstance(error, StoreError):
        return store_error_response(error)
    return bug_response(error)


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}
"""The error shape as JSON Schema, for the OpenAPI document and for tests."""
