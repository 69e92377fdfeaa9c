"""Reports: the stats API's figures per day, week or month, as tables, SVG charts, CSV, XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

from queue_core.store import Store
from queue_core.store.stats import GroupBy, stats

PERIODS = ("day", "week", "month")
MAX_DAYS = 366


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    by: GroupBy
    period: str
    rows: list[dict[str, Any]]
    """Per group over the whole range."""
    total: dict[str, Any]
    series: list[dict[str, Any]]
    """Per day, week or month: its label and the range's total figures."""


def periods(first: date, last: date, period: str) -> list[tuple[str, date, date]]:
    out = []
    start = first
    while start <= last:
        if period == "week":
            end = start + timedelta(days=6 - start.weekday())
            label = f"{start.isocalendar().year}-W{start.isocalendar().week:02d}"
        elif period == "month":
            following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            end = following - timedelta(days=1)
            label = start.strftime("%Y-%m")
        else:
            end, label = start, start.isoformat()
        end = min(end, last)
        out.append((label, start, end))
        start = end + timedelta(days=1)
    return out


def build(store: Store, first: date, last: date, by: GroupBy, period: str) -> Report:
    whole = stats(store, first, last, by)
    series = [
        {"label": label, **stats(store, a, b, by)["total"]}
        for label, a, b in periods(first, last, period)
    ]
    return Report(first, last, by, period, whole["groups"], whole["total"], series)


def group_label(by: GroupBy, row: dict[str, Any]) -> str:
    key = row[by.value]
    if by is GroupBy.SERVICE:
        return str(key["name"])
    if by is GroupBy.COUNTER:
        return f"{key['number']} · {key['name']}"
    return str(key["username"])


HEADER = (
    "group",
    "issued",
    "served",
    "no_show",
    "cancelled",
    "wait_mean",
    "wait_p50",
    "wait_p90",
    "service_mean",
    "within_target_share",
    "ratings",
    "rating_mean",
)


def _line(label: str, figures: dict[str, Any]) -> list[Any]:
    return [
        label,
        figures["issued"],
        figures["served"],
        figures["no_show"],
        figures["cancelled"],
        figures["wait_minutes"]["mean"],
        figures["wait_minutes"]["p50"],
        figures["wait_minutes"]["p90"],
        figures["service_minutes"]["mean"],
        figures["within_target_share"],
        figures["ratings"]["count"],
        figures["ratings"]["mean"],
    ]


def table(report: Report) -> list[list[Any]]:
    """The rows both downloads carry: per group, the total, then per period."""
    lines: list[list[Any]] = [[f"{report.by.value}", *HEADER[1:]]]
    lines += [_line(group_label(report.by, r), r) for r in report.rows]
    lines.append(_line("total", report.total))
    lines.append([])
    lines.append([report.period, *HEADER[1:]])
    lines += [_line(s["label"], s) for s in report.series]
    return lines


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table(report):
        writer.writerow(["" if v is None else v for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM, so Excel reads Vietnamese


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{report.first.isoformat()}..{report.last.isoformat()}"[:31]
    for line in table(report):
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tick(value: float, peak: float) -> str:
    return str(round(value)) if peak >= 4 else f"{value:.1f}"


def bar_chart(
    labels: list[str], series: list[tuple[str, str, list[float]]], width: int = 900
) -> dict[str, Any]:
    """Grouped bars as plain geometry for an inline SVG: no chart library, no script."""
    height, left, bottom, top = 260, 48, 40, 16
    peak = max([v for _n, _c, values in series for v in values] + [1])
    slot = (width - left - 8) / max(1, len(labels))
    bar = max(2.0, min(40.0, slot * 0.8 / max(1, len(series))))
    bars = []
    for i, _label in enumerate(labels):
        for j, (_name, colour, values) in enumerate(series):
            value = values[i]
            h = (height - bottom - top) * value / peak
            x = left + i * slot + (slot - bar * len(series)) / 2 + j * bar
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(height - bottom - h, 1),
                    "w": round(bar - 1, 1),
                    "h": round(h, 1),
                    "colour": colour,
                    "value": value,
                }
            )
    ticks = [
        {
            "y": round(height - bottom - (height - bottom - top) * k / 4, 1),
            "value": _tick(peak * k / 4, peak),
        }
        for k in range(5)
    ]
    step = max(1, len(labels) // 12)
    names = [
        {"x": round(left + i * slot + slot / 2, 1), "text": label}
        for i, label in enumerate(labels)
        if i % step == 0
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "labels": names,
        "legend": [(n, c) for n, c, _v in series],
        "base": height - bottom,
        "left": left,
    }
