"""The overview (every centre with its live state and last contact) and the alerts page, each
with its live part, fetched again by the page every ``refresh_seconds``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from province.console import auth, live
from province.console.rendering import (
    fragment_guard,
    page_context,
    page_guard,
    page_router,
    render,
)

router = page_router()


async def _overview(request: Request) -> live.Overview:
    settings = auth.settings_of(request)
    return await auth.database(request, lambda conn: live.overview(conn, settings))


@router.get("")
async def overview_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    context = page_context(request, "overview", who, view=await _overview(request))
    return render(request, "overview.html", context)


@router.get("/fragment/overview")
async def overview_fragment(request: Request) -> Response:
    who = await fragment_guard(request)
    context = page_context(request, "overview", who, view=await _overview(request))
    return render(request, "_overview.html", context)


@router.get("/alerts")
async def alerts_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    context = page_context(
        request,
        "alerts",
        who,
        view=await _overview(request),
        limit=auth.settings_of(request).silent_minutes,
    )
    return render(request, "alerts.html", context)


@router.get("/fragment/alerts")
async def alerts_fragment(request: Request) -> Response:
    who = await fragment_guard(request)
    context = page_context(
        request,
        "alerts",
        who,
        view=await _overview(request),
        limit=auth.settings_of(request).silent_minutes,
    )
    return render(request, "_alerts.html", context)
