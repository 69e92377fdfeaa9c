"""A report as tables of typed cells: the one layout that the terminal, CSV and XLSX show."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from queue_core.reports.model import Report, group_label, level_counts
from queue_core.reports.words import translator


class Kind(enum.Enum):
    TEXT = "text"
    COUNT = "count"
    MINUTES = "minutes"
    SHARE = "share"
    """A fraction from 0 to 1, shown as a percentage."""


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    short: list[str]
    """Narrow headers for the terminal."""
    kinds: list[Kind]
    lines: list[list[Any]]
    total: list[Any] | None = None


@dataclass(frozen=True)
class Tables:
    groups: Table
    periods: Table | None
    """Only when the range spans more than one period."""
    hours: Table
    ratings: Table
    appointments: list[Table]
    """The bookings (per service when the report is, and the total; then per period when the
    range spans more than one); none when nobody booked for those days."""


Figures = dict[str, Any]
_Column = tuple[str, Kind, Callable[[Figures], Any]]

_GROUP_COLUMNS: tuple[_Column, ...] = (
    ("issued", Kind.COUNT, lambda f: f["issued"]),
    ("served", Kind.COUNT, lambda f: f["served"]),
    ("no_show", Kind.COUNT, lambda f: f["no_show"]),
    ("cancelled", Kind.COUNT, lambda f: f["cancelled"]),
    ("gave_up", Kind.COUNT, lambda f: f.get("gave_up", 0)),
    ("wait_mean", Kind.MINUTES, lambda f: f["wait_minutes"]["mean"]),
    ("wait_p50", Kind.MINUTES, lambda f: f["wait_minutes"]["p50"]),
    ("wait_p90", Kind.MINUTES, lambda f: f["wait_minutes"]["p90"]),
    ("service_mean", Kind.MINUTES, lambda f: f["service_minutes"]["mean"]),
    ("service_p90", Kind.MINUTES, lambda f: f["service_minutes"]["p90"]),
    ("within_target", Kind.SHARE, lambda f: f["within_target_share"]),
    ("ratings", Kind.COUNT, lambda f: f["ratings"]["count"]),
)

_HOUR_COLUMNS: tuple[_Column, ...] = (
    ("issued", Kind.COUNT, lambda h: h["issued"]),
    ("called", Kind.COUNT, lambda h: h["called"]),
    ("wait_mean", Kind.MINUTES, lambda h: h["wait_minutes"]["mean"]),
    ("wait_p50", Kind.MINUTES, lambda h: h["wait_minutes"]["p50"]),
    ("wait_p90", Kind.MINUTES, lambda h: h["wait_minutes"]["p90"]),
)


_BOOKING_COLUMNS: tuple[_Column, ...] = (
    ("booked", Kind.COUNT, lambda f: f["appointments"]["booked"]),
    ("checked_in", Kind.COUNT, lambda f: f["appointments"]["checked_in"]),
    ("missed", Kind.COUNT, lambda f: f["appointments"]["missed"]),
    ("cancelled", Kind.COUNT, lambda f: f["appointments"]["cancelled"]),
    ("called_on_time", Kind.COUNT, lambda f: f["appointments"]["called_on_time"]),
    ("judged", Kind.COUNT, lambda f: f["appointments"]["judged"]),
    ("punctuality", Kind.SHARE, lambda f: f["appointments"]["punctuality"]),
    ("arrival", Kind.MINUTES, lambda f: f["appointments"]["arrival_minutes"]),
)


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def _table(
    lang: str,
    title: str,
    first: str,
    columns: tuple[_Column, ...],
    lines: list[tuple[str, Figures]],
    total: Figures | None = None,
) -> Table:
    t = translator(lang)
    return Table(
        title,
        [first, *(t(key) for key, _k, _v in columns)],
        [first, *(t(f"short_{key}") for key, _k, _v in columns)],
        [Kind.TEXT, *(kind for _key, kind, _v in columns)],
        [[label, *(value(f) for _key, _kind, value in columns)] for label, f in lines],
        None if total is None else [t("total"), *(value(total) for _k, _i, value in columns)],
    )


def _ratings_line(label: str, figures: Figures, levels: int) -> list[Any]:
    counts = level_counts(figures, levels)
    rated = sum(counts)
    return [label, rated, *counts, *((c / rated if rated else None) for c in counts)]


def _ratings(report: Report, lang: str) -> Table:
    t = translator(lang)
    names = list(report.level_names(lang))
    n = len(names)
    return Table(
        t("ratings_by", by=t(f"of_{report.by.value}")),
        [t(report.by.value), t("ratings"), *names, *(t("share_of", name=m) for m in names)],
        [t(report.by.value), t("short_ratings"), *names, *(f"{m} %" for m in names)],
        [Kind.TEXT, Kind.COUNT, *[Kind.COUNT] * n, *[Kind.SHARE] * n],
        [_ratings_line(group_label(report.by, r), r, n) for r in report.rows],
        _ratings_line(t("total"), report.total, n),
    )


def _appointments(report: Report, lang: str) -> list[Table]:
    if not report.total["appointments"]["booked"]:
        return []
    t = translator(lang)
    by = report.by.value
    rows = [r for r in report.rows if r.get("appointments", {}).get("booked")]
    found = [
        _table(
            lang,
            t("appointments_by", by=t(f"of_{by}")),
            t(by),
            _BOOKING_COLUMNS,
            [(group_label(report.by, r), r) for r in rows],
            report.total,
        )
    ]
    if len(report.series) > 1:
        title = t("appointments_per", period=t(f"of_{report.period}"))
        lines = [(s["label"], s) for s in report.series]
        found.append(_table(lang, title, t(report.period), _BOOKING_COLUMNS, lines))
    return found


def tables(report: Report, lang: str = "vi") -> Tables:
    t = translator(lang)
    by = report.by.value
    groups = _table(
        lang,
        t("report_by", by=t(f"of_{by}")),
        t(by),
        _GROUP_COLUMNS,
        [(group_label(report.by, r), r) for r in report.rows],
        report.total,
    )
    periods = None
    if len(report.series) > 1:
        periods = _table(
            lang,
            t("per_period", period=t(f"of_{report.period}")),
            t(report.period),
            _GROUP_COLUMNS,
            [(s["label"], s) for s in report.series],
        )
    hours = _table(
        lang,
        t("by_hour"),
        t("hour"),
        _HOUR_COLUMNS,
        [(hour_label(h["hour"]), h) for h in report.hours],
    )
    return Tables(groups, periods, hours, _ratings(report, lang), _appointments(report, lang))
