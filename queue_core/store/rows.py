"""Tickets and counters' status, read from and written to their tables inside a command."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_core.domain import CounterState, CounterStatus, NotFound, Ticket
from queue_core.store.records import TICKET_COLUMNS, row_to_ticket, ticket_to_row, to_db_time

_INSERT_TICKET = (
    f"INSERT INTO tickets({', '.join(TICKET_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in TICKET_COLUMNS)})"
)


_UPDATE_TICKET = (
    "UPDATE tickets SET "
    + ", ".join(f"{c} = :{c}" for c in TICKET_COLUMNS if c != "id")
    + " WHERE id = :id"
)


def select_tickets(conn: sqlite3.Connection, sql: str, params: Any) -> list[Ticket]:
    conn.row_factory = sqlite3.Row
    try:
        return [row_to_ticket(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.row_factory = None


def load_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket:
    found = select_tickets(conn, "SELECT * FROM tickets WHERE id = ?", (ticket_id,))
    if not found:
        raise NotFound("unknown_ticket", f"There is no ticket {ticket_id}.", field="ticket")
    return found[0]


def save_ticket(conn: sqlite3.Connection, ticket: Ticket) -> None:
    conn.execute(_UPDATE_TICKET, ticket_to_row(ticket))


def insert_ticket(conn: sqlite3.Connection, ticket: Ticket) -> None:
    conn.execute(_INSERT_TICKET, ticket_to_row(ticket))


def load_counter(conn: sqlite3.Connection, number: int) -> CounterStatus:
    row = conn.execute(
        "SELECT number, state, ticket_id, staff, priority_streak, since FROM counter_status "
        "WHERE number = ?",
        (number,),
    ).fetchone()
    if row is None:
        raise NotFound("unknown_counter", f"There is no counter {number}.", field="counter")
    return _counter_from_row(row)


def load_counters(conn: sqlite3.Connection) -> list[CounterStatus]:
    rows = conn.execute(
        "SELECT number, state, ticket_id, staff, priority_streak, since FROM counter_status "
        "ORDER BY number"
    ).fetchall()
    return [_counter_from_row(r) for r in rows]


def _counter_from_row(row: tuple[Any, ...]) -> CounterStatus:
    number, state, ticket_id, staff, streak, since = row
    return CounterStatus(
        number=number,
        state=CounterState(state),
        ticket_id=ticket_id,
        staff=staff,
        priority_streak=streak or 0,
        since=None if since is None else datetime.fromisoformat(since),
    )


def save_counter(conn: sqlite3.Connection, status: CounterStatus) -> None:
    conn.execute(
        "UPDATE counter_status SET state = ?, ticket_id = ?, staff = ?, priority_streak = ?, "
        "since = ? WHERE number = ?",
        (
            status.state.value,
            status.ticket_id,
            status.staff,
            status.priority_streak,
            None if status.since is None else to_db_time(status.since),
            status.number,
        ),
    )
