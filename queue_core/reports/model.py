"""A report's figures: the stats per group over a range, per day, week or month, and by hour."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from queue_core.domain import Site
from queue_core.store import GroupBy, Store, stats

PERIODS = ("day", "week", "month")
RATING_RAMP = ("#15803d", "#65a30d", "#ca8a04", "#ea580c", "#dc2626")
"""Best rating level to worst, for the console's bars and the report's charts alike."""


def level_colours(levels: int) -> list[str]:
    """A colour per rating level, green for the best to red for the worst."""
    last = len(RATING_RAMP) - 1
    return [RATING_RAMP[round(k * last / max(1, levels - 1))] for k in range(levels)]


def level_counts(figures: dict[str, Any], levels: int) -> list[int]:
    """A group's ratings per level, best first (score k is the k-th level)."""
    return [int(figures["ratings"]["levels"].get(str(k), 0)) for k in range(1, levels + 1)]


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    by: GroupBy
    period: str
    rows: list[dict[str, Any]]
    """Per group over the whole range, as the stats API gives them."""
    total: dict[str, Any]
    series: list[dict[str, Any]]
    """Per day, week or month: its label and the range's total figures."""
    hours: list[dict[str, Any]]
    """Per local hour with tickets, the whole centre (``store.figures.hourly``)."""
    site_name: str
    levels: tuple[str, ...]
    """Rating level names, best first: score k is ``levels[k - 1]``."""
    levels_en: tuple[str, ...]
    targets: list[int | None]
    """Per row, the target wait in minutes when the group has one."""

    def level_names(self, lang: str) -> tuple[str, ...]:
        """The rating levels in ``lang``; Vietnamese where the site names none in English."""
        return self.levels_en if lang == "en" and self.levels_en else self.levels


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


def build(store: Store, first: date, last: date, by: GroupBy, period: str = "day") -> Report:
    site = store.site
    whole = stats(store, first, last, by)
    rows = sorted(whole["groups"], key=lambda row: _order(site, by, row))
    series = [
        {"label": label, **stats(store, a, b, by)["total"]}
        for label, a, b in periods(first, last, period)
    ]
    levels = site.rules.rating_levels
    named = site.extra.get("rating_levels_en")
    english = tuple(str(name) for name in named) if isinstance(named, tuple | list) else ()
    return Report(
        first,
        last,
        by,
        period,
        rows,
        whole["total"],
        series,
        whole["hours"],
        site.name,
        levels,
        english if len(english) == len(levels) else levels,
        [target_of(site, by, row) for row in rows],
    )


def _order(site: Site, by: GroupBy, row: dict[str, Any]) -> tuple[int, str]:
    """Services in the site file's order (agency by agency), counters by number."""
    if by is GroupBy.SERVICE:
        ids = [s.id for s in site.services]
        key = str(row["service"]["id"])
        return (ids.index(key) if key in ids else len(ids), key)
    if by is GroupBy.COUNTER:
        return (int(row["counter"]["number"]), "")
    return (0, str(row["staff"]["username"]))


def target_of(site: Site, by: GroupBy, row: dict[str, Any]) -> int | None:
    """A service's target wait; a counter's when all its services share one; a clerk's none."""
    if by is GroupBy.SERVICE:
        service = site.service(str(row["service"]["id"]))
        return service.target_wait_minutes if service else None
    if by is GroupBy.COUNTER:
        counter = site.counter(int(row["counter"]["number"]))
        services = [site.service(s) for s in counter.services] if counter else []
        targets = {s.target_wait_minutes for s in services if s is not None}
        return targets.pop() if len(targets) == 1 else None
    return None


def group_label(by: GroupBy, row: dict[str, Any]) -> str:
    key = row[by.value]
    if by is GroupBy.SERVICE:
        return str(key["name"])
    if by is GroupBy.COUNTER:
        name = str(key["name"])
        # Most counters are named after their number ("Quầy 3 – Xây dựng"): say it once.
        return name if re.search(rf"\b{key['number']}\b", name) else f"{key['number']} · {name}"
    name = str(key.get("name") or key["username"])
    return name if name == key["username"] else f"{name} ({key['username']})"
