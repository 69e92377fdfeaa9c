"""Reports across centres: the day figures of a range summed in PostgreSQL per centre, agency or
service, and per day, week or month, in three statements whatever the number of centres (the
counts; the wait histograms; the ratings, each over ``GROUPING SETS`` of the groups, the periods
and the whole), so that a month of 200 centres is read in one pass over ``day_figures``.

A group's waits: the mean from the summed microseconds; P50 and P90 to the minute, from the
summed per-minute histograms (nearest rank, as the core's: the minute holding the ⌈p·n⌉-th
wait). Within target: of the waits whose service's target is known plus the tickets cancelled
before a call there, as the core's share (``queue_core.domain.gaveup``). Gave up: as derived
per day (``province.figures``, docs/province.md). By centre or agency, the dossiers too: received,
resolved early, on time, late (``dossier_days``, a fourth statement)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

import psycopg

from province.errors import ConsoleError

__all__ = [
    "BY",
    "LONGEST_DAYS",
    "PERIODS",
    "DossierFigures",
    "Figures",
    "Report",
    "build",
    "periods",
]

BY = ("centre", "agency", "service")
PERIODS = ("day", "week", "month")
LONGEST_DAYS = 366
WORK_MEM = "64MB"
"""For the report's statements only: the sums of a month of 200 centres per day hash in memory."""
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
_GROUP = {"centre": "d.centre_id::text", "agency": "d.agency_id", "service": "d.service_id"}
_PERIOD = {
    "day": "d.business_day",
    "week": "date_trunc('week', d.business_day)::date",
    "month": "date_trunc('month', d.business_day)::date",
}
_COUNTS = (
    "issued", "served", "no_show", "cancelled", "gave_up", "called", "within", "judged",
    "wait_sum_us", "service_n", "service_sum_us", "rated",
)  # fmt: skip


@dataclass
class Figures:
    """Summed day figures of a group, a period or the whole."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    gave_up: int = 0
    called: int = 0
    within: int = 0
    """Called within the target, of the ``judged``."""
    judged: int = 0
    """Called tickets, and tickets cancelled before a call, whose service's target was known:
    the on-time share's base, as the core's."""
    wait_sum_us: int = 0
    service_n: int = 0
    service_sum_us: int = 0
    rated: int = 0
    histogram: list[int] = field(default_factory=list)
    """Called tickets per whole minute of wait (index 0: under a minute; the last 240+)."""
    ratings: list[int] = field(default_factory=list)
    """Ratings per level, best first."""

    def _percentile(self, share: float) -> int | None:
        n = sum(self.histogram)
        if not n:
            return None
        rank = max(1, math.ceil(share * n))
        seen = 0
        for minute, count in enumerate(self.histogram):
            seen += count
            if seen >= rank:
                return minute
        return len(self.histogram) - 1

    @property
    def wait_p50(self) -> int | None:
        return self._percentile(0.5)

    @property
    def wait_p90(self) -> int | None:
        return self._percentile(0.9)

    @property
    def wait_mean(self) -> float | None:
        return round(self.wait_sum_us / 60_000_000 / self.called, 1) if self.called else None

    @property
    def service_mean(self) -> float | None:
        if not self.service_n:
            return None
        return round(self.service_sum_us / 60_000_000 / self.service_n, 1)

    @property
    def within_share(self) -> float | None:
        return round(self.within / self.judged, 3) if self.judged else None

    @property
    def gave_up_share(self) -> float | None:
        return round(self.gave_up / self.issued, 3) if self.issued else None

    @property
    def best_share(self) -> float | None:
        """The share of ratings at the best level."""
        return round(self.ratings[0] / self.rated, 3) if self.rated and self.ratings else None

    def level(self, k: int) -> int:
        """Ratings at level ``k`` (1 = the best)."""
        return self.ratings[k - 1] if k <= len(self.ratings) else 0


@dataclass
class DossierFigures:
    """Dossiers of a group or the whole, as the core's report by agency counts them."""

    received: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def in_time_share(self) -> float | None:
        """Resolved early or on time, of those resolved."""
        return round((self.early + self.on_time) / self.resolved, 3) if self.resolved else None


Counted = TypeVar("Counted", Figures, DossierFigures)


@dataclass(frozen=True)
class Row(Generic[Counted]):
    key: str
    label: str
    label_en: str
    note: str
    """A second line: the centre's id, the agency's, or a service's agency."""
    note_en: str
    figures: Counted


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date
    figures: Figures


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    by: str
    period: str
    centre: str | None
    """A centre's id when the report is of that one centre."""
    centre_name: str | None
    rows: list[Row[Figures]]
    periods: list[Period]
    total: Figures
    levels: int
    """Rating levels: the most any centre's ratings use."""
    dossiers: list[Row[DossierFigures]] | None = None
    """Per group (by centre or agency; None by service: a dossier has no service)."""
    dossier_total: DossierFigures = field(default_factory=DossierFigures)


def day_field(text: str, name: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ConsoleError("Dates are like 2026-11-25.", code="invalid_input", field=name) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ConsoleError(
            f"Give a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}.",
            code="invalid_input",
            field=name,
        )
    return day


def query(params: dict[str, str], today: date) -> tuple[date, date, str, str, str | None]:
    """A report's query checked: from, to (the last 7 days up to ``today`` by default), by,
    period, centre."""
    last = day_field(params["to"], "to") if params.get("to") else today
    first = day_field(params["from"], "from") if params.get("from") else last - timedelta(days=6)
    if first > last:
        raise ConsoleError("`from` must not be after `to`.", code="invalid_range", field="from")
    if (last - first).days + 1 > LONGEST_DAYS:
        raise ConsoleError("Ask for at most a year at a time.", code="range_too_long", field="from")
    by = params.get("by") or "centre"
    if by not in BY:
        raise ConsoleError("`by` is centre, agency or service.", code="invalid_input", field="by")
    period = params.get("period") or "day"
    if period not in PERIODS:
        raise ConsoleError("`period` is day, week or month.", code="invalid_input", field="period")
    centre = params.get("centre") or None
    if centre is not None and len(centre) > 64:
        raise ConsoleError("There is no such centre.", code="no_such_centre", field="centre")
    return first, last, by, period, centre


def periods(first: date, last: date, period: str) -> list[tuple[str, date, date, date]]:
    """Each period of the range: its label, first and last day (within the range), and its
    key as PostgreSQL's ``date_trunc`` gives it."""
    out = []
    start = first
    while start <= last:
        if period == "week":
            key = start - timedelta(days=start.weekday())
            end = key + timedelta(days=6)
            iso = start.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
        elif period == "month":
            key = start.replace(day=1)
            end = (key.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            label = start.strftime("%Y-%m")
        else:
            key = end = start
            label = start.isoformat()
        end = min(end, last)
        out.append((label, start, end, key))
        start = end + timedelta(days=1)
    return out


_ROWS = (
    "centre_id, service_id, agency_id, issued, served, no_show, cancelled, gave_up, called, "
    "within_target, wait_sum_us, wait_histogram, service_n, service_sum_us, rated, ratings"
)
_DAYS = (
    f"SELECT business_day, {_ROWS}, CASE WHEN within_target IS NULL THEN 0 "
    "ELSE called + cancelled_uncalled END AS judged FROM day_figures"
)


def _source(period: str) -> str:
    """The rows summed: the day figures; per month, the whole months' roll-ups
    (``month_figures``, a row per centre and service) and the days of the months cut by the
    range."""
    if period != "month":
        return f"({_DAYS}) d"
    return (
        f"(SELECT month AS business_day, {_ROWS}, judged FROM month_figures "
        "WHERE month >= %(whole_first)s AND month < %(whole_next)s "
        f"UNION ALL {_DAYS} WHERE business_day BETWEEN %(first)s AND %(last)s "
        "AND (business_day < %(whole_first)s OR business_day >= %(whole_next)s)) d"
    )


def whole_months(first: date, last: date) -> tuple[date, date]:
    """The first day of the first month the range holds whole, and the day after the last
    such month (no later than the first: none)."""
    start = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = last + timedelta(days=1)
    end = after if after.day == 1 else last.replace(day=1)
    return start, max(start, end)


def _sql(by: str, period: str, centre_filter: str) -> str:
    group, per = _GROUP[by], _PERIOD[period]
    return (
        f"SELECT {group}, {per}, GROUPING({group}, {per}), {_SUMS} FROM {_source(period)} "
        "WHERE d.business_day BETWEEN %(first)s AND %(last)s "
        f"{centre_filter} GROUP BY GROUPING SETS (({group}), ({per}), ())"
    )


def _array_sql(by: str, period: str, centre_filter: str, column: str) -> str:
    """Each element of ``column`` summed per group, period and index, then over the grouping
    sets. The group and the period are worked out once per day's row (not once per element),
    and the sets are taken over the first sums: the elements (a month of 200 centres: some
    three million) are hashed once."""
    group, per = _GROUP[by], _PERIOD[period]
    return (
        "SELECT g, p, GROUPING(g, p), i, sum(n)::bigint FROM ("
        " SELECT d.g, d.p, u.i, sum(u.n) AS n FROM ("
        f"  SELECT {group} AS g, {per} AS p, d.{column} AS a FROM {_source(period)}"
        "   WHERE d.business_day BETWEEN %(first)s AND %(last)s "
        f"  {centre_filter} OFFSET 0"
        " ) d CROSS JOIN LATERAL unnest(d.a) WITH ORDINALITY AS u(n, i) WHERE u.n > 0"
        " GROUP BY d.g, d.p, u.i"
        ") e GROUP BY GROUPING SETS ((g, i), (p, i), (i))"
    )


_SUMS = (
    "sum(d.issued)::bigint, sum(d.served)::bigint, sum(d.no_show)::bigint, "
    "sum(d.cancelled)::bigint, sum(d.gave_up)::bigint, sum(d.called)::bigint, "
    "coalesce(sum(d.within_target), 0)::bigint, sum(d.judged)::bigint, "
    "sum(d.wait_sum_us)::bigint, sum(d.service_n)::bigint, sum(d.service_sum_us)::bigint, "
    "sum(d.rated)::bigint"
)


def _dossier_sql(by: str, centre_filter: str) -> str:
    group = _GROUP[by]
    return (
        f"SELECT {group}, GROUPING({group}), sum(d.received)::bigint, sum(d.resolved)::bigint, "
        "sum(d.early)::bigint, sum(d.on_time)::bigint, sum(d.late)::bigint FROM dossier_days d "
        f"WHERE d.business_day BETWEEN %(first)s AND %(last)s {centre_filter} "
        f"GROUP BY GROUPING SETS (({group}), ())"
    )


def _labels(
    conn: psycopg.Connection, by: str, centre_id: int | None
) -> dict[str, tuple[str, str, str, str]]:
    """Each group's name, English name, and second line in each."""
    only = "WHERE centre_id = %(centre)s" if centre_id is not None else ""
    params = {"centre": centre_id}
    if by == "centre":
        return {
            str(i): (name, name, code, code)
            for i, code, name in conn.execute(
                "SELECT id, code, name FROM centres" + (" WHERE id = %(centre)s" if only else ""),
                params,
            ).fetchall()
        }
    if by == "agency":
        rows = conn.execute(
            "SELECT agency_id, mode() WITHIN GROUP (ORDER BY name), "
            f"mode() WITHIN GROUP (ORDER BY name_en) FROM agencies {only} GROUP BY agency_id",
            params,
        ).fetchall()
        return {a: (name, en or name, a, a) for a, name, en in rows}
    agencies = _labels(conn, "agency", centre_id)
    rows = conn.execute(
        "SELECT service_id, mode() WITHIN GROUP (ORDER BY name), "
        "mode() WITHIN GROUP (ORDER BY name_en), mode() WITHIN GROUP (ORDER BY agency_id) "
        f"FROM services {only} GROUP BY service_id",
        params,
    ).fetchall()
    return {
        s: (name, en or name, *agencies.get(agency, (agency, agency))[:2])
        for s, name, en, agency in rows
    }


def build(
    conn: psycopg.Connection,
    first: date,
    last: date,
    by: str = "centre",
    period: str = "day",
    centre: str | None = None,
) -> Report:
    centre_id, centre_name = None, None
    if centre is not None:
        row = conn.execute("SELECT id, name FROM centres WHERE code = %s", (centre,)).fetchone()
        if row is None:
            raise ConsoleError(
                f"There is no centre {centre!r}.", code="no_such_centre", field="centre"
            )
        centre_id, centre_name = int(row[0]), str(row[1])
    only = "AND d.centre_id = %(centre)s" if centre_id is not None else ""
    whole_first, whole_next = whole_months(first, last)
    params = {
        "first": first,
        "last": last,
        "centre": centre_id,
        "whole_first": whole_first,
        "whole_next": whole_next,
    }
    groups: dict[str, Figures] = defaultdict(Figures)
    by_period: dict[date, Figures] = defaultdict(Figures)
    total = Figures()

    def target(group: Any, per: Any, grouping: int) -> Figures:
        if grouping == 1:
            return groups[str(group)]
        if grouping == 2:
            return by_period[per]
        return total

    with conn.transaction():  # one snapshot for the three; room for their hash tables
        conn.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        counted = conn.execute(_sql(by, period, only), params).fetchall()
        arrays = {
            attribute: conn.execute(_array_sql(by, period, only, column), params).fetchall()
            for column, attribute in (("wait_histogram", "histogram"), ("ratings", "ratings"))
        }
        dossier_sums = (
            conn.execute(_dossier_sql(by, only), params).fetchall() if by != "service" else []
        )
    for group, per, grouping, *sums in counted:
        figures = target(group, per, grouping)
        for name, value in zip(_COUNTS, sums, strict=True):
            setattr(figures, name, int(value or 0))
    for attribute, found in arrays.items():
        for group, per, grouping, index, count in found:
            values: list[int] = getattr(target(group, per, grouping), attribute)
            while len(values) < index:
                values.append(0)
            values[index - 1] += int(count)
    labels = _labels(conn, by, centre_id)
    unnamed = ("", "")
    rows = [Row(key, *labels.get(key, (key, key, *unnamed)), f) for key, f in groups.items()]
    rows.sort(key=lambda r: (r.label.casefold(), r.key))
    spans = [
        Period(label, a, b, by_period.get(key, Figures()))
        for label, a, b, key in periods(first, last, period)
    ]
    levels = max([len(f.ratings) for f in [total, *groups.values()]] + [0])
    dossiers, dossier_total = None, DossierFigures()
    if by != "service":
        dossiers = []
        for group, grouping, *counts in dossier_sums:
            files = DossierFigures(*(int(n or 0) for n in counts))
            if grouping:
                dossier_total = files
            else:
                key = str(group)
                dossiers.append(Row(key, *labels.get(key, (key, key, *unnamed)), files))
        dossiers.sort(key=lambda r: (r.label.casefold(), r.key))
    return Report(
        first, last, by, period, centre, centre_name, rows, spans, total, levels, dossiers,
        dossier_total,
    )  # fmt: skip
