"""The printed range scored on a recorded day: coverage, width, beside the best-possible ones.

A range is honest when about 80 % of the waits fall inside it (its *coverage*) and useful
when it is narrow; the narrowest any range could be is the best interval of
``bound.best_intervals``, from every visit's true distribution. The point estimate's error
sits beside the best one's (``bound.best_waits``'s medians).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from statistics import median

from queue_core.config import SAMPLE_SITE, load_site
from queue_core.domain import Site, estimate_minutes, wait_range
from queue_core.domain.waitrange import WaitRange
from simulator.bound import BestWait, VisitModel, best_intervals
from simulator.plan import Parameters, make_plan
from simulator.replay import Moment, actual_waits, moments

Ranger = Callable[[Moment], WaitRange]


def printed_range(m: Moment) -> WaitRange:
    """The range the core prints (``waitrange.wait_range`` on what the issue saw)."""
    return wait_range(m.ticket["service_id"], m.ahead(), m.averages, m.counters)


def printed_point(m: Moment) -> float:
    return estimate_minutes(m.ticket["service_id"], m.ahead(), m.averages, m.counters)


@dataclass(frozen=True)
class Ranged:
    """One called ticket: its hour of issue, point and range, the best's, and its wait."""

    hour: int
    point: float
    low: float
    high: float
    best: BestWait | None
    wait: float


@dataclass(frozen=True)
class RangeFigures:
    """Coverage and width of the range, and the point's error, over some tickets."""

    label: str
    tickets: int
    coverage: float | None
    median_width: float | None
    best_coverage: float | None
    best_width: float | None
    point_mae_share: float | None
    best_mae_share: float | None

    @property
    def width_ratio(self) -> float | None:
        if self.median_width is None or not self.best_width:
            return None
        return self.median_width / self.best_width


def ranged(
    seen: Sequence[Moment],
    waits: Mapping[int, float],
    tz: tzinfo,
    best: Mapping[int, BestWait],
    ranger: Ranger = printed_range,
    point: Callable[[Moment], float] = printed_point,
) -> list[Ranged]:
    rows = []
    for m in seen:
        wait = waits.get(m.ticket["id"])
        if wait is None:
            continue
        r = ranger(m)
        hour = m.at.astimezone(tz).hour
        rows.append(Ranged(hour, point(m), r.low, r.high, best.get(m.ticket["id"]), wait))
    return rows


def _share(hits: Sequence[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def _mae(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = sum(w for _, w in pairs)
    return sum(abs(e - w) for e, w in pairs) / total if total else None


def shown_bounds(r: Ranged) -> tuple[float, float]:
    """The range as a citizen reads it: a short one is "under 5 minutes", from zero."""
    return (0.0, float(r.high)) if WaitRange(int(r.low), int(r.high)).short else (r.low, r.high)


def inside(wait: float, low: float, high: float) -> bool:
    """Within the range to the minute, as a citizen reads it: 14.4 min is inside "10–14"."""
    return low - 0.5 <= wait < high + 0.5


def range_figures(label: str, rows: Sequence[Ranged]) -> RangeFigures:
    bounds = [shown_bounds(r) for r in rows]
    hits = [inside(r.wait, lo, hi) for r, (lo, hi) in zip(rows, bounds, strict=True)]
    best = [r.best for r in rows if r.best is not None]
    scored = [r for r in rows if r.best is not None]
    return RangeFigures(
        label,
        len(rows),
        _share(hits),
        median(hi - lo for lo, hi in bounds) if rows else None,
        _share([inside(r.wait, r.best.low, r.best.high) for r in scored if r.best]),
        median(b.high - b.low for b in best) if best else None,
        _mae([(r.point, r.wait) for r in rows]),
        _mae([(r.best.median, r.wait) for r in scored if r.best]) if scored else None,
    )


def peak_and_day(rows: Sequence[Ranged], hour: int | None) -> list[RangeFigures]:
    figures = [range_figures("whole day", rows)]
    if hour is not None:
        label = f"peak hour {hour:02d}:00-{hour + 1:02d}:00"
        figures.insert(0, range_figures(label, [r for r in rows if r.hour == hour]))
    return figures


BANDS = (0.0, 5.0, 15.0, 30.0, 50.0)
"""Where the bands of the point estimate begin, in minutes: the range promises 80 % to the
citizens of every position, not only on the average of the day."""


def band_coverage(rows: Sequence[Ranged]) -> list[tuple[str, int, float | None]]:
    """Coverage per band of the point printed: (band, tickets, share inside)."""
    out = []
    for i, low in enumerate(BANDS):
        high = BANDS[i + 1] if i + 1 < len(BANDS) else None
        picked = [r for r in rows if r.point >= low and (high is None or r.point < high)]
        label = f"{low:.0f}–{high:.0f}" if high is not None else f"≥ {low:.0f}"
        out.append((label, len(picked), range_figures(label, picked).coverage))
    return out


def bands_line(rows: Sequence[Ranged]) -> str:
    cells = [f"{label} min {_pct(share)} ({n})" for label, n, share in band_coverage(rows)]
    return "inside, by the point printed: " + " · ".join(cells)


HEADER = (
    f"{'range (80 %)':<28} {'tickets':>7} {'inside':>7} {'width':>6} {'best':>6} "
    f"{'×best':>6} {'best in':>7} {'MAE %':>7} {'best':>7}"
)
UNITS = (
    f"{'':<28} {'':>7} {'':>7} {'p50':>6} {'width':>6} {'':>6} {'':>7} {'point':>7} {'MAE %':>7}"
)


LEGEND = (
    "inside: the waits within the printed range, to the minute (a short one reads 'under 5\n"
    "minutes'); width: its median, minutes; best width: the median narrowest interval holding\n"
    "80 % of the wait knowing every service's true distribution; best in: that interval's own\n"
    "coverage; MAE %: the point estimate's error, and the best median's"
)


def _pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f} %"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(figures: Sequence[RangeFigures]) -> str:
    lines = [HEADER, UNITS, "─" * len(HEADER)]
    for f in figures:
        lines.append(
            f"{f.label:<28} {f.tickets:>7} {_pct(f.coverage):>7} {_num(f.median_width):>6} "
            f"{_num(f.best_width):>6} {_num(f.width_ratio, 2):>6} {_pct(f.best_coverage):>7} "
            f"{_pct(f.point_mae_share, 1):>7} {_pct(f.best_mae_share, 1):>7}"
        )
    return "\n".join(lines)


COVERAGE_TARGET = (0.75, 0.85)
WIDTH_TARGET = 1.5
"""The range's median width at most this many times the best interval's."""
MAE_POINTS = 0.03
"""The point estimate's MAE at the peak within this of the best's."""


def verdicts(figures: Sequence[RangeFigures]) -> list[str]:
    """The issue's targets, each met or not, with the figures."""
    lines = []
    low, high = COVERAGE_TARGET
    for f in figures:
        where = f.label
        if f.coverage is not None:
            met = "met" if low <= f.coverage <= high else "NOT met"
            lines.append(f"{where}: coverage {_pct(f.coverage)} (target 80 % ± 5): {met}")
        if f.width_ratio is not None:
            met = "met" if f.width_ratio <= WIDTH_TARGET else "NOT met"
            lines.append(
                f"{where}: median width {f.width_ratio:.2f} × the best's (target ≤ 1.5): {met}"
            )
    peak = figures[0] if len(figures) > 1 else None
    if peak and peak.point_mae_share is not None and peak.best_mae_share is not None:
        gap = peak.point_mae_share - peak.best_mae_share
        met = "met" if gap <= MAE_POINTS else "NOT met"
        lines.append(
            f"{peak.label}: point MAE {_pct(peak.point_mae_share, 1)}, the best "
            f"{_pct(peak.best_mae_share, 1)}: {gap * 100:+.1f} points (target ≤ +3): {met}"
        )
    return lines


def day_figures(db: Path, site: Site, best: Mapping[int, BestWait]) -> list[RangeFigures]:
    """The printed range's figures on the day recorded in ``db``, at its peak hour and over
    the day, beside ``best`` (``bound.best_intervals`` of the same day)."""
    return day_rows(db, site, best)[0]


def day_rows(
    db: Path, site: Site, best: Mapping[int, BestWait]
) -> tuple[list[RangeFigures], list[Ranged]]:
    """``day_figures`` and the called tickets they count."""
    seen = moments(db, site)
    rows = ranged(seen, actual_waits(db), site.timezone, best)
    return peak_and_day(rows, _peak([m.at.astimezone(site.timezone) for m in seen])), rows


def score_day(
    db: Path, spread: float = Parameters.service_sigma, draws: int = 200, foresee: bool = True
) -> tuple[list[RangeFigures], list[Ranged]]:
    """``day_rows`` of a day of the sample site, the best from the simulation's model
    (``foresee``: knowing when the priority citizens come, else only their rate)."""
    site, _ = load_site(SAMPLE_SITE)
    seen = moments(db, site)
    if not seen:
        return [], []
    day = seen[0].at.astimezone(site.timezone).date()
    params = Parameters(service_sigma=spread)
    model = VisitModel.of(make_plan(site, day, 1, params=params, tickets=1), params)
    return day_rows(db, site, best_intervals(db, site, model, draws, foresee=foresee))


def rate_line(peak: RangeFigures) -> str:
    """The point's error beside the best that knows only the priority citizens' rate."""
    if peak.point_mae_share is None or peak.best_mae_share is None:
        return f"{peak.label}: –"
    gap = (peak.point_mae_share - peak.best_mae_share) * 100
    return (
        f"{peak.label}: point MAE {_pct(peak.point_mae_share, 1)}, the best knowing only the "
        f"priority citizens' rate {_pct(peak.best_mae_share, 1)}: {gap:+.1f} points"
    )


def _peak(issued: Sequence[datetime]) -> int | None:
    """The clock hour of the most issues (the earliest on a tie), as ``results.peak_hour``."""
    counts: dict[int, int] = {}
    for at in issued:
        counts[at.hour] = counts.get(at.hour, 0) + 1
    return min(counts, key=lambda h: (-counts[h], h)) if counts else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.ranges",
        description="The printed range and estimate scored on days luot-sim recorded.",
    )
    parser.add_argument("db", nargs="+", help="databases luot-sim left (the sample site)")
    parser.add_argument("--spread", type=float, default=Parameters.service_sigma)
    parser.add_argument("--draws", type=int, default=200, help="Monte Carlo draws per ticket")
    args = parser.parse_args(argv)
    for path in args.db:
        print(path)
        figures, rows = score_day(Path(path), args.spread, args.draws)
        print(table(figures))
        print("\n".join(verdicts(figures)))
        print(bands_line(rows))
        if figures:
            print(rate_line(score_day(Path(path), args.spread, args.draws, False)[0][0]))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
