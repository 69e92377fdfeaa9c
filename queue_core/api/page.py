"""`GET /t/{public_token}`: the citizen's phone page behind the ticket's QR code, and
`GET /t/{public_token}/events`, the page's own stream of its ticket (server-sent events)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, Response, StreamingResponse

from queue_core import clock
from queue_core.api.follow import LIVE, MOST_PAGES
from queue_core.api.runtime import ApiRuntime
from queue_core.domain.sms import SmsSettings
from queue_core.domain.waitrange import SHORT_WAIT
from queue_core.errors import ApiError
from queue_core.shapes import live_ticket_json
from queue_core.store import Store

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()

Token = Annotated[str, PathParam(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]

NEAR_DEFAULT = 3
"""The page chimes when this many are ahead, unless ``[sms] near`` says otherwise."""
KEEPALIVE_SECONDS = 15.0
"""A comment line this often keeps proxies and phones from closing a quiet stream."""


@router.get("/t/{public_token}", response_class=HTMLResponse, include_in_schema=False)
async def ticket_page(request: Request, public_token: Token) -> Response:
    runtime: ApiRuntime = request.app.state.runtime

    def read(store: Store) -> dict[str, Any] | None:
        ticket = store.ticket_by_token(public_token)
        return None if ticket is None else live_ticket_json(store, ticket)

    ticket = await runtime.reader.read(read)
    site = runtime.site
    context = {
        "ticket": ticket,
        "wait_figure": None if ticket is None else wait_figure(ticket),
        "short_wait": SHORT_WAIT,
        "public_token": public_token,  # the page's own address: the ticket's JSON never has it
        "site": {"id": site.id, "name": site.name, "name_en": site.name_en or site.name},
        "now": site.local(clock.now()).strftime("%H:%M"),
        "near": near_of(site.extra),
    }
    status = 200 if ticket is not None else 404
    return templates.TemplateResponse(request, "ticket.html", context, status_code=status)


def wait_figure(ticket: dict[str, Any]) -> str:
    """The wait as the page's big figure: "20–35" (minutes), "< 5" for a short one, or "~N"
    from a ticket without a range."""
    wait = ticket.get("estimate_range")
    if wait is None:
        return f"~{ticket['estimate_minutes']}"
    return f"< {SHORT_WAIT}" if wait["high"] <= SHORT_WAIT else f"{wait['low']}–{wait['high']}"


def near_of(extra: dict[str, object]) -> int:
    sms = extra.get("sms")
    return sms.near if isinstance(sms, SmsSettings) else NEAR_DEFAULT


@router.get("/t/{public_token}/events", include_in_schema=False)
async def ticket_events(request: Request, public_token: Token) -> Response:
    """The ticket as the page shows it, sent again each time it changes, until it is over:
    this ticket's number, place, estimate and counter, and nothing of any other."""
    feed = request.app.state.runtime.pages
    first = await feed.first(public_token)
    if first is None:
        raise ApiError(404, "unknown_ticket", "This ticket was not found.")
    if feed.pages >= MOST_PAGES:
        raise ApiError(503, "too_many_streams", "Too many pages are followed now; poll instead.")

    async def stream() -> AsyncIterator[str]:
        with feed.following(public_token, first) as changed:
            yield "retry: 3000\n\n"
            shown: dict[str, Any] | None = None
            ticket = first
            while True:
                if ticket != shown:
                    yield f"event: ticket\ndata: {json.dumps(ticket, ensure_ascii=False)}\n\n"
                    shown = ticket
                if ticket["status"] not in LIVE:
                    return  # over: the page shows its last card and asks for the rating
                try:
                    await asyncio.wait_for(changed.wait(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                changed.clear()
                ticket = feed.shown(public_token) or ticket

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}  # nginx: pass it on
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
