"""Who changed what at the province: each change (a centre added or revoked, its site file given, a
staff account added, disabled or given a new password) written in the same transaction as the
change, by the console's forms and the CLI's commands alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

__all__ = ["CLI", "Entry", "entries", "record"]

CLI = "cli"
"""The actor of a change made with `luot-province` on the server."""


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    action: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def record(
    conn: psycopg.Connection,
    actor: str,
    action: str,
    target: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: datetime | None = None,
) -> None:
    """One change; ``at`` None: the database's now."""
    conn.execute(
        "INSERT INTO audit (at, actor, action, target, before, after) "
        "VALUES (coalesce(%s, now()), %s, %s, %s, %s, %s)",
        (
            at,
            actor,
            action,
            target,
            None if before is None else Jsonb(before),
            None if after is None else Jsonb(after),
        ),
    )


def entries(conn: psycopg.Connection, limit: int = 500) -> list[Entry]:
    """The newest changes first."""
    rows = conn.execute(
        "SELECT at, actor, action, target, before, after FROM audit "
        "ORDER BY at DESC, id DESC LIMIT %s",
        (limit,),
    ).fetchall()
    return [Entry(*row) for row in rows]
