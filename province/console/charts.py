"""The reports' charts, drawn on the server as SVG: a chart is a list of shapes (rectangles,
lines, texts) in a viewBox, which one template writes out as elements with attributes — no
chart library, no script, no inline style (the page's policy allows none)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Chart", "bars", "columns", "level_colours", "nice_step", "rating_bar"]

ISSUED, SERVED = "#1d4ed8", "#15803d"
P50, P90 = "#1e3a8a", "#93c5fd"
LABEL_CHARS = 34


@dataclass
class Chart:
    width: int
    height: int
    title: str
    rects: list[dict[str, object]] = field(default_factory=list)
    lines: list[dict[str, object]] = field(default_factory=list)
    texts: list[dict[str, object]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    """(name, colour) of each series."""


def nice_step(peak: float, steps: int = 4) -> float:
    """A step of 1, 2 or 5 times a power of ten, so that ``steps`` of them reach ``peak``."""
    if peak <= 0:
        return 1.0
    rough = peak / steps
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return float(factor * power)
    return float(10 * power)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _short(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def columns(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    width: int = 900,
    height: int = 300,
) -> Chart:
    """Grouped columns, one group per label (a period), one column per series."""
    left, right, top, bottom = 56, 12, 16, 44
    chart = Chart(width, height, title, legend=[(name, colour) for name, colour, _ in series])
    peak = max([v for _n, _c, values in series for v in values] + [0])
    step = nice_step(peak)
    ceiling = step * max(1, math.ceil(peak / step))
    plot_h = height - top - bottom
    base = height - bottom
    for k in range(round(ceiling / step) + 1):
        y = round(base - plot_h * k * step / ceiling, 1)
        chart.lines.append({"x1": left, "x2": width - right, "y1": y, "y2": y, "cls": "grid"})
        chart.texts.append(
            {"x": left - 8, "y": y + 5, "anchor": "end", "cls": "tick", "text": _number(k * step)}
        )
    slot = (width - left - right) / max(1, len(labels))
    bar = max(2.0, min(36.0, slot * 0.8 / max(1, len(series))))
    for i, label in enumerate(labels):
        x0 = left + i * slot + (slot - bar * len(series)) / 2
        for j, (name, colour, values) in enumerate(series):
            value = values[i]
            h = plot_h * value / ceiling
            chart.rects.append(
                {
                    "x": round(x0 + j * bar, 1),
                    "y": round(base - h, 1),
                    "w": round(max(1.0, bar - 2), 1),
                    "h": round(h, 1),
                    "fill": colour,
                    "title": f"{label} · {name}: {_number(value)}",
                }
            )
    every = max(1, math.ceil(len(labels) / max(1, (width - left) // 90)))
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.texts.append(
                {
                    "x": round(left + i * slot + slot / 2, 1),
                    "y": base + 24,
                    "anchor": "middle",
                    "cls": "label",
                    "text": label,
                }
            )
    chart.lines.append({"x1": left, "x2": width - right, "y1": base, "y2": base, "cls": "axis"})
    return chart


def bars(
    title: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    names: tuple[str, str],
    unit: str,
    width: int = 900,
) -> Chart:
    """One horizontal band per row (a centre, agency or service): its P90 wide and light, its
    P50 narrow and dark on it, both figures written after them."""
    label_w, right, top, row_h, bottom = 300, 96, 8, 34, 40
    height = top + row_h * max(1, len(rows)) + bottom
    chart = Chart(width, height, title, legend=[(names[0], P50), (names[1], P90)])
    peak = max([v or 0 for _l, a, b in rows for v in (a, b)] + [0])
    step = nice_step(peak)
    ceiling = step * max(1, math.ceil(peak / step))
    plot_w = width - label_w - right
    base = top + row_h * max(1, len(rows))
    for k in range(round(ceiling / step) + 1):
        x = round(label_w + plot_w * k * step / ceiling, 1)
        chart.lines.append({"x1": x, "x2": x, "y1": top, "y2": base, "cls": "grid"})
        chart.texts.append(
            {"x": x, "y": base + 22, "anchor": "middle", "cls": "tick", "text": _number(k * step)}
        )
    for i, (label, p50, p90) in enumerate(rows):
        y = top + i * row_h
        middle = y + row_h / 2
        chart.texts.append(
            {"x": label_w - 10, "y": middle + 5, "anchor": "end", "cls": "label",
             "text": _short(label), "full": label}
        )  # fmt: skip
        for value, colour, thick, name in ((p90, P90, 24, names[1]), (p50, P50, 10, names[0])):
            if value is None:
                continue
            chart.rects.append(
                {
                    "x": label_w,
                    "y": round(middle - thick / 2, 1),
                    "w": round(max(1.0, plot_w * value / ceiling), 1),
                    "h": thick,
                    "fill": colour,
                    "title": f"{label} · {name}: {_number(value)} {unit}",
                }
            )
        said = "—" if p50 is None else f"{_number(p50)} / {_number(p90 or 0)}"
        chart.texts.append(
            {"x": width - right + 10, "y": middle + 5, "anchor": "start", "cls": "value",
             "text": said}
        )  # fmt: skip
    chart.lines.append({"x1": label_w, "x2": label_w, "y1": top, "y2": base, "cls": "axis"})
    return chart


RATING_RAMP = ("#15803d", "#65a30d", "#ca8a04", "#ea580c", "#dc2626")
"""Best rating level to worst."""


def level_colours(levels: int) -> list[str]:
    """A colour per rating level, green for the best to red for the worst."""
    last = len(RATING_RAMP) - 1
    return [RATING_RAMP[round(k * last / max(1, levels - 1))] for k in range(levels)]


def rating_bar(figures: Any, levels: int) -> dict[str, Any]:
    """Ratings as one 100 % bar: each level's count, share, where its part starts and its
    colour, best first."""
    count = int(figures.rated)
    parts, start = [], 0.0
    for k, colour in enumerate(level_colours(levels), start=1):
        n = figures.level(k)
        share = 100 * n / count if count else 0.0
        parts.append({"level": k, "count": n, "share": share, "start": start, "colour": colour})
        start += share
    return {"count": count, "parts": parts}
