"""A month's figures per centre and service (``month_figures``, migration 005): summed again from
the day figures for the months a batch changed (``refresh_month_figures``, in PostgreSQL, one
round trip), so that a month's report across every centre reads a row per centre and service
(200 centres x 12 services: 2,400 histograms) rather than one per day (72,000)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import psycopg

__all__ = ["refresh"]


def refresh(conn: psycopg.Connection, centre_id: int, groups: Iterable[tuple[date, str]]) -> None:
    """The months of ``groups`` (business day, service) summed again from ``day_figures``."""
    keys = sorted({(day.replace(day=1), service) for day, service in groups})
    if keys:
        conn.execute(
            "SELECT refresh_month_figures(%s, %s::date[], %s::text[])",
            (centre_id, [month for month, _ in keys], [service for _, service in keys]),
        )
