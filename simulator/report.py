"""The run's figures as the terminal table and as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from simulator.results import DayResult, Figures, Summary, figures

NAME_WIDTH = 34
TARGET_SHARE = 0.20
"""The estimate's mean absolute error at the peak hour, as a share of the actual wait."""

_HEADER = (
    f"{'service':<{NAME_WIDTH}} {'issued':>6} {'served':>6} {'no-show':>7} "
    f"{'p50':>6} {'p90':>6} {'≤target':>7} {'wait':>6} {'est.':>6} {'MAE':>6} {'MAE %':>6}"
)
_UNITS = (
    f"{'':<{NAME_WIDTH}} {'':>6} {'':>6} {'':>7} "
    f"{'min':>6} {'min':>6} {'':>7} {'mean':>6} {'mean':>6} {'min':>6} {'wait':>6}"
)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def line(name: str, f: Figures) -> str:
    return (
        f"{clip(name, NAME_WIDTH):<{NAME_WIDTH}} {f.issued:>6} {f.served:>6} {f.no_shows:>7} "
        f"{_minutes(f.wait_p50):>6} {_minutes(f.wait_p90):>6} {_share(f.within_target):>7} "
        f"{_minutes(f.mean_wait):>6} {_minutes(f.mean_estimate):>6} "
        f"{_minutes(f.mae_minutes):>6} {_share(f.mae_share):>6}"
    )


def verdict(summary: Summary) -> str:
    share = summary.peak.mae_share if summary.peak else None
    if share is None:
        return "estimate MAE at peak: – (no waits at the peak hour)"
    met = "met" if share <= TARGET_SHARE else "NOT met"
    return (
        f"estimate MAE at peak: {round(share * 100)} % of actual wait "
        f"(target ≤ {round(TARGET_SHARE * 100)} %): {met}"
    )


def table(result: DayResult, summary: Summary) -> str:
    names = result.plan.names
    rule = "─" * len(_HEADER)
    rows = [_HEADER, _UNITS, rule]
    rows += [line(names.get(f.label, f.label), f) for f in summary.services]
    rows.append(rule)
    if summary.peak is not None:
        rows.append(line(f"peak hour {summary.peak.label}", summary.peak))
    rows.append(line("whole day", summary.overall))
    rows += ["", verdict(summary), trouble(result)]
    return "\n".join(rows)


def bound_share(
    result: DayResult, summary: Summary, clairvoyant: Mapping[int, float]
) -> float | None:
    """The peak's MAE share had the tickets carried these estimates (a bound's) instead."""
    if summary.peak_hour is None:
        return None
    tz = result.plan.start.tzinfo
    in_peak = [
        replace(t, estimate_minutes=clairvoyant[t.id])
        for t in result.tickets
        if t.id in clairvoyant and t.issued_at.astimezone(tz).hour == summary.peak_hour
    ]
    return figures("clairvoyant", in_peak, result.plan.targets).mae_share


CLAIRVOYANT = (
    "an estimate knowing each visit's length in advance: {share} % at peak "
    "(the rest is how much single visits vary)"
)
BEST = (
    "the best any estimate could do (each wait's median, knowing every service's true "
    "times and the priority citizens to come): {share} % at peak"
)


def yardstick(
    result: DayResult, summary: Summary, waits: Mapping[int, float], sentence: str
) -> str:
    """``sentence`` (CLAIRVOYANT or BEST) with the peak's MAE share of those ``waits``."""
    share = bound_share(result, summary, waits)
    return "" if share is None else sentence.format(share=round(share * 100))


def trouble(result: DayResult) -> str:
    refused = ", ".join(f"{code} {n}" for code, n in sorted(result.refused.items())) or "none"
    return (
        f"core answers ≥ 500: {len(result.server_errors)}; requests retried while it was away: "
        f"{result.unavailable}; tickets refused: {refused}"
        + ("" if result.drained else "; NOT drained: some tickets were left waiting")
    )


def as_json(result: DayResult, summary: Summary) -> dict[str, Any]:
    plan = result.plan
    return {
        "day": plan.day.isoformat(),
        "from": plan.start.isoformat(),
        "to": plan.end.isoformat(),
        "seed": plan.seed,
        "services": [
            {**asdict(f), "name": plan.names.get(f.label, f.label)} for f in summary.services
        ],
        "peak": None if summary.peak is None else asdict(summary.peak),
        "overall": asdict(summary.overall),
        "target_share": TARGET_SHARE,
        "server_errors": [
            {"status": e.status, "request": e.request, "at": e.at.isoformat()}
            for e in result.server_errors
        ],
        "unavailable": result.unavailable,
        "refused": result.refused,
        "unknown_calls": result.unknown_calls,
        "drained": result.drained,
        "wall_seconds": round(result.wall_seconds, 1),
    }
