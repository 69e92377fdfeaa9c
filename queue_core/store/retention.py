"""What is past the site's ``[retention]`` taken out of the database at a business day's end:
dossiers' holder names blanked, ratings' reasons cleared (in the tickets and in the event log),
audit rows deleted, the day's phone numbers for texts deleted; each removal overwritten in the
file, not left in its free pages."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from queue_core.domain import Retention, RetentionLimits, Site, retention_limits
from queue_core.store import audit
from queue_core.store.records import to_db_time
from queue_core.store.texts import forget_phones

REASONS_DAY = "retention_reasons_day"
"""``meta``: the tickets of business days before it hold no rating reason."""
REASONS_SEQ = "retention_reasons_seq"
"""``meta``: the events up to this seq hold no rating reason."""
EVENTS_PER_DAY_END = 100_000
"""The most events one day's end reads for their reasons: about a second on a core PC, inside
the first command of the day. A centre's day is a tenth of it; what a database held before
these rules goes a hundred thousand events a day."""


@dataclass(frozen=True)
class Removed:
    """What one day's end took out."""

    holder_names: int = 0
    rating_reasons: int = 0
    """Tickets whose reason was cleared."""
    rated_events: int = 0
    """``ticket.rated`` events whose reason was cleared."""
    audit_rows: int = 0
    phone_numbers: int = 0
    """Numbers citizens gave for texts, kept for their business day only."""

    def __bool__(self) -> bool:
        return any(
            (self.holder_names, self.rating_reasons, self.rated_events, self.audit_rows,
             self.phone_numbers)
        )  # fmt: skip


def retention_of(site: Site) -> Retention:
    retention = site.extra.get("retention")
    return retention if isinstance(retention, Retention) else Retention()


def remove_expired(conn: sqlite3.Connection, site: Site, now: datetime) -> Removed:
    """Take out what is past its time on the business day of ``now``, inside the caller's
    transaction; when anything went, one audit row says what (never what it said)."""
    kept = retention_limits(
        retention_of(site), site.business_day(now), site.day_reset_hour, site.timezone
    )
    before = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")  # the text removed is zeroed, not left in the file
    try:
        names = _holder_names(conn, kept)
        tickets = _ticket_reasons(conn, kept)
        events = _event_reasons(conn, kept)
        rows = conn.execute("DELETE FROM audit WHERE at < ?", (to_db_time(kept.audit),)).rowcount
        phones = forget_phones(conn, site.business_day(now))
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(before)}")
    removed = Removed(names, tickets, events, rows, phones)
    if removed:
        audit.record(
            conn, now, "core", "retention.remove", "database", None,
            {"holder_names": names, "rating_reasons": tickets, "rated_events": events,
             "audit_rows": rows, "phone_numbers": phones},
            f"holder names before {_day(site, kept.holder_names)}, rating reasons before "
            f"{kept.rating_reasons_day.isoformat()}, audit rows before {_day(site, kept.audit)}, "
            "phone numbers of days before this one",
        )  # fmt: skip
    return removed


def _holder_names(conn: sqlite3.Connection, kept: RetentionLimits) -> int:
    """Blanked when the dossier's last step (``domain.retention.last_step``) is past its time;
    the dossier stays for the figures. The table is small (a centre's dossiers): read whole."""
    return conn.execute(
        "UPDATE dossiers SET holder_name = '' WHERE holder_name != '' AND max(received_at, "
        "coalesce(resolved_at, received_at), coalesce(returned_at, received_at)) < ?",
        (to_db_time(kept.holder_names),),
    ).rowcount


def _ticket_reasons(conn: sqlite3.Connection, kept: RetentionLimits) -> int:
    """The tickets of the days since the last time, by the index on their day: each day's end
    reads one day's tickets, not the whole history."""
    start = _meta(conn, REASONS_DAY) or ""
    until = kept.rating_reasons_day.isoformat()
    if until <= start:
        return 0
    cleared = conn.execute(
        "UPDATE tickets SET rating_reason = NULL WHERE business_day >= ? AND business_day < ? "
        "AND rating_reason IS NOT NULL",
        (start, until),
    ).rowcount
    _set_meta(conn, REASONS_DAY, until)
    return cleared


def _event_reasons(conn: sqlite3.Connection, kept: RetentionLimits) -> int:
    """The ``ticket.rated`` events since the last time, by seq: the reason in the event and in
    the ticket it carries set to null, the rest of the stored text as it was (the shipper cuts
    the public token out of that text). The log is in seq order and its times go forward with
    it, so the events past their time are those before the first that is not: each day's end
    reads that day's events, not the whole log; at most EVENTS_PER_DAY_END of them."""
    done = int(_meta(conn, REASONS_SEQ) or 0)
    window = conn.execute(
        "SELECT max(seq) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)",
        (done, EVENTS_PER_DAY_END),
    ).fetchone()[0]
    if window is None:
        return 0
    first_kept = conn.execute(
        "SELECT seq FROM events WHERE seq > ? AND seq <= ? AND at >= ? ORDER BY seq LIMIT 1",
        (done, window, to_db_time(kept.rating_reasons)),
    ).fetchone()
    end = window if first_kept is None else first_kept[0] - 1
    if end <= done:
        return 0
    cleared = conn.execute(
        "UPDATE events SET body = json_set(body, '$.detail.reason', NULL, "
        "'$.ticket.rating_reason', NULL) WHERE seq > ? AND seq <= ? "
        "AND type = 'ticket.rated' AND json_extract(body, '$.detail.reason') IS NOT NULL",
        (done, end),
    ).rowcount
    _set_meta(conn, REASONS_SEQ, str(end))
    return int(cleared)


def _day(site: Site, moment: datetime) -> str:
    return site.local(moment).date().isoformat()


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
