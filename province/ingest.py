"""Taking a centre's batch of events: who the token is, then the batch (checked whole by
``province.batch``) stored in one transaction with what it changes.

The contract (docs/province.md): events are keyed (centre, seq). The province holds every event
of a centre up to its ``acked_seq``; a batch's events at or below it are already held and change
nothing, the rest must go on from ``acked_seq`` + 1 — a batch that starts further on is a gap
(409, nothing stored) — but for the one gap the core's log has: a restore from a backup, where
the log goes on past every seq the lost database may have given, up to a ``day.restored`` whose
``backup_seq`` the province holds. A refused batch stores nothing.

How it is stored, for speed (~600 events/s at peak, a bench of ≥ 20,000/s): per batch, one
transaction under the centre's row lock: the events by COPY into their month's partition, the
tickets they move upserted in one statement, and the figures of the days, services and counters
they touched derived again from those tickets (``province.derive``) — never a round trip per
event, never a recount of all events.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from province import derive
from province.batch import Batch, plan
from province.db import Partitions, month_of
from province.errors import NotAuthenticated, Revoked

__all__ = ["Centre", "Ingestor", "token_hash"]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Centre:
    id: int
    code: str


class Ingestor:
    """The ingest over one database: who a token is, what a centre holds, a batch stored."""

    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        self.partitions = Partitions()
        self._known: dict[str, Centre] = {}
        """Tokens seen, by hash: a token names one centre for good (a revoked one is refused
        under its row lock in ``store``)."""

    def state(self, token: str) -> tuple[str, int]:
        """The token's centre and its acked_seq; the centre is seen now."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "UPDATE centres SET last_seen_at = now() WHERE token_hash = %s "
                "RETURNING code, revoked_at IS NOT NULL, acked_seq",
                (token_hash(token),),
            ).fetchone()
        if row is None:
            raise _unknown()
        if row[1]:
            raise _revoked(row[0])
        return str(row[0]), int(row[2])

    def centre(self, token: str) -> Centre:
        known = self._known.get(token_hash(token))
        if known is not None:
            return known
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT id, code, revoked_at IS NOT NULL FROM centres WHERE token_hash = %s",
                (token_hash(token),),
            ).fetchone()
        if row is None:
            raise _unknown()
        if row[2]:
            raise _revoked(row[1])
        centre = Centre(int(row[0]), str(row[1]))
        self._known[token_hash(token)] = centre
        return centre

    def store(self, centre: Centre, batch: Batch) -> int:
        """Store a checked batch of ``centre``'s; its acked_seq after."""
        event_months = {month_of(event.at) for event in batch.events}
        ticket_months = {
            month_of(event.ticket_key[0]) for event in batch.events if event.ticket_key
        }
        with self.pool.connection() as conn:
            if event_months:
                self.partitions.ensure(conn, "events", event_months)
            if ticket_months:
                self.partitions.ensure(conn, "tickets", ticket_months)
            derive.stage(conn)
            with conn.transaction():
                row = conn.execute(
                    "SELECT acked_seq, revoked_at IS NOT NULL, current_day FROM centres "
                    "WHERE id = %s FOR UPDATE",
                    (centre.id,),
                ).fetchone()
                if row is None:
                    raise _unknown()
                if row[1]:
                    raise _revoked(centre.code)
                acked = int(row[0])
                segments = plan(acked, batch.events)
                if segments:
                    deriver = derive.Deriver(conn, centre.id, row[2])
                    for segment in segments:
                        if segment.restore is not None:
                            deriver.set_aside(segment.restore)
                        deriver.apply(segment.events)
                    acked = segments[-1].events[-1].seq
                    with conn.pipeline():  # the writes of the figures sent without a wait each
                        deriver.finish(acked, max(event.at for event in batch.events))
                else:
                    conn.execute(
                        "UPDATE centres SET last_seen_at = now() WHERE id = %s", (centre.id,)
                    )
        return acked


def _unknown() -> NotAuthenticated:
    return NotAuthenticated(
        "no centre holds this token: give the token `luot-province centre add` printed"
    )


def _revoked(code: object) -> Revoked:
    return Revoked(f"centre {code!r} was revoked at the province; its events are not taken")
