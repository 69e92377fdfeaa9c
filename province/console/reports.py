"""The reports page across centres (by centre, agency or service; per day, week or month; of
every centre or one), its charts, and its CSV and XLSX downloads."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from province.console import auth, charts, files
from province.console.rendering import (
    fragment_guard,
    lang_of,
    page_context,
    page_guard,
    page_router,
    render,
)
from province.console.report import Report, build, query
from province.console.text import translator
from province.errors import ConsoleError

router = page_router()
MOST_BARS = 20
"""The wait chart shows at most this many groups: those whose P90 is longest."""


def today(request: Request) -> date:
    settings = auth.settings_of(request)
    return settings.now().astimezone(settings.zone).date()


async def report_of(request: Request, params: dict[str, str] | None = None) -> Report:
    first, last, by, period, centre = query(
        dict(request.query_params if params is None else params), today(request)
    )
    return await auth.database(request, lambda conn: build(conn, first, last, by, period, centre))


def report_charts(report: Report, lang: str) -> dict[str, Any]:
    t = translator(lang)
    series = charts.columns(
        t("chart_issued_served"),
        [p.label for p in report.periods],
        [
            (t("issued"), charts.ISSUED, [float(p.figures.issued) for p in report.periods]),
            (t("served"), charts.SERVED, [float(p.figures.served) for p in report.periods]),
        ],
    )
    rows = [r for r in report.rows if r.figures.called]
    rows.sort(key=lambda r: (-(r.figures.wait_p90 or 0), r.label.casefold()))
    shown = rows[:MOST_BARS]
    waits = charts.bars(
        t("chart_waits_top", n=len(shown), of=len(rows))
        if len(rows) > len(shown)
        else t("chart_waits"),
        [
            (
                r.label_en if lang == "en" else r.label,
                None if r.figures.wait_p50 is None else float(r.figures.wait_p50),
                None if r.figures.wait_p90 is None else float(r.figures.wait_p90),
            )
            for r in shown
        ],
        ("P50", "P90"),
        t("minutes"),
    )
    return {"series_chart": series, "wait_chart": waits if shown else None}


@router.get("/reports")
async def reports_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    centres = await auth.database(
        request,
        lambda conn: conn.execute("SELECT code, name FROM centres ORDER BY name, code").fetchall(),
    )
    try:
        report = await report_of(request)
    except ConsoleError as error:
        context = page_context(
            request, "reports", who, error=error, report=None, centres=centres,
            asked=dict(request.query_params),
        )  # fmt: skip
        status = 404 if error.code == "no_such_centre" else 422
        return render(request, "reports.html", context, status)
    lang = lang_of(request)
    context = page_context(
        request,
        "reports",
        who,
        report=report,
        centres=centres,
        query=request.url.query,
        asked=dict(request.query_params),
        **report_charts(report, lang),
    )
    return render(request, "reports.html", context)


async def _download(request: Request, kind: str) -> Response:
    await fragment_guard(request)
    report = await report_of(request)
    name = files.file_name(report)
    lang = lang_of(request)
    if kind == "csv":
        return Response(
            files.to_csv(report, lang),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        files.to_xlsx(report, lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@router.get("/reports.csv")
async def report_csv(request: Request) -> Response:
    return await _download(request, "csv")


@router.get("/reports.xlsx")
async def report_xlsx(request: Request) -> Response:
    return await _download(request, "xlsx")
