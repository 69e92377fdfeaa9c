"""A report as PNG charts a manager would rather look at than read (matplotlib, Agg backend,
Be Vietnam Pro so that every diacritic is drawn): arrivals and waits by hour, waits per
group against their target, ratings per group."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from assets import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, asset_path
from queue_core.reports.model import Report, group_label, level_colours, level_counts
from queue_core.reports.words import date_range, other, translator

DPI = 110
WIDTH = 13.0
"""Inches: 1,430 pixels at ``DPI``."""
TITLE_INCHES = 1.05
INK, MUTED, GRID = "#1A202C", "#4A5568", "#E2E8F0"
ARRIVALS = "#2B6CB0"
P50, P90 = "#DD6B20", "#C53030"
P50_BAR, P90_BAR = "#2B6CB0", "#BEE3F8"
TARGET = "#1A202C"
FEW = 5
"""Fewer ratings than this are drawn faint: too few to compare."""


@cache
def font_family() -> str:
    """Registers Be Vietnam Pro with matplotlib (once) and returns its family name."""
    for name in (FONT_REGULAR, FONT_MEDIUM, FONT_BOLD):
        font_manager.fontManager.addfont(str(asset_path(name)))
    return str(font_manager.FontProperties(fname=str(asset_path(FONT_REGULAR))).get_name())


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(
        {
            "font.family": font_family(),
            "font.size": 13,
            "axes.edgecolor": MUTED,
            "axes.labelcolor": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.color": MUTED,
            "ytick.color": INK,
            "legend.frameon": False,
        }
    ):
        yield


def _titled(figure: Figure, title: str, subtitle: str, note: str = "") -> None:
    height = figure.get_figheight()
    figure.text(0.012, 1 - 0.32 / height, title, fontsize=21, weight="bold", color=INK, va="top")
    figure.text(0.012, 1 - 0.78 / height, subtitle, fontsize=14, color=MUTED, va="top")
    if note:
        figure.text(0.012, 0.16 / height, note, fontsize=12, color=MUTED, va="bottom")


def _png(figure: Figure, right: float = 0.0, note: bool = False) -> bytes:
    """Lays the axes out below the title, leaving ``right`` inches and a note's line free."""
    width, height = figure.get_figwidth(), figure.get_figheight()
    bottom = 0.5 / height if note else 0.0
    figure.tight_layout(rect=(0, bottom, 1 - right / width, 1 - TITLE_INCHES / height))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _titles(report: Report, lang: str, key: str) -> tuple[str, str]:
    """The title in ``lang`` with the dates; under it, the other language and the site."""
    t, u = translator(lang), translator(other(lang))
    by = report.by.value
    title = f"{t(key, by=t(f'of_{by}'))} · {date_range(report.first, report.last)}"
    return title, f"{u(key, by=u(f'of_{by}'))} · {report.site_name}"


def _name(text: str, width: int = 34) -> str:
    """A group's name on at most two lines."""
    lines = textwrap.wrap(text, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines) or text


def _grid(axes: Axes, axis: Literal["x", "y"]) -> None:
    axes.grid(axis=axis, color=GRID, linewidth=1)
    axes.set_axisbelow(True)


def _legend(axes: Axes, columns: int, handles: list[Any] | None = None) -> None:
    """Above the plot, clear of a column's header (which sits right on the plot's top)."""
    if handles is None:
        handles = axes.get_legend_handles_labels()[0]
    axes.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=columns, borderaxespad=1.4
    )


# --- by hour ---------------------------------------------------------------------------------


def hours_chart(report: Report, lang: str = "vi") -> bytes:
    """Tickets issued per hour (bars) over the waits of those tickets (P50 and P90 lines)."""
    t = translator(lang)
    hours = report.hours
    with _style():
        figure = Figure(figsize=(WIDTH, 8.6))
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        _titled(figure, *_titles(report, lang, "chart_hours"), note=t("note_hours"))
        if not hours:
            top.text(0.5, 0.5, t("no_data"), ha="center", transform=top.transAxes)
            return _png(figure, note=True)
        _arrival_bars(top, hours, t)
        _wait_lines(bottom, hours, t)
        first, last = hours[0]["hour"], hours[-1]["hour"] + 1
        bottom.set_xlim(first - 0.1, last + 0.1)
        bottom.set_xticks(range(first, last + 1), [f"{h:02d}:00" for h in range(first, last + 1)])
        return _png(figure, note=True)


def _arrival_bars(axes: Axes, hours: list[dict[str, Any]], t: Callable[..., str]) -> None:
    x = [h["hour"] + 0.5 for h in hours]
    counts = [h["issued"] for h in hours]
    bars = axes.bar(x, counts, width=0.82, color=ARRIVALS, label=t("arrivals"))
    axes.bar_label(bars, padding=3, fontsize=12, color=INK)
    axes.set_ylabel(t("tickets_axis"))
    axes.set_ylim(0, max(counts) * 1.12)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _legend(axes, 1)
    _grid(axes, "y")


def _with_gaps(hours: list[dict[str, Any]], key: str) -> tuple[list[float], list[float]]:
    """Points at mid-hour; a line does not cross an hour without tickets (a lunch break)."""
    x: list[float] = []
    y: list[float] = []
    for h in hours:
        if x and h["hour"] + 0.5 - x[-1] > 1:
            x.append(x[-1] + 0.5)
            y.append(math.nan)
        x.append(h["hour"] + 0.5)
        value = h["wait_minutes"][key]
        y.append(math.nan if value is None else value)
    return x, y


def _wait_lines(axes: Axes, hours: list[dict[str, Any]], t: Callable[..., str]) -> None:
    for key, colour, style, label in (
        ("p90", P90, "-", "p90_line"),
        ("p50", P50, "--", "p50_line"),
    ):
        x, y = _with_gaps(hours, key)
        axes.plot(x, y, style, color=colour, linewidth=2.6, marker="o", label=t(label))
    axes.set_ylabel(t("minutes_axis"))
    axes.set_ylim(bottom=0)
    _legend(axes, 2)
    _grid(axes, "y")


# --- per group ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    label: str
    figures: dict[str, Any]
    target: int | None


def _rows(report: Report, lang: str) -> list[_Row]:
    """The whole centre first, then each group in the table's order."""
    whole = _Row(translator(lang)("whole_centre"), report.total, None)
    groups = zip(report.rows, report.targets, strict=True)
    return [whole, *(_Row(_name(group_label(report.by, r)), r, g) for r, g in groups)]


def _row_axes(figure: Figure, rows: list[_Row]) -> tuple[Axes, list[int]]:
    """One horizontal band per row, the first on top and set apart from the others."""
    axes = figure.subplots()
    y = list(range(len(rows)))[::-1]
    axes.set_yticks(y, [r.label for r in rows])
    axes.get_yticklabels()[0].set_fontweight("bold")
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.axhline(len(rows) - 1.5, color=MUTED, linewidth=1)
    return axes, y


def _rows_height(rows: int) -> float:
    return TITLE_INCHES + 1.9 + 0.6 * max(rows, 1)


def _column(axes: Axes, y: list[int], header: str, texts: list[str]) -> None:
    """A column of figures right of the bars, with its header above the top row."""
    place = axes.get_yaxis_transform()
    axes.text(1.015, 1.0, header, transform=axes.transAxes, fontsize=12, color=MUTED, va="bottom")
    for row, text in zip(y, texts, strict=True):
        axes.text(1.015, row, text, transform=place, va="center", fontsize=12, color=INK)


def wait_chart(report: Report, lang: str = "vi") -> bytes:
    """Per group, P90 (wide, light) and P50 (narrow, dark) waits, the target a black tick."""
    t = translator(lang)
    rows = _rows(report, lang)
    with _style():
        figure = Figure(figsize=(WIDTH, _rows_height(len(rows))))
        _titled(figure, *_titles(report, lang, "chart_wait"), note=t("note_wait"))
        axes, y = _row_axes(figure, rows)
        waits = [r.figures["wait_minutes"] for r in rows]
        p90 = axes.barh(y, [w["p90"] or 0 for w in waits], height=0.72, color=P90_BAR, label="P90")
        p50 = axes.barh(y, [w["p50"] or 0 for w in waits], height=0.34, color=P50_BAR, label="P50")
        target = _targets(axes, y, [r.target for r in rows], t)
        texts = ["—" if w["p50"] is None else f"{w['p50']:.0f} / {w['p90']:.0f}" for w in waits]
        _column(axes, y, t("p50_p90"), texts)
        axes.set_xlabel(t("minutes_axis"))
        peak = max([*(w["p90"] or 0 for w in waits), *(r.target or 0 for r in rows), 1])
        axes.set_xlim(0, peak * 1.05)
        _legend(axes, 3, [p50, p90, *target])
        _grid(axes, "x")
        return _png(figure, right=1.5, note=True)


def _targets(
    axes: Axes, y: list[int], targets: list[int | None], t: Callable[..., str]
) -> list[Any]:
    """Black ticks at each row's target; the first tick, for the legend, or none."""
    marks: list[Any] = []
    for row, target in zip(y, targets, strict=True):
        if target is not None:
            marks += axes.plot(
                [target, target],
                [row - 0.42, row + 0.42],
                color=TARGET,
                linewidth=3.2,
                label=t("target_mark"),
                solid_capstyle="butt",
            )
    return marks[:1]


# --- ratings per group ----------------------------------------------------------------------


def _ink_on(colour: str) -> str:
    red, green, blue = to_rgb(colour)
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.5 else INK


def ratings_chart(report: Report, lang: str = "vi") -> bytes:
    """Per group, each level's share of its ratings as one 100 % bar, best level on the left."""
    t = translator(lang)
    names = report.level_names(lang)
    rows = _rows(report, lang)
    with _style():
        figure = Figure(figsize=(WIDTH, _rows_height(len(rows))))
        _titled(figure, *_titles(report, lang, "chart_ratings"), note=t("note_ratings", n=FEW))
        axes, y = _row_axes(figure, rows)
        counts = [level_counts(r.figures, len(names)) for r in rows]
        left = [0.0] * len(rows)
        for k, (name, colour) in enumerate(zip(names, level_colours(len(names)), strict=True)):
            shares = [c[k] * 100 / sum(c) if sum(c) else 0.0 for c in counts]
            bars = axes.barh(y, shares, left=left, height=0.66, color=colour, label=name)
            for bar, c in zip(bars, counts, strict=True):
                bar.set_alpha(0.4 if sum(c) < FEW else 1.0)
            labels = [
                f"{s:.0f}%" if s >= 7 and sum(c) >= FEW else ""
                for s, c in zip(shares, counts, strict=True)
            ]
            axes.bar_label(bars, labels, label_type="center", fontsize=12, color=_ink_on(colour))
            left = [a + b for a, b in zip(left, shares, strict=True)]
        for row, c in zip(y, counts, strict=True):
            if not sum(c):
                axes.text(1, row, t("no_ratings"), va="center", fontsize=12, color=MUTED)
        _column(axes, y, t("ratings_column"), [str(sum(c)) for c in counts])
        axes.set_xlim(0, 100)
        axes.set_xlabel(t("share_axis"))
        _legend(axes, len(names))
        _grid(axes, "x")
        return _png(figure, right=1.2, note=True)


def file_names(by: str) -> tuple[str, str, str]:
    """The PNG files ``render`` makes for a report by ``by``."""
    return "arrivals-by-hour.png", f"wait-by-{by}.png", f"ratings-by-{by}.png"


def render(report: Report, lang: str = "vi") -> dict[str, bytes]:
    """The charts as PNG files by name."""
    hours, wait, ratings = file_names(report.by.value)
    return {
        hours: hours_chart(report, lang),
        wait: wait_chart(report, lang),
        ratings: ratings_chart(report, lang),
    }
