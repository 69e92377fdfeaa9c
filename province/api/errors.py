"""The province's one error shape, {"error": {"code", "message"}} (a gap adds ``acked_seq``),
and the HTTP status of each code, in one table."""

from __future__ import annotations

import logging

from starlette.responses import JSONResponse

from province.errors import ProvinceError

log = logging.getLogger("luot.province.api")

STATUS_BY_CODE: dict[str, int] = {
    "invalid_batch": 400,
    "invalid_request": 400,
    "unknown_centre": 401,
    "login_required": 401,
    "wrong_password": 401,
    "centre_revoked": 403,
    "not_allowed": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "no_such_centre": 404,
    "no_such_staff": 404,
    "method_not_allowed": 405,
    "gap": 409,
    "centre_exists": 409,
    "staff_exists": 409,
    "batch_too_large": 413,
    "body_too_large": 413,
    "too_many_fields": 413,
    "unsupported_media_type": 415,
    # the console's input (province.console): the field at fault is named
    "invalid_input": 422,
    "invalid_range": 422,
    "range_too_long": 422,
    "invalid_centre_id": 422,
    "invalid_centre_name": 422,
    "confirm_required": 422,
    "account_locked": 423,
    "too_many_attempts": 429,
    # PostgreSQL cannot be used now: the centre's shipper tries again later.
    "database_unavailable": 503,
    "schema_newer": 503,
    "migrations_pending": 503,
}
"""Any other code is the province's own trouble: logged, and answered as a bug (500)."""


def error_response(
    status: int, body: dict[str, object], retry_after: int | None = None
) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if body.get("code") == "unknown_centre" else {}
    if retry_after:
        headers["Retry-After"] = str(retry_after)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def bug_response(error: BaseException) -> JSONResponse:
    log.error("unexpected error", exc_info=error)
    return error_response(
        500,
        {"code": "internal_error", "message": "Something went wrong at the province; logged."},
    )


def failure_response(error: BaseException) -> JSONResponse:
    """Any exception a route let out, as the contract's answer."""
    if not isinstance(error, ProvinceError):
        return bug_response(error)
    status = STATUS_BY_CODE.get(error.code, 500)
    if status == 500:
        return bug_response(error)
    if status == 503:
        log.error("database problem: %s", error.message)
    return error_response(status, error.as_dict(), getattr(error, "retry_after", None))
