"""The API's one error shape: every refusal becomes {"error": {"code", "message", "field"}}."""

from __future__ import annotations

import logging
import math
from typing import Any

from starlette.responses import JSONResponse

from queue_core.errors import ApiError, LuotError

log = logging.getLogger("luot.api")

STATUS_BY_CODE: dict[str, int] = {
    **dict.fromkeys(
        (
            "token_required",
            "invalid_token",
            "session_ended",
            "wrong_pin",
            "invalid_code",
            "code_used",
            "code_expired",
            "login_required",
        ),
        401,
    ),
    **dict.fromkeys(
        ("not_allowed", "wrong_counter", "not_assigned", "csrf_failed", "not_supervisor"), 403
    ),
    **dict.fromkeys(
        (
            "unknown_ticket",
            "unknown_counter",
            "unknown_service",
            "unknown_staff",
            "unknown_device",
            "unknown_notice",
            "unknown_dossier",
            "unknown_booking",
            "no_appointments",
            "no_logo",
            "not_found",
        ),
        404,
    ),
    **dict.fromkeys(
        (
            "illegal_transition",
            "counter_not_open",
            "ticket_in_progress",
            "no_current_ticket",
            "recall_first",
            "already_rated",
            "rating_closed",
            "not_served",
            "daily_cap_reached",
            "number_range_exhausted",
            "closed_now",
            "closed_today",
            "no_change",
            "not_callable_here",
            "not_checked_in",
            "sms_off",
            "ticket_done",
            "slot_full",
            "slot_past",
            "booking_closed",
        ),
        409,
    ),
    "request_timeout": 408,
    "too_many_fields": 413,
    "unsupported_media_type": 415,
    "account_locked": 423,
    **dict.fromkeys(("too_many_attempts", "too_many_lookups", "too_many_tickets"), 429),
    "headers_too_large": 431,
    # The core's own trouble, never the caller's: logged, and answered as a bug.
    **dict.fromkeys(
        ("invalid_site_file", "invalid_dossier_file", "invalid_dossier_settings", "invalid_usage"),
        500,
    ),
    # The database cannot be used now: the client should retry later.
    **dict.fromkeys(("database_busy", "database_unusable", "no_directory", "not_initialised"), 503),
}
"""The HTTP status of each code (docs/design.md, "Errors"); any other code is a rule about the
input, 422. An ApiError carries its own status instead."""


def status_of(error: LuotError) -> int:
    """The HTTP status the contract gives a refusal, read from its code."""
    if isinstance(error, ApiError):
        return error.status
    return STATUS_BY_CODE.get(error.code, 422)


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    inner: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        inner["field"] = field
    return {"error": inner}


def bug_response(error: BaseException) -> JSONResponse:
    log.error("unexpected error", exc_info=error)
    return JSONResponse(
        error_body("internal_error", "Something went wrong in the core; it has been logged."), 500
    )


def failure_response(error: Exception) -> JSONResponse:
    """Any exception a route let out, as the contract's answer."""
    if not isinstance(error, LuotError):
        return bug_response(error)
    status = status_of(error)
    if status == 500:
        return bug_response(error)
    if status == 503:
        log.error("database problem: %s", error.message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(error, ApiError) and error.retry_after is not None:
        headers["Retry-After"] = str(math.ceil(error.retry_after))
    body = error.as_dict()
    return JSONResponse({"error": body}, status_code=status, headers=headers)


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
