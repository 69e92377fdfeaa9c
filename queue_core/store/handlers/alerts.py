"""The console's alerts: each raised once while it holds, cleared once when it stops."""

from __future__ import annotations

from typing import Any

from queue_core.domain import Alert, EventType, SyncAlerts
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.records import to_db_time


def _alert_detail(alert: Alert) -> dict[str, Any]:
    return {
        "key": alert.key,
        "kind": alert.kind,
        "subject": alert.subject,
        "message": alert.message,
        "message_en": alert.message_en,
    }


def _sync_alerts(ctx: Context, cmd: SyncAlerts) -> int:
    """Raise the alerts not yet raised, clear those that no longer hold: each event once."""
    stored = {
        r[0]: r
        for r in ctx.conn.execute(
            "SELECT key, kind, subject, message, message_en FROM alerts"
        ).fetchall()
    }
    wanted = {a.key: a for a in cmd.alerts}
    for key, alert in wanted.items():
        if key not in stored:
            ctx.conn.execute(
                "INSERT INTO alerts(key, kind, subject, message, message_en, raised_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    alert.kind,
                    alert.subject,
                    alert.message,
                    alert.message_en,
                    to_db_time(ctx.now),
                ),
            )
            ctx.emit(EventType.ALERT_RAISED, **_alert_detail(alert))
        elif stored[key][3:] != (alert.message, alert.message_en):
            ctx.conn.execute(  # the same alert, its figures moved on: no new event
                "UPDATE alerts SET message = ?, message_en = ? WHERE key = ?",
                (alert.message, alert.message_en, key),
            )
    for key, row in stored.items():
        if key not in wanted:
            ctx.conn.execute("DELETE FROM alerts WHERE key = ?", (key,))
            ctx.emit(
                EventType.ALERT_CLEARED,
                key=key,
                kind=row[1],
                subject=row[2],
                message=row[3],
                message_en=row[4],
            )
    return len(wanted)


HANDLERS: dict[type, Handler] = {SyncAlerts: _sync_alerts}
