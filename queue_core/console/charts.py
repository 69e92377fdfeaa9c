"""The console's charts as plain SVG geometry, and the report they draw (queue_core.reports')."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from queue_core.reports import PERIODS, Report, build, group_label, periods
from queue_core.reports.files import to_csv, to_xlsx
from queue_core.reports.model import level_colours, level_counts

# The console's routes take the report from here, with its charts.
__all__ = [
    "PERIODS",
    "Report",
    "bar_chart",
    "build",
    "group_label",
    "periods",
    "rating_bar",
    "to_csv",
    "to_xlsx",
]


def rating_bar(figures: dict[str, Any], levels: Sequence[str]) -> dict[str, Any]:
    """A group's ratings as one 100 % bar: each level's count, share, where its part starts
    (the shares before it) and colour, best first."""
    count = int(figures["ratings"]["count"])
    parts = []
    start = 0.0
    for name, n, colour in zip(
        levels, level_counts(figures, len(levels)), level_colours(len(levels)), strict=True
    ):
        share = 100 * n / count if count else 0.0
        parts.append({"name": name, "count": n, "share": share, "start": start, "colour": colour})
        start += share
    return {"count": count, "parts": parts}


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
