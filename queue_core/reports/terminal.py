"""A report as text for a terminal: aligned tables, long names clipped, a legend."""

from __future__ import annotations

import textwrap
import unicodedata
from typing import Any

from queue_core.reports.model import Report
from queue_core.reports.tables import Kind, Table, tables
from queue_core.reports.words import date_range, translator

NAME_WIDTH = 44
GAP = "  "


def clip(text: str, width: int) -> str:
    # Precomposed, so that one letter with its marks is one column.
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def cell(value: Any, kind: Kind) -> str:
    if value is None:
        return "—"
    if kind is Kind.MINUTES:
        return f"{value:.1f}"
    if kind is Kind.SHARE:
        return f"{value:.0%}"
    return str(value)


def grid(table: Table) -> list[str]:
    body = [[cell(v, k) for v, k in zip(line, table.kinds, strict=True)] for line in table.lines]
    total = (
        None
        if table.total is None
        else [cell(v, k) for v, k in zip(table.total, table.kinds, strict=True)]
    )
    rows = [table.short, *body, *([total] if total else [])]
    names = min(NAME_WIDTH, max(len(clip(r[0], NAME_WIDTH)) for r in rows))
    widths = [names, *(max(len(r[i]) for r in rows) for i in range(1, len(table.short)))]

    def line(cells: list[str]) -> str:
        first = clip(cells[0], names).ljust(names)
        return GAP.join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    rule = "─" * (sum(widths) + len(GAP) * (len(widths) - 1))
    out = [line(table.short), rule, *(line(c) for c in body)]
    if total:
        out += [rule, line(total)]
    return out


def _ratings_view(table: Table) -> Table:
    """Each level's count with its share beside it, instead of two columns per level."""
    levels = (len(table.kinds) - 2) // 2

    def joined(line: list[Any]) -> list[Any]:
        counts, shares = line[2 : 2 + levels], line[2 + levels :]
        return [
            line[0],
            line[1],
            *(
                f"{c} ({s:.0%})" if s is not None else str(c)
                for c, s in zip(counts, shares, strict=True)
            ),
        ]

    return Table(
        table.title,
        table.header[: 2 + levels],
        table.short[: 2 + levels],
        [Kind.TEXT, Kind.COUNT, *[Kind.TEXT] * levels],
        [joined(line) for line in table.lines],
        None if table.total is None else joined(table.total),
    )


def render(report: Report, lang: str = "vi") -> str:
    t = translator(lang)
    parts = tables(report, lang)
    out = [report.site_name, f"{parts.groups.title} · {date_range(report.first, report.last)}", ""]
    booked: list[str] = []
    for table in parts.appointments:
        booked += ["", table.title, *grid(table)]
    if booked:
        booked += textwrap.wrap(t("appointments_legend"), 100)
    if report.total["issued"] == 0:
        return "\n".join([*out, t("no_tickets"), *booked])
    out += grid(parts.groups)
    out += textwrap.wrap(t("legend"), 100)
    if parts.periods is not None:
        out += ["", parts.periods.title, *grid(parts.periods)]
    out += booked
    out += ["", parts.hours.title, *grid(parts.hours)]
    out += ["", parts.ratings.title, *grid(_ratings_view(parts.ratings))]
    return "\n".join(out)
