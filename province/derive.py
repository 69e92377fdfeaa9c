"""What the province derives from a centre's events, batch by batch, inside the batch's
transaction: each ticket as its latest event left it, then — for only the days and services the
batch touched — the day's figures (``province.figures``, the core's own, per centre, business
day and service) and their months (``province.rollup``), the live waiting per service, each
counter's state; and the centre's own alerts its log raised and cleared (``province.alerts``).

The target waits and rating levels are the centre's site file's, given to the province with
`luot-province centre site` (``province.centres``); until then ``within_target`` is NULL and a
no-show does not count as giving up. Loading a site derives the centre's days again.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import psycopg

from province import alerts, dossiers, rollup
from province.batch import COUNTER_STATES, Event, Restore, Ticket, TicketKey, ticket_from_body
from province.figures import FIGURE_COLUMNS, TicketFacts, day_figures

__all__ = ["TICKET_COLUMNS", "Deriver", "rederive", "stage"]

TICKET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "text"), ("service_id", "text"), ("agency_id", "text"),
    ("issued_service_id", "text"), ("status", "text"), ("priority", "boolean"),
    ("priority_kind", "text"), ("channel", "text"), ("lang", "text"), ("counter", "integer"),
    ("staff", "text"), ("issued_at", "timestamptz"), ("queue_at", "timestamptz"),
    ("called_at", "timestamptz"), ("first_called_at", "timestamptz"),
    ("started_at", "timestamptz"), ("finished_at", "timestamptz"), ("recalls", "integer"),
    ("transfers", "integer"), ("transferred_from", "text"), ("estimate_minutes", "integer"),
    ("ahead_at_issue", "integer"), ("rating", "smallint"),
)  # fmt: skip
"""A ticket's columns after its key, in ``batch.Ticket.values``' order, with their types."""
COPY_EVENTS = "COPY events (centre_id, seq, at, type, ticket_id, counter, body) FROM STDIN"
COPY_CHUNK = 1 << 20
"""Characters of COPY data handed to psycopg at once."""


_KEY = (("business_day", "date"), ("ticket_id", "bigint"))
_SEQS = (("first_seq", "bigint"), ("last_seq", "bigint"))
STAGED = (*_KEY, *TICKET_COLUMNS, *_SEQS)
"""The columns of ``ticket_batch``, where a batch's tickets are copied before their upsert."""
STAGE_TICKETS = (
    "CREATE TEMP TABLE IF NOT EXISTS ticket_batch "
    f"({', '.join(f'{name} {kind}' for name, kind in STAGED)}) ON COMMIT DELETE ROWS"
)
COPY_TICKETS = f"COPY ticket_batch ({', '.join(name for name, _ in STAGED)}) FROM STDIN"


def _upsert_sql() -> str:
    names = [name for name, _ in TICKET_COLUMNS]
    columns = [name for name, _ in STAGED]
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*names, "last_seq"])
    return (
        "WITH old AS (SELECT t.business_day, t.service_id FROM tickets t JOIN ticket_batch n "
        "ON t.centre_id = %(centre)s AND t.business_day = n.business_day "
        "AND t.ticket_id = n.ticket_id WHERE t.service_id <> n.service_id), "
        f"up AS (INSERT INTO tickets (centre_id, {', '.join(columns)}) "
        f"SELECT %(centre)s, {', '.join(columns)} FROM ticket_batch "
        "ON CONFLICT (centre_id, business_day, ticket_id) DO UPDATE SET "
        f"{updates} WHERE tickets.last_seq < EXCLUDED.last_seq) "
        "SELECT DISTINCT business_day, service_id FROM old"
    )


UPSERT_TICKETS = _upsert_sql()
GROUP_TICKETS = (
    "SELECT t.business_day, t.service_id, t.agency_id, t.status, t.wait_us, t.service_us, "
    "t.rating, s.target_wait_minutes FROM unnest(%(days)s::date[], %(services)s::text[]) "
    "AS k(business_day, service_id) JOIN tickets t ON t.centre_id = %(centre)s "
    "AND t.business_day = k.business_day AND t.service_id = k.service_id LEFT JOIN services s "
    "ON s.centre_id = %(centre)s AND s.service_id = k.service_id"
)
_STAGED: weakref.WeakSet[psycopg.Connection] = weakref.WeakSet()
"""The connections whose session holds ``ticket_batch`` (made by ``stage``)."""


def stage(conn: psycopg.Connection) -> None:
    """A batch's temporary table, made once per connection, outside a transaction (so that
    one rolled back does not take it)."""
    if conn not in _STAGED:
        conn.execute(STAGE_TICKETS)
        _STAGED.add(conn)


UPSERT_DAY = (
    "INSERT INTO day_figures (centre_id, business_day, service_id, "
    f"{', '.join(FIGURE_COLUMNS)}, last_seq) VALUES (%s, %s, %s, "
    f"{', '.join('%s' for _ in FIGURE_COLUMNS)}, %s) "
    "ON CONFLICT (centre_id, business_day, service_id) DO UPDATE SET "
    f"{', '.join(f'{c} = EXCLUDED.{c}' for c in (*FIGURE_COLUMNS, 'last_seq'))}"
)
LIVE_SERVICES = (
    "INSERT INTO live_services (centre_id, service_id, waiting, longest_since, last_seq) "
    "SELECT %(centre)s, s.service_id, count(t.ticket_id), min(t.issued_at), %(seq)s "
    "FROM unnest(%(services)s::text[]) AS s(service_id) "
    "LEFT JOIN tickets t ON t.centre_id = %(centre)s AND t.business_day = %(day)s "
    "AND t.service_id = s.service_id AND t.status = 'waiting' "
    "GROUP BY s.service_id "
    "ON CONFLICT (centre_id, service_id) DO UPDATE SET waiting = EXCLUDED.waiting, "
    "longest_since = EXCLUDED.longest_since, last_seq = EXCLUDED.last_seq"
)
UPSERT_COUNTER = (
    "INSERT INTO live_counters (centre_id, counter, state, staff, since, last_seq) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (centre_id, counter) DO UPDATE SET "
    "state = EXCLUDED.state, staff = EXCLUDED.staff, since = EXCLUDED.since, "
    "last_seq = EXCLUDED.last_seq"
)


TicketVersion = tuple[Ticket, int, int]
"""A ticket, the seq of its first event taken, the seq it stands as."""


class Deriver:
    """One batch's changes to one centre's derived state, on a connection inside the batch's
    transaction: ``apply`` each run of events (``set_aside`` before a run that follows a
    restore), then ``finish``."""

    def __init__(
        self, conn: psycopg.Connection, centre_id: int, current_day: date | None = None
    ) -> None:
        self.conn = conn
        self.centre_id = centre_id
        self.current_day = current_day
        """The latest business day of the centre's tickets before the batch."""
        self.groups: set[tuple[date, str]] = set()
        """The (business day, service) whose figures the batch changed."""
        self.services: set[str] = set()
        self.newest_day: date | None = None
        self.last_seq = 0
        self._staged = False

    # --- a run of events -----------------------------------------------------------------

    def apply(self, events: Sequence[Event]) -> None:
        prefix = f"{self.centre_id}\t"
        with self.conn.cursor().copy(COPY_EVENTS) as copy:
            chunk: list[str] = []
            size = 0
            for event in events:
                chunk.append(prefix)
                chunk.append(event.copy_row)
                size += len(event.copy_row)
                if size > COPY_CHUNK:
                    copy.write("".join(chunk))
                    chunk, size = [], 0
            if chunk:
                copy.write("".join(chunk))
        first: dict[TicketKey, int] = {}
        latest: list[TicketVersion] = []
        counters: dict[int, tuple[str, str | None, datetime, int]] = {}
        for event in events:
            key = event.ticket_key
            if key is not None:
                first.setdefault(key, event.seq)
                if event.ticket is not None:  # the last version of it in the batch
                    latest.append((event.ticket, first[key], event.seq))
            state = COUNTER_STATES.get(event.type)
            if state is not None and event.counter is not None:
                counters[event.counter] = (state, event.staff, event.at, event.seq)
        self.upsert_tickets(latest)
        alerts.take(self.conn, self.centre_id, events)
        dossiers.take(self.conn, self.centre_id, events)
        if counters:
            with self.conn.cursor() as cur:
                cur.executemany(
                    UPSERT_COUNTER,
                    [(self.centre_id, n, *facts) for n, facts in sorted(counters.items())],
                )
        self.last_seq = events[-1].seq

    def upsert_tickets(self, versions: Iterable[TicketVersion]) -> None:
        versions = list(versions)
        if not versions:
            return
        with self.conn.cursor() as cur:
            if self.conn not in _STAGED:
                cur.execute(STAGE_TICKETS)
            if self._staged:  # a second lot in the same transaction
                cur.execute("DELETE FROM ticket_batch")
            self._staged = True
            with cur.copy(COPY_TICKETS) as copy:
                copy.set_types([kind for _, kind in STAGED])
                for ticket, first, last in versions:
                    copy.write_row(
                        (ticket.business_day, ticket.ticket_id, *ticket.values, first, last)
                    )
            old = cur.execute(UPSERT_TICKETS, {"centre": self.centre_id}).fetchall()
        self.groups.update((day, service) for day, service in old)
        for ticket, _, _ in versions:
            self.groups.add((ticket.business_day, ticket.service_id))
            if self.newest_day is None or ticket.business_day > self.newest_day:
                self.newest_day = ticket.business_day

    # --- a restore -----------------------------------------------------------------------

    def set_aside(self, restore: Restore) -> int:
        """The events held past the backup set aside, and what they changed put back as the
        backup left it; the restore recorded. The number set aside."""
        conn, centre = self.conn, self.centre_id
        rows = conn.execute(
            "UPDATE events SET set_aside_by = %s WHERE centre_id = %s AND seq > %s AND seq < %s "
            "AND set_aside_by IS NULL "
            "RETURNING ticket_id, body -> 'ticket' ->> 'business_day', counter, type, "
            "body -> 'detail' ->> 'key', body -> 'detail' ->> 'dossier'",
            (restore.event.seq, centre, restore.backup_seq, restore.first_seq),
        ).fetchall()
        tickets = {(date.fromisoformat(r[1]), int(r[0])) for r in rows if r[0] and r[1]}
        counters = {int(r[2]) for r in rows if r[3] in COUNTER_STATES and r[2] is not None}
        if tickets:
            self._put_tickets_back(tickets, restore.backup_seq)
        if counters:
            self._put_counters_back(counters, restore.backup_seq)
        alerts.after_restore(
            conn, centre, {r[4] for r in rows if r[3] in alerts.ALERT_TYPES and r[4]}
        )
        dossiers.after_restore(
            conn, centre, {r[5] for r in rows if r[3] == dossiers.DOSSIER_CHANGED and r[5]}
        )
        conn.execute(
            "INSERT INTO restores (centre_id, seq, backup_seq, first_seq, held_seq, set_aside, at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                centre,
                restore.event.seq,
                restore.backup_seq,
                restore.first_seq,
                restore.held_seq,
                len(rows),
                restore.event.at,
            ),
        )
        return len(rows)

    def _put_tickets_back(self, keys: set[tuple[date, int]], backup_seq: int) -> None:
        days = [day for day, _ in keys]
        ids = [ticket_id for _, ticket_id in keys]
        removed = self.conn.execute(
            "DELETE FROM tickets t USING unnest(%s::date[], %s::bigint[]) AS k(day, id) "
            "WHERE t.centre_id = %s AND t.business_day = k.day AND t.ticket_id = k.id "
            "RETURNING t.business_day, t.service_id, t.ticket_id, t.first_seq",
            (days, ids, self.centre_id),
        ).fetchall()
        self.groups.update((day, service) for day, service, _, _ in removed)
        kept = {int(tid): int(first) for _, _, tid, first in removed if first <= backup_seq}
        if not kept:
            return
        rows = self.conn.execute(
            "SELECT DISTINCT ON (ticket_id) ticket_id, seq, body -> 'ticket' FROM events "
            "WHERE centre_id = %s AND seq BETWEEN %s AND %s AND ticket_id = ANY(%s) "
            "AND set_aside_by IS NULL ORDER BY ticket_id, seq DESC",
            (self.centre_id, min(kept.values()), backup_seq, list(kept)),
        ).fetchall()
        self.upsert_tickets(
            (ticket_from_body(body, int(seq)), kept[int(tid)], int(seq)) for tid, seq, body in rows
        )

    def _put_counters_back(self, numbers: set[int], backup_seq: int) -> None:
        rows = self.conn.execute(
            "SELECT DISTINCT ON (counter) counter, type, body -> 'detail' ->> 'staff', at, seq "
            "FROM events WHERE centre_id = %s AND seq <= %s AND counter = ANY(%s) "
            "AND type = ANY(%s) AND set_aside_by IS NULL ORDER BY counter, seq DESC",
            (self.centre_id, backup_seq, sorted(numbers), list(COUNTER_STATES)),
        ).fetchall()
        with self.conn.cursor() as cur:
            cur.execute(
                "DELETE FROM live_counters WHERE centre_id = %s AND counter = ANY(%s)",
                (self.centre_id, sorted(numbers)),
            )
            if rows:
                cur.executemany(
                    UPSERT_COUNTER,
                    [
                        (self.centre_id, n, COUNTER_STATES[kind], staff, at, seq)
                        for n, kind, staff, at, seq in rows
                    ],
                )

    # --- the figures ---------------------------------------------------------------------

    def refresh_days(self, groups: Iterable[tuple[date, str]], last_seq: int) -> None:
        """Derive again the day figures of ``groups`` from their tickets, and their months'."""
        groups = sorted(set(groups))
        if not groups:
            return
        rows = self.conn.execute(
            GROUP_TICKETS,
            {
                "days": [day for day, _ in groups],
                "services": [service for _, service in groups],
                "centre": self.centre_id,
            },
        ).fetchall()
        found: dict[tuple[date, str], list[TicketFacts]] = defaultdict(list)
        targets: dict[str, int] = {}
        for day, service, agency, status, wait, served, rating, target in rows:
            found[(day, service)].append((agency, status, wait, served, rating))
            if target is not None:
                targets[service] = int(target)
        figures = [
            (
                self.centre_id,
                day,
                service,
                *day_figures(facts, targets.get(service)).row(),
                last_seq,
            )
            for (day, service), facts in sorted(found.items())
        ]
        with self.conn.cursor() as cur:
            if figures:
                cur.executemany(UPSERT_DAY, figures)
            emptied = [group for group in groups if group not in found]
            if emptied:
                cur.execute(
                    "DELETE FROM day_figures d USING unnest(%s::date[], %s::text[]) AS k(day, s) "
                    "WHERE d.centre_id = %s AND d.business_day = k.day AND d.service_id = k.s",
                    ([d for d, _ in emptied], [s for _, s in emptied], self.centre_id),
                )
        rollup.refresh(self.conn, self.centre_id, groups)

    def finish(self, acked_seq: int, newest_at: datetime) -> None:
        """The touched days and the live state derived again; the centre's marks moved on."""
        self.refresh_days(self.groups, acked_seq)
        before = self.current_day
        known = [d for d in (before, self.newest_day) if d is not None]
        day = max(known) if known else None
        self.conn.execute(
            "UPDATE centres SET acked_seq = %s, last_seen_at = now(), "
            "last_event_at = greatest(last_event_at, %s), current_day = %s WHERE id = %s",
            (acked_seq, newest_at, day, self.centre_id),
        )
        if day is None:
            return
        services = {service for group_day, service in self.groups if group_day == day}
        if before != day:  # a new day: every service's waiting is today's now
            services |= {
                str(s)
                for (s,) in self.conn.execute(
                    "SELECT service_id FROM live_services WHERE centre_id = %s", (self.centre_id,)
                ).fetchall()
            }
        if services:
            self.conn.execute(
                LIVE_SERVICES,
                {
                    "centre": self.centre_id,
                    "seq": acked_seq,
                    "services": sorted(services),
                    "day": day,
                },
            )


def rederive(conn: psycopg.Connection, centre_id: int, days_at_once: int = 31) -> int:
    """Derive again every day figure of a centre (its targets changed); inside a transaction.
    The number of (day, service) groups."""
    groups = [
        (day, str(service))
        for day, service in conn.execute(
            "SELECT DISTINCT business_day, service_id FROM tickets WHERE centre_id = %s "
            "ORDER BY 1, 2",
            (centre_id,),
        ).fetchall()
    ]
    row = conn.execute("SELECT acked_seq FROM centres WHERE id = %s", (centre_id,)).fetchone()
    last_seq = int(row[0]) if row else 0
    deriver = Deriver(conn, centre_id)
    days = sorted({day for day, _ in groups})
    for start in range(0, len(days), days_at_once):
        chunk = set(days[start : start + days_at_once])
        deriver.refresh_days([g for g in groups if g[0] in chunk], last_seq)
    return len(groups)
