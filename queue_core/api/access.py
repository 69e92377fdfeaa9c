"""Who may call a REST row, and what every row shares: the bearer token, the path's numbers,
the router under /api/v1 with the error answers it documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from starlette.responses import JSONResponse

from queue_core.api.errors import ERROR_SCHEMA
from queue_core.api.runtime import ApiRuntime
from queue_core.domain import Command
from queue_core.errors import AccessDenied
from queue_core.store import DeviceRole, Principal

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    for status, text in (
        (401, "no token, or an unknown, revoked or ended one"),
        (403, "the token does not allow this"),
        (404, "not found"),
        (409, "the queue is not in a state that allows this"),
        (413, "the request body is too large"),
        (422, "the input is not valid"),
    )
}


READ_ERRORS: dict[int | str, dict[str, Any]] = {k: v for k, v in ERRORS.items() if k in (404, 422)}


Bearer = Annotated[
    str | None,
    Header(alias="Authorization", description="`Bearer <device token or session token>`"),
]


CounterNumber = Annotated[int, Path(ge=1, le=9999, description="the counter's number")]


TicketId = Annotated[int, Path(ge=1, le=2**53, description="the ticket's id")]


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def client_address(request: Request) -> str:
    """The caller's IP address, as the socket has it (no proxy stands in front of the core)."""
    return request.client.host if request.client else "unknown"


def runtime_of(request: Request) -> ApiRuntime:
    runtime: ApiRuntime = request.app.state.runtime
    return runtime


def json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def api_router() -> APIRouter:
    """A router for REST rows, under ``/api/v1``, documenting the contract's error answers."""
    return APIRouter(prefix="/api/v1", responses=ERRORS)


def require_staff(principal: Principal) -> Principal:
    if principal.kind != "staff":
        raise AccessDenied(
            "not_allowed",
            "This needs a staff session: log in at the counter with username and PIN.",
        )
    return principal


def require_supervisor(principal: Principal) -> Principal:
    if not require_staff(principal).is_supervisor:
        raise AccessDenied("not_allowed", "Only a supervisor may do this.")
    return principal


def at_counter(
    number: int, build: Callable[[Principal], Command]
) -> Callable[[Principal], Command]:
    """A clerk acts only at the counter of the session; a supervisor at any counter."""

    def authorize(principal: Principal) -> Command:
        require_staff(principal)
        if not principal.is_supervisor and principal.counter != number:
            raise AccessDenied(
                "wrong_counter",
                f"This session is for counter {principal.counter}, not counter {number}.",
                field="n",
            )
        return build(principal)

    return authorize


def device_or_staff(*roles: DeviceRole) -> Callable[[Principal], None]:
    def check(principal: Principal) -> None:
        if principal.kind == "device" and principal.device_role not in roles:
            allowed = " or ".join(r.value for r in roles) or "no"
            raise AccessDenied("not_allowed", f"Only {allowed} devices or staff may do this.")

    return check
