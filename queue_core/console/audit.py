"""The audit page: who changed what, when, the state before and after."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from queue_core.console import auth
from queue_core.console.rendering import page_context, page_guard, page_router, render
from queue_core.store import audit_entries

router = page_router()


@router.get("/audit")
async def audit_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    rows = await auth.runtime_of(request).reader.read(lambda store: audit_entries(store.conn))
    return render(request, "audit.html", page_context(request, "audit", who, entries=rows))
