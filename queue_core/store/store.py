"""The Store: one SQLite file, every command atomic with its events, reads for the apps."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from queue_core.config import parse_site, usable_logo
from queue_core.domain import (
    CallingPolicy,
    Command,
    CounterStatus,
    DomainError,
    Event,
    PriorityRatioPolicy,
    RecordRestore,
    Site,
    Ticket,
    TicketStatus,
)
from queue_core.domain.appointments import appointment_rules
from queue_core.errors import StoreError
from queue_core.store import audit, handlers, lanes
from queue_core.store.database import WAL_AUTOCHECKPOINT_PAGES, connect
from queue_core.store.estimate import (
    EstimateState,
    LiveFigures,
    average_minutes,
    estimate_state,
    live_figures,
    live_figures_of_many,
)
from queue_core.store.records import (
    event_to_json,
    from_db_time,
    row_to_ticket,
    ticket_to_row,
    to_db_time,
)
from queue_core.store.results import Outcome
from queue_core.store.rows import load_counter, load_counters, select_tickets
from queue_core.store.site import with_counter_services, write_site


class Store:
    """The queue's durable state. A caller hears of a command only after its commit is on disk."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        policy_factory: Callable[[Site], CallingPolicy] | None = None,
    ) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self._policy_factory = policy_factory or (
            lambda site: PriorityRatioPolicy(
                site.rules.priority_ratio, appointment_rules(site).call_ahead
            )
        )
        self._site: Site | None = None
        self._site_version: str | None = None

    @classmethod
    def open(cls, path: str | Path, autocheckpoint: int = WAL_AUTOCHECKPOINT_PAGES) -> Store:
        return cls(connect(path, autocheckpoint))

    def close(self) -> None:
        self.conn.close()

    # --- the site ---------------------------------------------------------------

    def import_site(
        self,
        toml_text: str,
        now: datetime,
        source: str = "site file",
        logo: bytes | None = None,
        actor: str = "",
    ) -> Site:
        """Load a checked site file (and its board logo) into the database; again, no change.
        ``actor``, when given, goes into the audit log with the import."""
        site, _model = parse_site(toml_text, source)
        with self.transaction() as conn:
            if actor:
                before = self._meta("site_version")
                audit.record(
                    conn, now, actor, "site.import", site.id,
                    None if before is None else {"site_version": before},
                    {"name": site.name, "services": len(site.services),
                     "counters": len(site.counters)},
                    source,
                )  # fmt: skip
            write_site(self.db, site, toml_text, to_db_time(now))
            if logo is None:
                conn.execute("DELETE FROM meta WHERE key = 'board_logo'")
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('board_logo', ?)",
                    (base64.b64encode(logo).decode(),),
                )
        self._site = None
        return site

    def board_logo(self) -> bytes | None:
        """The board logo as it may be served: a PNG, or an SVG cleaned once more (a database
        may hold one imported before logos were cleaned); None without one it can serve."""
        stored = self._meta("board_logo")
        return None if stored is None else usable_logo(base64.b64decode(stored))

    @property
    def site(self) -> Site:
        version = self._meta("site_version")
        if version is None:
            raise StoreError(
                "not_initialised", "The database has no site yet: run `luot-core init` first."
            )
        if self._site is None or version != self._site_version:
            row = self.conn.execute("SELECT toml FROM site_source WHERE id = 1").fetchone()
            parsed, _model = parse_site(row[0], "site stored in the database", stored=True)
            self._site = with_counter_services(self.conn, parsed)
            self._site_version = version
        return self._site

    # --- commands -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``: the write lock is ours from the start."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError("database_busy", f"The database is busy: {exc}") from exc
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def execute(self, command: Command, now: datetime) -> Outcome:
        """Run one command in its own transaction; raise DomainError if refused."""
        outcome = self.execute_many([(command, now)])[0]
        if outcome.error is not None:
            raise outcome.error
        return outcome

    def execute_many(self, batch: Sequence[tuple[Command, datetime]]) -> list[Outcome]:
        """Run commands in one commit (group commit), each in its own savepoint.

        A refused command rolls back to its savepoint and reports its error;
        the others still commit. Nothing is returned before the commit is durable.
        """
        site = self.site
        policy = self._policy_factory(site)
        if len(batch) == 1:
            # A lone command needs no savepoint: refused, its whole transaction rolls back.
            try:
                with self.transaction():
                    return [self._run(site, policy, *batch[0])]
            except DomainError as error:
                return [Outcome(error=error)]
        outcomes: list[Outcome] = []
        with self.transaction():
            for command, now in batch:
                self.conn.execute("SAVEPOINT command")
                try:
                    outcomes.append(self._run(site, policy, command, now))
                except DomainError as error:
                    self._undo_command()
                    outcomes.append(Outcome(error=error))
                    continue
                except BaseException:
                    self._undo_command()
                    raise
                self.conn.execute("RELEASE command")
        return outcomes

    def _run(self, site: Site, policy: CallingPolicy, command: Command, now: datetime) -> Outcome:
        context = handlers.Context(self.conn, site, policy, now)
        if isinstance(command, RecordRestore):
            # day.restored is the first event past the jump in the log, before the end of the
            # backup's day when it was another: the one gap the province accepts starts on it.
            result = handlers.run(context, command)
            handlers.roll_day_if_needed(context)
        else:
            handlers.roll_day_if_needed(context)
            result = handlers.run(context, command)
        # After a restore, the log goes on past every seq the lost database may have given.
        first = command.first_seq if isinstance(command, RecordRestore) else None
        return Outcome(result=result, events=tuple(self._append_events(context.events, first)))

    def _undo_command(self) -> None:
        self.conn.execute("ROLLBACK TO command")
        self.conn.execute("RELEASE command")

    def append_events(self, events: list[Event]) -> list[Event]:
        """Events that no command makes (a dossier import's), added to the log inside the
        caller's ``transaction``; with their seqs."""
        return list(self._append_events(events))

    def _append_events(self, events: list[Event], first_seq: int | None = None) -> Iterator[Event]:
        for index, event in enumerate(events):
            cursor = self.conn.execute(
                "INSERT INTO events(seq, type, at, ticket_id, counter, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    None if first_seq is None else first_seq + index,
                    event.type.value,
                    to_db_time(event.at),
                    None if event.ticket is None else event.ticket.id,
                    event.counter,
                    event_to_json(event),
                ),
            )
            yield Event(
                type=event.type,
                at=event.at,
                ticket=event.ticket,
                counter=event.counter,
                detail=event.detail,
                seq=cursor.lastrowid,
            )

    # --- reads --------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def last_seq(self) -> int:
        row = self.conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        return int(row[0])

    def events_since(self, seq: int, limit: int = 1000) -> list[dict[str, Any]]:
        """Stored event bodies after ``seq``, in order, with their ``seq``."""
        rows = self.conn.execute(
            "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        ).fetchall()
        return [{**json.loads(body), "seq": s} for s, body in rows]

    def stored_events(self, seq: int, limit: int) -> list[tuple[int, str]]:
        """The events after ``seq`` as stored, in order: each row's seq and its body's text (in
        which ``seq`` may be null: the row's is the event's). For the province's shipper, which
        passes them on without parsing them."""
        rows = self.conn.execute(
            "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        ).fetchall()
        return [(int(s), str(body)) for s, body in rows]

    def events_after(self, seq: int) -> int:
        """How many events the log holds after ``seq``."""
        row = self.conn.execute("SELECT count(*) FROM events WHERE seq > ?", (seq,)).fetchone()
        return int(row[0])

    def ticket(self, ticket_id: int) -> Ticket | None:
        found = select_tickets(self.conn, "SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return found[0] if found else None

    def tickets_by_id(self, ids: list[int]) -> list[Ticket]:
        marks = ", ".join("?" * len(ids))
        return select_tickets(self.conn, f"SELECT * FROM tickets WHERE id IN ({marks})", ids)

    def ticket_by_token(self, token: str) -> Ticket | None:
        found = select_tickets(self.conn, "SELECT * FROM tickets WHERE public_token = ?", (token,))
        return found[0] if found else None

    def newest_ticket(self) -> Ticket | None:
        found = select_tickets(self.conn, "SELECT * FROM tickets ORDER BY id DESC LIMIT 1", ())
        return found[0] if found else None

    def tickets(
        self,
        *,
        day: date | None = None,
        between: tuple[date, date] | None = None,
        status: TicketStatus | Collection[TicketStatus] | None = None,
        counter: int | None = None,
        staff: str | None = None,
        called: bool | None = None,
    ) -> list[Ticket]:
        """Tickets in the order issued: of one business day, or of the days ``between`` (the
        first and the last included); in a status, or one of several; last called to a
        counter, or by a clerk; ever called or never. Every ticket when nothing is asked."""
        where: list[str] = []
        params: dict[str, Any] = {}
        if day is not None:
            where.append("business_day = :day")
            params["day"] = day.isoformat()
        if between is not None:
            where.append("business_day BETWEEN :first AND :last")
            params["first"], params["last"] = (d.isoformat() for d in between)
        if status is not None:
            statuses = [status] if isinstance(status, TicketStatus) else list(status)
            names = {f"status{i}": s.value for i, s in enumerate(statuses)}
            where.append(f"status IN ({', '.join(':' + n for n in names) or 'NULL'})")
            params.update(names)
        if counter is not None:
            where.append("counter = :counter")
            params["counter"] = counter
        if staff is not None:
            where.append("staff = :staff")
            params["staff"] = staff
        if called is not None:
            where.append(f"first_called_at IS {'NOT ' if called else ''}NULL")
        sql = f"SELECT * FROM tickets WHERE {' AND '.join(where) or '1'} ORDER BY id"
        return select_tickets(self.conn, sql, params)

    def waiting_for(
        self, counter: int, services: Sequence[str], day: date, limit: int
    ) -> list[Ticket]:
        """The tickets of ``day`` a counter serving ``services`` may call, in the order it
        calls them (the priority ratio aside), at most ``limit``."""
        names = {f"s{i}": service for i, service in enumerate(services)}
        return select_tickets(
            self.conn,
            "SELECT * FROM tickets WHERE status = 'waiting' AND business_day = :day "
            f"AND {lanes.waits_for(len(names))} ORDER BY {lanes.CALLING_ORDER} LIMIT :limit",
            {**names, "day": day.isoformat(), "counter": counter, "limit": limit},
        )

    def live_figures(self, ticket: Ticket) -> tuple[int, int]:
        """People ahead of a waiting ticket and the minutes it should wait (0, 0 otherwise)."""
        live = live_figures(self.conn, self.site, ticket)
        return live.ahead, live.minutes

    def live_wait(self, ticket: Ticket) -> LiveFigures:
        """``live_figures`` with the range of the wait."""
        return live_figures(self.conn, self.site, ticket)

    def live_waits(self, tickets: list[Ticket]) -> dict[int, LiveFigures]:
        """``live_wait`` of many tickets, by id, in a few reads (``live_figures_of_many``)."""
        return live_figures_of_many(self.conn, self.site, tickets)

    def estimates(self, day: date, now: datetime) -> EstimateState:
        """What the estimate reads now for a new normal ticket of ``day``, per service."""
        return estimate_state(self.conn, self.site, day.isoformat(), now)

    def counter_statuses(self) -> list[CounterStatus]:
        return load_counters(self.conn)

    def counter_status(self, number: int) -> CounterStatus:
        return load_counter(self.conn, number)

    def waiting_counts(self, day: date) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT service_id, sum(n) FROM waiting_counts WHERE business_day = ? "
            "GROUP BY service_id",
            (day.isoformat(),),
        ).fetchall()
        return {sid: n for sid, n in rows}

    def issued_today(self, day: date) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT service_id, issued FROM numbering WHERE business_day = ?", (day.isoformat(),)
        ).fetchall()
        return {sid: n for sid, n in rows}

    def closures(self, day: date) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT service_id, reason FROM service_closures WHERE business_day = ?",
            (day.isoformat(),),
        ).fetchall()
        return {sid: reason for sid, reason in rows}

    def notices(self) -> list[str]:
        stored = self._meta("notices")
        return list(self.site.notices) if stored is None else list(json.loads(stored))

    def notices_due(self, now: datetime) -> bool:
        """Whether a scheduled notice should go up or come down now."""
        moment = to_db_time(now)
        row = self.conn.execute(
            "SELECT count(*) FROM scheduled_notices WHERE done = 0 AND "
            "((shown = 0 AND show_at <= ?) OR (hide_at IS NOT NULL AND hide_at <= ?))",
            (moment, moment),
        ).fetchone()
        return bool(row[0])

    def raised_alerts(self) -> list[dict[str, Any]]:
        """The alerts that hold now, oldest first: key, kind, subject, messages, raised_at."""
        rows = self.conn.execute(
            "SELECT key, kind, subject, message, message_en, raised_at FROM alerts "
            "ORDER BY raised_at, key"
        ).fetchall()
        return [
            {
                "key": r[0],
                "kind": r[1],
                "subject": r[2],
                "message": r[3],
                "message_en": r[4],
                "raised_at": from_db_time(r[5]),
            }
            for r in rows
        ]

    def last_restore(self, day: date) -> dict[str, Any] | None:
        """The business day's latest restore from a backup (``day.restored``'s keys, and
        ``at``), or None when there was none that day."""
        stored = self._meta("last_restore")
        if stored is None:
            return None
        restore: dict[str, Any] = json.loads(stored)
        if restore.get("business_day") != day.isoformat():
            return None
        return {**restore, "at": from_db_time(restore["at"])}

    def oldest_waiting(self, day: date) -> dict[str, datetime]:
        """Per service, when the longest-waiting ticket of ``day`` was issued."""
        rows = self.conn.execute(
            "SELECT service_id, min(issued_at) FROM tickets WHERE status = 'waiting' "
            "AND business_day = ? GROUP BY service_id",
            (day.isoformat(),),
        ).fetchall()
        return {sid: from_db_time(at) for sid, at in rows}

    def awaiting_check_in(self, day: date) -> int:
        """Numbers of ``day`` taken by text that wait and are not checked in at a kiosk yet."""
        row = self.conn.execute(
            "SELECT count(*) FROM tickets WHERE status = 'waiting' AND business_day = ? "
            "AND awaiting_check_in = 1",
            (day.isoformat(),),
        ).fetchone()
        return int(row[0])

    def last_activity(self, day: date) -> dict[int, datetime]:
        """When each counter last finished with a ticket of ``day`` (done, no-show, sent on)."""
        rows = self.conn.execute(
            "SELECT counter, max(coalesce(finished_at, called_at)) FROM tickets "
            "WHERE business_day = ? AND counter IS NOT NULL GROUP BY counter",
            (day.isoformat(),),
        ).fetchall()
        return {int(n): from_db_time(at) for n, at in rows if at is not None}

    def average_service_minutes(self, service_id: str) -> float:
        return average_minutes(self.conn, self.site, service_id)

    def recent_calls(self, limit: int) -> list[dict[str, Any]]:
        """The latest ``ticket.called`` and ``ticket.recalled`` event bodies, newest first."""
        rows = self.conn.execute(
            "SELECT seq, body FROM events WHERE type IN ('ticket.called', 'ticket.recalled') "
            "ORDER BY seq DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [{**json.loads(body), "seq": seq} for seq, body in rows]

    def replay_tickets(self) -> dict[int, dict[str, Any]]:
        """The tickets table rebuilt from the event log alone (the last state each event left)."""
        tickets: dict[int, dict[str, Any]] = {}
        for (body,) in self.conn.execute("SELECT body FROM events ORDER BY seq"):
            ticket = json.loads(body).get("ticket")
            if ticket is not None:
                # a body written before a ticket field existed lacks it: as the row, None
                tickets[ticket["id"]] = ticket_to_row(row_to_ticket(ticket))
        return tickets

    def table_tickets(self) -> dict[int, dict[str, Any]]:
        return {t.id: ticket_to_row(t) for t in self.tickets()}

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
