"""What the province holds, read for people: the centres' live state and their day figures in
the core's shape (``GET /api/v1/stats``' groups, docs/reports.md), for the provincial console.

Minutes are the core's: microseconds / 10⁶ / 60 as a float, rounded to one decimal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import psycopg

from province.errors import CentreError

__all__ = ["day_rows", "dossier_rows", "live", "minutes"]


def minutes(us: int | None) -> float | None:
    return None if us is None else round(us / 1_000_000 / 60, 1)


def _centre(conn: psycopg.Connection, code: str) -> tuple[Any, ...]:
    row = conn.execute(
        "SELECT id, code, name, acked_seq, last_seen_at, last_event_at, current_day, revoked_at, "
        "rating_levels FROM centres WHERE code = %s",
        (code,),
    ).fetchone()
    if row is None:
        raise CentreError(f"there is no centre {code!r}", code="no_such_centre")
    return tuple(row)


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def live(conn: psycopg.Connection, code: str, now: datetime) -> dict[str, Any]:
    """A centre's live state: who waits for each service and since when, each counter's state,
    when it was last seen and what it last sent."""
    centre_id, code, name, acked, seen, newest, day, revoked, _levels = _centre(conn, code)
    services = []
    for service, waiting, since, service_name, agency in conn.execute(
        "SELECT l.service_id, l.waiting, l.longest_since, s.name, s.agency_id "
        "FROM live_services l LEFT JOIN services s "
        "ON s.centre_id = l.centre_id AND s.service_id = l.service_id "
        "WHERE l.centre_id = %s ORDER BY s.ord NULLS LAST, l.service_id",
        (centre_id,),
    ).fetchall():
        longest = None
        if waiting and since is not None:
            longest = round(max(0.0, (now - since).total_seconds()) / 60, 1)
        services.append(
            {
                "service": service,
                "name": service_name,
                "agency": agency,
                "waiting": waiting,
                "longest_wait_minutes": longest,
            }
        )
    counters = [
        {"number": number, "state": state, "staff": staff, "since": _moment(since)}
        for number, state, staff, since in conn.execute(
            "SELECT counter, state, staff, since FROM live_counters WHERE centre_id = %s "
            "ORDER BY counter",
            (centre_id,),
        ).fetchall()
    ]
    waits = [s["longest_wait_minutes"] for s in services if s["longest_wait_minutes"] is not None]
    return {
        "centre": code,
        "name": name,
        "revoked": revoked is not None,
        "business_day": None if day is None else day.isoformat(),
        "acked_seq": acked,
        "last_seen_at": _moment(seen),
        "last_event_at": _moment(newest),
        "waiting": sum(s["waiting"] for s in services),
        "longest_wait_minutes": max(waits) if waits else None,
        "services": services,
        "counters_open": sum(1 for c in counters if c["state"] == "open"),
        "counters": counters,
    }


def _summary(total_us: int, count: int, p50: int | None, p90: int | None) -> dict[str, Any]:
    if not count:
        return {"mean": None, "p50": None, "p90": None}
    return {
        "mean": round(total_us / 1_000_000 / 60 / count, 1),
        "p50": minutes(p50),
        "p90": minutes(p90),
    }


def day_rows(conn: psycopg.Connection, code: str, first: date, last: date) -> list[dict[str, Any]]:
    """Per business day from ``first`` to ``last`` (both included) and service: the day's
    figures, as the core's per service, with those who gave up; the on-time share over those
    called plus those cancelled before any call (``province.figures``)."""
    centre_id, *_rest, levels = _centre(conn, code)
    rows = conn.execute(
        "SELECT d.business_day, d.service_id, s.name, d.agency_id, a.name, d.issued, d.served, "
        "d.no_show, d.cancelled, d.gave_up, d.called, d.within_target, d.wait_sum_us, "
        "d.wait_p50_us, d.wait_p90_us, d.service_n, d.service_sum_us, d.service_p50_us, "
        "d.service_p90_us, d.rated, d.ratings, d.cancelled_uncalled "
        "FROM day_figures d "
        "LEFT JOIN services s ON s.centre_id = d.centre_id AND s.service_id = d.service_id "
        "LEFT JOIN agencies a ON a.centre_id = d.centre_id AND a.agency_id = d.agency_id "
        "WHERE d.centre_id = %s AND d.business_day BETWEEN %s AND %s "
        "ORDER BY d.business_day, d.service_id",
        (centre_id, first, last),
    ).fetchall()
    out = []
    for (
        day, service, service_name, agency, agency_name, issued, served, no_show, cancelled,
        gave_up, called, within, wait_sum, wait_p50, wait_p90, service_n, service_sum,
        service_p50, service_p90, rated, ratings, uncalled,
    ) in rows:  # fmt: skip
        count = max(len(levels or ()), len(ratings))
        scored = sum(score * n for score, n in enumerate(ratings, start=1))
        out.append(
            {
                "business_day": day.isoformat(),
                "service": {"id": service, "name": service_name or service},
                "agency": {"id": agency, "name": agency_name or agency},
                "issued": issued,
                "served": served,
                "no_show": no_show,
                "cancelled": cancelled,
                "gave_up": gave_up,
                "wait_minutes": _summary(wait_sum, called, wait_p50, wait_p90),
                "service_minutes": _summary(service_sum, service_n, service_p50, service_p90),
                "within_target_share": (
                    round(within / (called + uncalled), 3)
                    if called + uncalled and within is not None
                    else None
                ),
                "ratings": {
                    "count": rated,
                    "mean": round(scored / rated, 2) if rated else None,
                    "levels": {
                        str(k): (ratings[k - 1] if k <= len(ratings) else 0)
                        for k in range(1, count + 1)
                    },
                },
            }
        )
    return out


def dossier_rows(
    conn: psycopg.Connection, code: str, first: date, last: date
) -> list[dict[str, Any]]:
    """Per agency, the dossiers of the business days from ``first`` to ``last`` (both
    included), as the core's `luot-core report --by agency --json` gives them: received,
    resolved, early, on time, late, and the share resolved early or on time (4 places)."""
    centre_id, *_rest = _centre(conn, code)
    rows = conn.execute(
        "SELECT d.agency_id, coalesce(min(a.name), d.agency_id), sum(d.received)::int, "
        "sum(d.resolved)::int, sum(d.early)::int, sum(d.on_time)::int, sum(d.late)::int "
        "FROM dossier_days d LEFT JOIN agencies a "
        "ON a.centre_id = d.centre_id AND a.agency_id = d.agency_id "
        "WHERE d.centre_id = %s AND d.business_day BETWEEN %s AND %s "
        "GROUP BY d.agency_id ORDER BY d.agency_id",
        (centre_id, first, last),
    ).fetchall()
    return [
        {
            "agency": agency,
            "name": name,
            "received": received,
            "resolved": resolved,
            "early": early,
            "on_time": on_time,
            "late": late,
            "on_time_share": round((early + on_time) / resolved, 4) if resolved else None,
        }
        for agency, name, received, resolved, early, on_time, late in rows
    ]
