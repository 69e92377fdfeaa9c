"""Month partitions of ``events`` (by the event's time, months of UTC) and ``tickets`` (by the
business day), made when a batch brings the first row of a month.

Each is made in a short transaction of its own before the batch's, under an advisory lock, so
that two servers making the same month wait for each other and a batch never holds the parent's
lock while it writes. What exists is remembered per pool (per database) and read again from the
catalogue when a month is missing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime

import psycopg
from psycopg import sql

LOCK_KEY = 0x4C756F74506D6F6E  # "LuotPmon": the advisory lock partitions are made under
TABLES = ("events", "tickets")
_NAME = re.compile(r"^(events|tickets)_y(\d{4})m(\d{2})$")


def month_of(moment: datetime | date) -> date:
    """The first day of the month the moment (in UTC) or the day falls in."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC).date()
    return moment.replace(day=1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bounds(table: str, month: date) -> tuple[str, str]:
    if table == "events":
        return f"{month.isoformat()} 00:00:00+00", f"{_next(month).isoformat()} 00:00:00+00"
    return month.isoformat(), _next(month).isoformat()


def partition_name(table: str, month: date) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


class Partitions:
    """The months that have partitions, per table, in one database."""

    def __init__(self) -> None:
        self._known: dict[str, set[date]] | None = None
        self._lock = threading.Lock()

    def _read(self, conn: psycopg.Connection) -> dict[str, set[date]]:
        known: dict[str, set[date]] = {table: set() for table in TABLES}
        rows = conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent IN ('events'::regclass, 'tickets'::regclass)"
        ).fetchall()
        for (name,) in rows:
            match = _NAME.match(name)
            if match:
                known[match[1]].add(date(int(match[2]), int(match[3]), 1))
        return known

    def ensure(self, conn: psycopg.Connection, table: str, months: Iterable[date]) -> list[str]:
        """Make the missing partitions of ``table`` for ``months``; the names made. ``conn``
        must not be inside a transaction."""
        wanted = set(months)
        with self._lock:
            if self._known is not None and wanted <= self._known[table]:
                return []
        made = []
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            known = self._read(conn)
            for month in sorted(wanted - known[table]):
                low, high = _bounds(table, month)
                conn.execute(
                    sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
                        sql.Identifier(partition_name(table, month)),
                        sql.Identifier(table),
                        sql.Literal(low),
                        sql.Literal(high),
                    )
                )
                known[table].add(month)
                made.append(partition_name(table, month))
        with self._lock:
            self._known = known
        return made

    def forget(self) -> None:
        """Read the catalogue again at the next batch (a partition was dropped by hand)."""
        with self._lock:
            self._known = None
