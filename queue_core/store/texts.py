"""Texts to citizens' phones in the database: who asked (their number kept for the business day
only), each text queued, sent or failed with its tries, and the day's counts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.domain.sms import SmsKind, SmsSubscription, retry_after
from queue_core.store.records import to_db_time

__all__ = [
    "REMOTE",
    "QueuedText",
    "ask_for_texts",
    "forget_phones",
    "open_subscriptions",
    "queue_reply",
    "queue_text",
    "remote_tickets_of",
    "text_failed",
    "text_sent",
    "texts_due_now",
    "texts_of_day",
    "ticket_numbered",
]

REMOTE = "sms"
"""``asked_by`` of a ticket its holder took by texting the modem."""


@dataclass(frozen=True)
class QueuedText:
    id: int
    ticket_id: int
    phone: str
    text: str
    attempts: int


def ask_for_texts(
    conn: sqlite3.Connection,
    ticket_id: int,
    day: date,
    phone: str,
    lang: str,
    asked_by: str,
    now: datetime,
) -> None:
    """The holder of ``ticket_id`` is texted at ``phone``; a second number replaces the first
    (the texts already queued for it are not sent again)."""
    conn.execute(
        "INSERT INTO sms_requests (ticket_id, business_day, phone, lang, asked_by, asked_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET phone = excluded.phone, "
        "lang = excluded.lang, asked_by = excluded.asked_by, asked_at = excluded.asked_at",
        (ticket_id, day.isoformat(), phone, lang, asked_by, to_db_time(now)),
    )


def open_subscriptions(conn: sqlite3.Connection, day: date) -> list[SmsSubscription]:
    """The day's requests whose ticket has not been texted its call yet."""
    rows = conn.execute(
        "SELECT ticket_id, phone, lang, near_sent, called_sent FROM sms_requests "
        "WHERE business_day = ? AND phone IS NOT NULL AND called_sent = 0 ORDER BY ticket_id",
        (day.isoformat(),),
    )
    return [SmsSubscription(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in rows]


def queue_text(
    conn: sqlite3.Connection,
    subscription: SmsSubscription,
    kind: SmsKind,
    text: str,
    day: date,
    now: datetime,
) -> None:
    """Queue one text and mark its kind sent for the ticket, in one transaction (the caller's);
    a ``passed`` text stands for the call that never came, and is marked as one."""
    at = to_db_time(now)
    conn.execute(
        "INSERT INTO sms_messages (ticket_id, business_day, phone, kind, text, state, queued_at, "
        "next_try_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
        (subscription.ticket_id, day.isoformat(), subscription.phone, kind.value, text, at, at),
    )
    column = "near_sent" if kind is SmsKind.NEAR else "called_sent"
    conn.execute(
        f"UPDATE sms_requests SET {column} = 1 WHERE ticket_id = ?", (subscription.ticket_id,)
    )


def texts_due_now(conn: sqlite3.Connection, now: datetime, limit: int) -> list[QueuedText]:
    """Queued texts whose time to be tried has come, oldest first."""
    rows = conn.execute(
        "SELECT id, ticket_id, phone, text, attempts FROM sms_messages WHERE state = 'queued' "
        "AND phone IS NOT NULL AND next_try_at <= ? ORDER BY id LIMIT ?",
        (to_db_time(now), limit),
    )
    return [QueuedText(*row) for row in rows]


def text_sent(conn: sqlite3.Connection, text_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE sms_messages SET state = 'sent', attempts = attempts + 1, sent_at = ?, "
        "last_error = NULL WHERE id = ?",
        (to_db_time(now), text_id),
    )


def text_failed(
    conn: sqlite3.Connection, text: QueuedText, now: datetime, error: str, attempts: int
) -> bool:
    """Record a failed try; whether the text is given up (``attempts`` tries made) rather than
    queued again after ``retry_after``."""
    tried = text.attempts + 1
    given_up = tried >= attempts
    conn.execute(
        "UPDATE sms_messages SET state = ?, attempts = ?, last_error = ?, next_try_at = ? "
        "WHERE id = ?",
        (
            "failed" if given_up else "queued",
            tried,
            error[:500],
            to_db_time(now + retry_after(tried)),
            text.id,
        ),
    )
    return given_up


def texts_of_day(conn: sqlite3.Connection, day: date) -> dict[str, int]:
    """How many of the day's texts are queued, sent, failed (every state present, 0 or more),
    and how many tickets asked for them."""
    counts = {"queued": 0, "sent": 0, "failed": 0}
    for state, count in conn.execute(
        "SELECT state, COUNT(*) FROM sms_messages WHERE business_day = ? GROUP BY state",
        (day.isoformat(),),
    ):
        counts[state] = count
    (asked,) = conn.execute(
        "SELECT COUNT(*) FROM sms_requests WHERE business_day = ?", (day.isoformat(),)
    ).fetchone()
    return {**counts, "asked": asked}


def forget_phones(conn: sqlite3.Connection, day: date) -> int:
    """Delete the phone numbers of business days before ``day`` (what was texted stays as a
    count); texts of those days still queued are dropped. How many numbers went."""
    before = day.isoformat()
    conn.execute(
        "UPDATE sms_messages SET state = 'failed', last_error = 'dropped at the day''s end' "
        "WHERE state = 'queued' AND business_day < ?",
        (before,),
    )
    conn.execute(
        "UPDATE sms_messages SET phone = NULL WHERE business_day < ? AND phone IS NOT NULL",
        (before,),
    )
    return conn.execute(
        "UPDATE sms_requests SET phone = NULL WHERE business_day < ? AND phone IS NOT NULL",
        (before,),
    ).rowcount


def queue_reply(
    conn: sqlite3.Connection, phone: str, text: str, ticket_id: int, day: date, now: datetime
) -> None:
    """Queue the answer to a citizen's text (``ticket_id`` 0 when it names no ticket)."""
    at = to_db_time(now)
    conn.execute(
        "INSERT INTO sms_messages (ticket_id, business_day, phone, kind, text, state, queued_at, "
        "next_try_at) VALUES (?, ?, ?, 'reply', ?, 'queued', ?, ?)",
        (ticket_id, day.isoformat(), phone, text, at, at),
    )


def remote_tickets_of(conn: sqlite3.Connection, day: date, phone: str) -> int:
    """How many numbers ``phone`` took by text on ``day``."""
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM sms_requests WHERE business_day = ? AND phone = ? AND asked_by = ?",
        (day.isoformat(), phone, REMOTE),
    ).fetchone()
    return int(count)


def ticket_numbered(conn: sqlite3.Connection, day: date, number: str) -> int | None:
    """The id of ``day``'s ticket numbered ``number`` (the last issued, should two share it)."""
    row = conn.execute(
        "SELECT id FROM tickets WHERE business_day = ? AND number = ? ORDER BY id DESC LIMIT 1",
        (day.isoformat(), number),
    ).fetchone()
    return None if row is None else int(row[0])
