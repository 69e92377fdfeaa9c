"""`GET /t/{public_token}`: the citizen's phone page behind the ticket's QR code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, Response

from queue_core import clock
from queue_core.api.runtime import ApiRuntime
from queue_core.domain.waitrange import SHORT_WAIT
from queue_core.shapes import live_ticket_json
from queue_core.store import Store

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()

Token = Annotated[str, PathParam(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


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
