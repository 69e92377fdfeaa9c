"""The audit page: who changed what at the province, when, the state before and after."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from province import audit
from province.console import auth
from province.console.rendering import page_context, page_guard, page_router, render

router = page_router()


@router.get("/audit")
async def audit_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    entries = await auth.database(request, audit.entries)
    return render(request, "audit.html", page_context(request, "audit", who, entries=entries))
