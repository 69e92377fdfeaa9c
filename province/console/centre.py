"""One centre, drilled down into: its state and last contact, who waits for each service now
and for how long against the target, its counters, its alerts, and its last seven days by
service, with charts; a link to its own reports."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from province.console import auth, live
from province.console.rendering import lang_of, page_context, page_guard, page_router, render
from province.console.report import build
from province.console.reports import report_charts, today

router = page_router()


@router.get("/centres/{code}")
async def centre_page(request: Request, code: str) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    settings = auth.settings_of(request)
    last = today(request)
    first = last - timedelta(days=6)
    found = None
    if len(code) <= 64:
        found = await auth.database(request, lambda conn: live.centre_detail(conn, settings, code))
    if found is None:
        context = page_context(request, "centre", who, centre=None, code=code[:64])
        return render(request, "centre.html", context, 404)
    centre = found
    report = await auth.database(
        request, lambda conn: build(conn, first, last, "service", "day", centre.code)
    )
    context = page_context(
        request,
        "centre",
        who,
        centre=centre,
        report=report,
        report_query=f"by=service&period=day&centre={centre.code}",
        **report_charts(report, lang_of(request)),
    )
    return render(request, "centre.html", context)
