"""Each centre's own alerts, as its log raised and cleared them: the core's console raises an
alert (a backup failed or stale, a kiosk out of paper, a device lost, a counter paused or idle,
the shipping refused or down, a wait past its target) once as ``alert.raised`` and clears it once
as ``alert.cleared``, each with ``detail.key``, ``kind``, ``subject``, ``message`` and
``message_en``. The province keeps the ones raised now in ``centre_alerts``, one row per key,
inside each batch's transaction (``province.derive`` calls ``take``), and reads the keys a
restore set aside again from the events kept (``after_restore``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import psycopg

from province.batch import Event

__all__ = ["ALERT_TYPES", "after_restore", "take"]

RAISED, CLEARED = "alert.raised", "alert.cleared"
ALERT_TYPES = (RAISED, CLEARED)

_UPSERT = (
    "INSERT INTO centre_alerts (centre_id, key, kind, subject, message, message_en, raised_at, "
    "seq) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (centre_id, key) DO UPDATE SET "
    "kind = EXCLUDED.kind, subject = EXCLUDED.subject, message = EXCLUDED.message, "
    "message_en = EXCLUDED.message_en, raised_at = EXCLUDED.raised_at, seq = EXCLUDED.seq"
)


def _text(value: Any, longest: int = 500) -> str:
    return value[:longest] if isinstance(value, str) else ""


def _latest(
    rows: Iterable[tuple[int, str, datetime, dict[str, Any]]],
) -> dict[str, tuple[int, str, datetime, dict[str, Any]]]:
    """Per key, its last event (seq, type, at, detail) of ``rows`` in seq order."""
    out: dict[str, tuple[int, str, datetime, dict[str, Any]]] = {}
    for seq, kind, at, detail in rows:
        key = detail.get("key")
        if isinstance(key, str) and key:
            out[key[:200]] = (seq, kind, at, detail)
    return out


def _apply(
    conn: psycopg.Connection,
    centre_id: int,
    latest: dict[str, tuple[int, str, datetime, dict[str, Any]]],
) -> None:
    cleared = [key for key, (_seq, kind, _at, _d) in latest.items() if kind != RAISED]
    raised = [
        (
            centre_id,
            key,
            _text(detail.get("kind"), 64),
            _text(detail.get("subject"), 200) or None,
            _text(detail.get("message")),
            _text(detail.get("message_en")),
            at,
            seq,
        )
        for key, (seq, kind, at, detail) in sorted(latest.items())
        if kind == RAISED
    ]
    with conn.cursor() as cur:
        if cleared:
            cur.execute(
                "DELETE FROM centre_alerts WHERE centre_id = %s AND key = ANY(%s)",
                (centre_id, cleared),
            )
        if raised:
            cur.executemany(_UPSERT, raised)


def take(conn: psycopg.Connection, centre_id: int, events: Sequence[Event]) -> None:
    """What a run of stored events raised and cleared; nothing to do for a run without any."""
    rows = []
    for event in events:
        if event.type in ALERT_TYPES:
            detail = json.loads(event.body).get("detail")
            if isinstance(detail, dict):
                rows.append((event.seq, event.type, event.at, detail))
    if rows:
        _apply(conn, centre_id, _latest(rows))


def after_restore(conn: psycopg.Connection, centre_id: int, keys: Iterable[str]) -> None:
    """The alerts of ``keys`` as the events still counted leave them (a restore set aside some
    of their events)."""
    keys = sorted(set(keys))
    if not keys:
        return
    conn.execute(
        "DELETE FROM centre_alerts WHERE centre_id = %s AND key = ANY(%s)", (centre_id, keys)
    )
    rows = conn.execute(
        "SELECT DISTINCT ON (body -> 'detail' ->> 'key') seq, type, at, body -> 'detail' "
        "FROM events WHERE centre_id = %s AND type IN ('alert.raised', 'alert.cleared') "
        "AND set_aside_by IS NULL AND body -> 'detail' ->> 'key' = ANY(%s) "
        "ORDER BY body -> 'detail' ->> 'key', seq DESC",
        (centre_id, keys),
    ).fetchall()
    _apply(conn, centre_id, _latest(sorted((r[0], r[1], r[2], r[3]) for r in rows)))
