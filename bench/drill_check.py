"""The drill's verdict: what the load, the boards and the printer saw, held against the
database the core left behind; one line of counts, PASS or FAIL with the reasons."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.drill_boards import BoardLog
from bench.drill_kiosk import CHANNEL, Outcome, PrintLog
from bench.drill_load import Ack

__all__ = ["DrillRecord", "Verdict", "check"]


@dataclass
class DrillRecord:
    """Everything the drill saw from outside the core."""

    issued: int
    acks: list[Ack]
    server_errors: list[str]
    boards: list[BoardLog]
    final_seq: int
    """The last event's seq once the load had stopped; every board must reach it."""
    kills_asked: int = 0
    kills_done: int = 0
    cuts: int = 0
    printer_offline: int = 0
    prints: PrintLog = field(default_factory=PrintLog)
    jobs: list[str] = field(default_factory=list)
    """Fingerprints of the jobs the printer received, whole or not."""
    in_flight: int = 0
    """At most this many tickets may be stored without their 201: requests that were on
    their way when a kill came (the citizen saw an error; the number stays unused)."""


@dataclass
class Verdict:
    counts: dict[str, int]
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures

    def line(self) -> str:
        figures = " ".join(f"{key}={value}" for key, value in self.counts.items())
        if self.passed:
            return f"drill: {figures} verdict=PASS"
        return f"drill: {figures} verdict=FAIL reason={'; '.join(self.failures)}"


@dataclass(frozen=True)
class _Stored:
    tickets: dict[int, tuple[str, str, str, str]]
    """id -> (service as issued, number, business day, channel)"""
    calls: list[tuple[int, int]]
    """(seq, ticket id) of every ticket.called up to the final seq, in seq order."""
    duplicate_numbers: int
    seqs: frozenset[int]
    """Every event's seq up to the final one."""
    transfers: Counter[int]
    """Per ticket, how often it was transferred: each transfer allows one more call."""


def _read(db: Path, final_seq: int) -> _Stored:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, issued_service_id, number, business_day, channel FROM tickets"
        ).fetchall()
        calls = conn.execute(
            "SELECT seq, ticket_id FROM events WHERE type = 'ticket.called' AND seq <= ? "
            "ORDER BY seq",
            (final_seq,),
        ).fetchall()
        (duplicates,) = conn.execute(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM tickets "
            "GROUP BY issued_service_id, business_day, number HAVING n > 1)"
        ).fetchone()
        transfers = conn.execute(
            "SELECT ticket_id FROM events WHERE type = 'ticket.transferred' AND seq <= ?",
            (final_seq,),
        ).fetchall()
        seqs = conn.execute("SELECT seq FROM events WHERE seq <= ?", (final_seq,)).fetchall()
    finally:
        conn.close()
    tickets = {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}
    return _Stored(
        tickets,
        [(s, t) for s, t in calls],
        int(duplicates),
        frozenset(seq for (seq,) in seqs),
        Counter(t for (t,) in transfers),
    )


def _excess(counts: Iterable[int]) -> int:
    return sum(n - 1 for n in counts if n > 1)


class _Checker:
    def __init__(self, record: DrillRecord, stored: _Stored) -> None:
        self.record = record
        self.stored = stored
        self.failures: list[str] = []

    def fail(self, count: int, what: str) -> None:
        if count:
            self.failures.append(f"{count} {what}")

    def tickets(self) -> tuple[int, int, int]:
        """Lost acknowledged tickets, duplicate numbers, tickets stored without their 201."""
        acks = self.record.acks
        lost = [
            a for a in acks if self.stored.tickets.get(a.id, ())[:3] != (a.service, a.number, a.day)
        ]
        self.fail(len(lost), f"acknowledged tickets not stored as answered (first: {lost[:3]})")
        held = _excess(Counter((a.service, a.day, a.number) for a in acks).values())
        self.fail(held, "acknowledged tickets share a number with another of their service and day")
        self.fail(self.stored.duplicate_numbers, "stored tickets share a number")
        unacked = len(self.stored.tickets) - len({a.id for a in acks} & set(self.stored.tickets))
        if unacked > self.record.in_flight:
            self.failures.append(
                f"{unacked} tickets stored without a 201, more than the "
                f"{self.record.in_flight} requests that can have been in flight at the kills"
            )
        return len(lost), held + self.stored.duplicate_numbers, unacked

    def boards(self) -> tuple[int, int, int]:
        """Calls seen (board x call pairs), calls missed, calls seen more than once."""
        calls = self.stored.calls
        transfers = self.stored.transfers
        recalled = sum(1 for t, n in Counter(t for _, t in calls).items() if n > 1 + transfers[t])
        self.fail(recalled, "tickets called again in the log with no transfer between")
        wanted = set(calls)
        seen = missed = dupes = 0
        for number, log in enumerate(self.record.boards, 1):
            got = Counter(log.calls)
            dupes += _excess(got.values())
            seen += len(wanted & set(got))
            missed += len(wanted - set(got))
            self.fail(len(set(got) - wanted), f"calls board {number} saw that the log lacks")
            order = sum(1 for a, b in zip(log.seqs, log.seqs[1:], strict=False) if b <= a)
            self.fail(order, f"events out of seq order at board {number}")
            delivered = set(log.seqs)
            self.fail(
                len(self.stored.seqs - delivered), f"events never delivered to board {number}"
            )
            strays = {s for s in delivered - self.stored.seqs if s <= self.record.final_seq}
            self.fail(len(strays), f"events board {number} got that the log lacks")
            self.fail(log.snapshots, f"snapshots instead of the events at board {number}")
        self.fail(missed, "calls a board never saw")
        self.fail(dupes, "calls a board saw twice")
        return seen, missed, dupes

    def printing(self) -> int:
        """Tickets printed whole exactly once."""
        prints = self.record.prints
        jobs = Counter(self.record.jobs)
        printed = sum(1 for fp in prints.sent.values() if jobs[fp] == 1)
        self.fail(
            sum(1 for fp in prints.sent.values() if jobs[fp] == 0),
            "tickets the kiosk printed that never reached the printer",
        )
        self.fail(_excess(jobs.values()), "jobs the printer received twice")
        stray = sum(n for fp, n in jobs.items() if fp not in set(prints.sent.values()))
        if stray > len(prints.failed):
            self.failures.append(f"{stray} partial jobs for {len(prints.failed)} failed prints")
        mine = {i for i, (*_, channel) in self.stored.tickets.items() if channel == CHANNEL}
        spent = len(mine - {a.id for a in prints.acks})
        if spent > prints.outcomes[Outcome.CORE_AWAY]:
            self.failures.append(
                f"the printing kiosk spent {spent} numbers it never got, with only "
                f"{prints.outcomes[Outcome.CORE_AWAY]} requests lost to the core going away"
            )
        return printed


def check(db: Path, record: DrillRecord) -> Verdict:
    """Hold ``record`` against the database at ``db`` (read only)."""
    stored = _read(db, record.final_seq)
    checker = _Checker(record, stored)
    lost_tickets, dupe_numbers, unacked = checker.tickets()
    seen, missed, dupe_calls = checker.boards()
    printed = checker.printing()
    checker.fail(len(record.server_errors), f"5xx answers (first: {record.server_errors[:1]})")
    if record.kills_done != record.kills_asked:
        checker.failures.append(f"{record.kills_done} kills of {record.kills_asked} asked")
    counts = {
        "issued": record.issued,
        "acknowledged": len(record.acks),
        "stored": len(stored.tickets),
        "unacked": unacked,
        "calls": len(stored.calls),
        "subscribers": len(record.boards),
        "seen": seen,
        "dupes": dupe_numbers + dupe_calls,
        "lost": lost_tickets + missed,
        "5xx": len(record.server_errors),
        "kills": record.kills_done,
        "cuts": record.cuts,
        "printer_offline": record.printer_offline,
        "printed": printed,
        "print_failed": len(record.prints.failed),
        "printer_refused": record.prints.outcomes[Outcome.PRINTER_REFUSED],
    }
    return Verdict(counts, checker.failures)
