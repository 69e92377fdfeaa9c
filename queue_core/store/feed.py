"""Reads of the event log for boards: the latest calls, as stored bodies."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def recent_calls(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    """The latest ``ticket.called`` and ``ticket.recalled`` event bodies, newest first."""
    rows = conn.execute(
        "SELECT seq, body FROM events WHERE type IN ('ticket.called', 'ticket.recalled') "
        "ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [{**json.loads(body), "seq": seq} for seq, body in rows]
