"""The reports page (figures by day, week or month per service, counter or clerk, with
charts) and its CSV and XLSX downloads."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response

from queue_core import clock
from queue_core.console import auth, charts
from queue_core.console.dates import day_field
from queue_core.console.rendering import (
    fragment_guard,
    lang_of,
    page_context,
    page_guard,
    page_router,
    render,
)
from queue_core.console.text import translator
from queue_core.domain import DomainError
from queue_core.errors import ApiError
from queue_core.reports.tables import tables
from queue_core.reports.terminal import cell
from queue_core.store import GroupBy, too_long

router = page_router()


def _report_query(request: Request) -> tuple[date, date, GroupBy, str]:
    today = auth.runtime_of(request).site.business_day(clock.now())
    query = request.query_params
    try:
        given = day_field(query["from"], "from") if query.get("from") else None
        last = day_field(query["to"], "to") if query.get("to") else today
    except DomainError as bad:  # the page shows an ApiError with the form
        raise ApiError(422, bad.code, bad.message, bad.field) from None
    first = given or last - timedelta(days=6)
    if first > last:
        raise ApiError(422, "invalid_range", "`from` must not be after `to`.", "from")
    if too_long(first, last):
        raise ApiError(422, "range_too_long", "Ask for at most a year at a time.", "from")
    by = query.get("by", "service")
    period = query.get("period", "day")
    if by not in {g.value for g in GroupBy}:
        raise ApiError(422, "invalid_input", "`by` is service, counter or staff.", "by")
    if period not in charts.PERIODS:
        raise ApiError(422, "invalid_input", "`period` is day, week or month.", "period")
    return first, last, GroupBy(by), period


async def _report(request: Request) -> charts.Report:
    first, last, by, period = _report_query(request)
    return await auth.runtime_of(request).reader.read(
        lambda store: charts.build(store, first, last, by, period)
    )


@router.get("/reports")
async def reports_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    try:
        report = await _report(request)
    except ApiError as error:
        today = auth.runtime_of(request).site.business_day(clock.now())
        context = page_context(request, "reports", who, error=error, report=None, today=today)
        return render(request, "reports.html", context, error.status)
    t = translator(lang_of(request))
    series_chart = charts.bar_chart(
        [s["label"] for s in report.series],
        [
            (t("issued"), "#1d4ed8", [float(s["issued"]) for s in report.series]),
            (t("served"), "#15803d", [float(s["served"]) for s in report.series]),
        ],
    )
    group_chart = charts.bar_chart(
        [charts.group_label(report.by, r) for r in report.rows],
        [
            (
                t("wait_mean"),
                "#b45309",
                [float(r["wait_minutes"]["mean"] or 0) for r in report.rows],
            )
        ],
    )
    query = request.url.query
    context = page_context(
        request,
        "reports",
        who,
        report=report,
        series_chart=series_chart,
        group_chart=group_chart,
        label=lambda row: charts.group_label(report.by, row),
        rating_bar=lambda row: charts.rating_bar(row, report.level_names(lang_of(request))),
        appointments=tables(report, lang_of(request)).appointments,
        cell=cell,
        query=query,
    )
    return render(request, "reports.html", context)


async def _download(request: Request, kind: str) -> Response:
    await fragment_guard(request)
    report = await _report(request)
    name = f"luot-{report.by.value}-{report.first.isoformat()}-{report.last.isoformat()}"
    if kind == "csv":
        return Response(
            charts.to_csv(report, lang_of(request)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        charts.to_xlsx(report, lang_of(request)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@router.get("/reports.csv")
async def report_csv(request: Request) -> Response:
    return await _download(request, "csv")


@router.get("/reports.xlsx")
async def report_xlsx(request: Request) -> Response:
    return await _download(request, "xlsx")
