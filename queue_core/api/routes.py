"""The REST rows anyone may read: health, the logo, services, counters, the board, a ticket."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Query, Request
from starlette.responses import JSONResponse, Response

from queue_core import __version__, clock
from queue_core.api.access import (
    READ_ERRORS,
    Bearer,
    TicketId,
    api_router,
    bearer,
    json,
    runtime_of,
)
from queue_core.api.headers import LOGO_POLICY
from queue_core.domain import NotFound
from queue_core.dossiers.service import pull_status
from queue_core.errors import ApiError
from queue_core.shapes import board_json, counter_json, live_ticket_json, services_json
from queue_core.store import Store, authenticate

router = api_router()


@router.get("/health", summary="is the core up; the site and the last event's seq")
async def health(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    site = runtime.site
    pull = await runtime.reader.read(pull_status)
    return json(
        {
            "status": "ok",
            "site": {"id": site.id, "name": site.name},
            "version": __version__,
            "seq": runtime.hub.last_seq,
            "dossiers": {"last_pull": pull.last_success, "last_error": pull.last_error},
        }
    )


@router.get(
    "/site/logo",
    summary="the centre's logo for the boards (PNG or SVG), from the site file",
    responses=READ_ERRORS,
    response_class=Response,
)
async def site_logo(request: Request) -> Response:
    logo = await runtime_of(request).reader.read(lambda store: store.board_logo())
    if logo is None:
        raise ApiError(404, "no_logo", "The site file names no board logo.")
    kind = "image/png" if logo.startswith(b"\x89PNG") else "image/svg+xml"
    policy = {"Content-Security-Policy": LOGO_POLICY}  # opened as a page, it may run nothing
    return Response(logo, media_type=kind, headers={"Cache-Control": "max-age=300", **policy})


@router.get("/services", summary="agencies with their services, waiting and estimates")
async def services(request: Request) -> JSONResponse:
    now = clock.now()
    return json(await runtime_of(request).reader.read(lambda store: services_json(store, now)))


@router.get("/counters", summary="counters, their state and current ticket")
async def counters(request: Request) -> JSONResponse:
    def read(store: Store) -> list[dict[str, Any]]:
        return [counter_json(store, s) for s in store.counter_statuses()]

    return json(await runtime_of(request).reader.read(read))


@router.get("/board", summary="what a hall board shows, with the seq it is consistent with")
async def board(request: Request) -> JSONResponse:
    now = clock.now()
    return json(await runtime_of(request).reader.read(lambda store: board_json(store, now)))


@router.get(
    "/tickets/{ticket_id}",
    summary="a ticket with live ahead and estimate: for staff and devices, or with ?t=",
)
async def get_ticket(
    request: Request,
    ticket_id: TicketId,
    t: Annotated[str | None, Query(max_length=64, description="the ticket's public token")] = None,
    authorization: Bearer = None,
) -> JSONResponse:
    token = bearer(authorization)
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        ticket = store.ticket(ticket_id)
        if t is None:
            authenticate(store.conn, token, now)
        elif ticket is not None and not hmac.compare_digest(ticket.public_token, t):
            ticket = None
        if ticket is None:
            raise NotFound("unknown_ticket", f"There is no ticket {ticket_id}.", field="ticket_id")
        return live_ticket_json(store, ticket)

    return json(await runtime_of(request).reader.read(read))
