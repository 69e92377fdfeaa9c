"""Each centre's dossiers and their figures per business day and agency, from its log's
``dossier.changed`` events (the core logs one for each dossier an import or a pull of the
e-system adds or changes: its code's hash, agency, status, received, due and resolved times),
inside each batch's transaction (``province.derive`` calls ``take``): each dossier's last version
upserted into ``dossiers``, then the (business day, agency) groups it left and joined counted
again (``refresh_dossier_days``, migration 007), as the core's own dossier report counts them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import psycopg

from province.batch import Event

__all__ = ["DOSSIER_CHANGED", "after_restore", "rederive", "take"]

DOSSIER_CHANGED = "dossier.changed"
_FIELDS = ("agency", "status", "received_at", "due_at")
_UPSERT = (
    "INSERT INTO dossiers (centre_id, dossier, agency_id, status, received_at, due_at, "
    "resolved_at, last_seq) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (centre_id, dossier) DO UPDATE SET agency_id = EXCLUDED.agency_id, "
    "status = EXCLUDED.status, received_at = EXCLUDED.received_at, due_at = EXCLUDED.due_at, "
    "resolved_at = EXCLUDED.resolved_at, last_seq = EXCLUDED.last_seq "
    "WHERE dossiers.last_seq < EXCLUDED.last_seq"
)
Version = tuple[Any, ...]
"""A dossier's row after the centre's id (its key first), as ``_UPSERT`` takes it."""


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _version(seq: int, detail: Any) -> Version | None:
    """The dossier's row from an event's detail; None for one the core would not have written
    (not counted, rather than refusing the centre's whole log over it)."""
    if not isinstance(detail, dict):
        return None
    key = detail.get("dossier")
    if (
        not isinstance(key, str)
        or not key
        or any(not isinstance(detail.get(name), str) for name in _FIELDS)
    ):
        return None
    received, due = _moment(detail["received_at"]), _moment(detail["due_at"])
    if received is None or due is None:
        return None
    resolved = _moment(detail.get("resolved_at"))
    return (key[:64], detail["agency"][:64], detail["status"][:32], received, due, resolved, seq)


def _groups(conn: psycopg.Connection, centre_id: int, keys: list[str]) -> set[tuple[date, str]]:
    rows = conn.execute(
        "SELECT business_day, agency_id FROM dossier_groups(%s, %s::text[])", (centre_id, keys)
    ).fetchall()
    return {(day, str(agency)) for day, agency in rows}


def _refresh(conn: psycopg.Connection, centre_id: int, groups: Iterable[tuple[date, str]]) -> None:
    groups = sorted(set(groups))
    if groups:
        conn.execute(
            "SELECT refresh_dossier_days(%s, %s::date[], %s::text[])",
            (centre_id, [day for day, _ in groups], [agency for _, agency in groups]),
        )


def _apply(
    conn: psycopg.Connection,
    centre_id: int,
    versions: dict[str, Version],
    left: set[tuple[date, str]] | None = None,
) -> None:
    """``versions`` upserted; the groups the dossiers were in (``left`` when given: they were
    deleted already) and are in now counted again."""
    keys = sorted(versions)
    before = left if left is not None else _groups(conn, centre_id, keys)
    if keys:
        with conn.cursor() as cur:
            cur.executemany(_UPSERT, [(centre_id, *versions[key]) for key in keys])
        before = before | _groups(conn, centre_id, keys)
    _refresh(conn, centre_id, before)


def take(conn: psycopg.Connection, centre_id: int, events: Sequence[Event]) -> None:
    """What a run of stored events changed of the centre's dossiers; nothing to do for a run
    without any."""
    versions: dict[str, Version] = {}
    for event in events:
        if event.type == DOSSIER_CHANGED:
            version = _version(event.seq, json.loads(event.body).get("detail"))
            if version is not None:
                versions[version[0]] = version
    if versions:
        _apply(conn, centre_id, versions)


def after_restore(conn: psycopg.Connection, centre_id: int, keys: Iterable[str]) -> None:
    """The dossiers of ``keys`` as the events still counted leave them (a restore set aside
    some of their events: the restored core's table lost those changes too)."""
    keys = sorted(set(keys))
    if not keys:
        return
    before = _groups(conn, centre_id, keys)
    conn.execute(
        "DELETE FROM dossiers WHERE centre_id = %s AND dossier = ANY(%s)", (centre_id, keys)
    )
    rows = conn.execute(
        "SELECT DISTINCT ON (body -> 'detail' ->> 'dossier') seq, body -> 'detail' FROM events "
        "WHERE centre_id = %s AND type = %s AND set_aside_by IS NULL "
        "AND body -> 'detail' ->> 'dossier' = ANY(%s) "
        "ORDER BY body -> 'detail' ->> 'dossier', seq DESC",
        (centre_id, DOSSIER_CHANGED, keys),
    ).fetchall()
    versions = {v[0]: v for v in (_version(int(seq), d) for seq, d in rows) if v is not None}
    _apply(conn, centre_id, versions, before)


def rederive(conn: psycopg.Connection, centre_id: int) -> None:
    """Every dossier figure of a centre counted again (its time zone or day's start changed)."""
    keys = [
        str(key)
        for (key,) in conn.execute(
            "SELECT dossier FROM dossiers WHERE centre_id = %s", (centre_id,)
        ).fetchall()
    ]
    conn.execute("DELETE FROM dossier_days WHERE centre_id = %s", (centre_id,))
    _refresh(conn, centre_id, _groups(conn, centre_id, keys))
