"""The audit log of supervisors' changes: who, when, what, and the state before and after."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_core.domain import (
    CancelBooking,
    CancelTicket,
    ChangeCounterServices,
    Command,
    ResetDay,
    ScheduleNotice,
    SetNotices,
    SetServiceClosed,
    Site,
    WithdrawNotice,
)
from queue_core.store.records import from_db_time, to_db_time


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def record(
    conn: sqlite3.Connection,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    detail: str = "",
) -> None:
    """One audit row, written in the same transaction as the change it describes."""

    def text(state: dict[str, Any] | None) -> str | None:
        return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)

    conn.execute(
        "INSERT INTO audit(at, actor, action, target, detail, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (to_db_time(at), actor, action, target, detail, text(before), text(after)),
    )


def audit_entries(conn: sqlite3.Connection, limit: int = 500) -> list[AuditEntry]:
    """The latest changes first."""
    rows = conn.execute(
        "SELECT id, at, actor, action, target, detail, before, after FROM audit "
        "ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        AuditEntry(
            id=r[0],
            at=from_db_time(r[1]),
            actor=r[2],
            action=r[3],
            target=r[4] or "",
            detail=r[5] or "",
            before=None if r[6] is None else json.loads(r[6]),
            after=None if r[7] is None else json.loads(r[7]),
        )
        for r in rows
    ]


# --- what a command changes, as (action, target, detail) and a small state dict ----------


def counter_services(conn: sqlite3.Connection, site: Site, number: int) -> list[str]:
    """A counter's services now: the console's change if there is one, else the site file's."""
    row = conn.execute(
        "SELECT services FROM counter_services WHERE number = ?", (number,)
    ).fetchone()
    if row is not None:
        return list(json.loads(row[0]))
    counter = site.counter(number)
    return list(counter.services) if counter else []


def current_notices(conn: sqlite3.Connection, site: Site) -> list[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'notices'").fetchone()
    return list(site.notices) if row is None else list(json.loads(row[0]))


def pending_notices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, text, show_at, hide_at, shown FROM scheduled_notices WHERE done = 0 "
        "ORDER BY show_at, id"
    ).fetchall()
    return [
        {"id": r[0], "text": r[1], "show_at": r[2], "hide_at": r[3], "shown": bool(r[4])}
        for r in rows
    ]


def describe(command: Command, site: Site) -> tuple[str, str, str]:
    """The audit's action, target and detail for one command."""
    if isinstance(command, SetServiceClosed):
        action = "service.close" if command.reason is not None else "service.open"
        return action, command.service_id, command.reason or ""
    if isinstance(command, ChangeCounterServices):
        return "counter.services", str(command.counter), ", ".join(command.services)
    if isinstance(command, SetNotices):
        return "notice.set", "notices", " | ".join(command.notices)
    if isinstance(command, ScheduleNotice):

        def when(moment: datetime) -> str:
            return site.local(moment).strftime("%d/%m/%Y %H:%M")

        until = f" → {when(command.hide_at)}" if command.hide_at else ""
        return "notice.schedule", "notices", f"{command.text} ({when(command.show_at)}{until})"
    if isinstance(command, WithdrawNotice):
        return "notice.withdraw", "notices", command.text
    if isinstance(command, CancelTicket):
        return "ticket.cancel", str(command.ticket_id), command.reason
    if isinstance(command, ResetDay):
        return "day.end", "day", command.reason
    if isinstance(command, CancelBooking):
        return "booking.cancel", command.code, command.reason
    return type(command).__name__, "", ""


def state_of(conn: sqlite3.Connection, site: Site, day: str, command: Command) -> dict[str, Any]:
    """The part of the state ``command`` changes, read now (before or after it runs)."""
    if isinstance(command, SetServiceClosed):
        row = conn.execute(
            "SELECT reason FROM service_closures WHERE service_id = ? AND business_day = ?",
            (command.service_id, day),
        ).fetchone()
        return {"closed": row is not None, "reason": row[0] if row else None}
    if isinstance(command, ChangeCounterServices):
        return {"services": counter_services(conn, site, command.counter)}
    if isinstance(command, SetNotices | ScheduleNotice | WithdrawNotice):
        return {
            "notices": current_notices(conn, site),
            "scheduled": [p["text"] for p in pending_notices(conn) if not p["shown"]],
        }
    if isinstance(command, CancelTicket):
        row = conn.execute(
            "SELECT number, status FROM tickets WHERE id = ?", (command.ticket_id,)
        ).fetchone()
        return {"ticket": row[0], "status": row[1]} if row else {"ticket": None}
    if isinstance(command, ResetDay):
        waiting = conn.execute(
            "SELECT count(*) FROM tickets WHERE status IN ('waiting', 'called', 'serving')"
        ).fetchone()[0]
        counters = conn.execute(
            "SELECT count(*) FROM counter_status WHERE state != 'closed'"
        ).fetchone()[0]
        return {"live_tickets": waiting, "counters_not_closed": counters}
    if isinstance(command, CancelBooking):
        row = conn.execute("SELECT status FROM bookings WHERE code = ?", (command.code,)).fetchone()
        return {"booking": command.code, "status": row[0] if row else None}
    return {}
