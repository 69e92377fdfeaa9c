"""The reliability drill: a small run passes with its faults done, and its checker fails on
each kind of loss (a drill that cannot fail proves nothing)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.drill_boards import BoardLog
from bench.drill_check import DrillRecord, check
from bench.drill_core import site_toml
from bench.drill_kiosk import PrintLog
from bench.drill_load import Ack
from queue_core.domain import (
    CallNext,
    CounterState,
    IssueTicket,
    SetCounterState,
    StartService,
    Transfer,
)
from queue_core.store import Store

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^drill: (?P<figures>.*) verdict=(?P<verdict>PASS|FAIL)(?: reason=.*)?$", re.M)


def figures(output: str) -> tuple[dict[str, int], str]:
    match = LINE.search(output)
    assert match, output
    pairs = (pair.split("=") for pair in match["figures"].split())
    return {key: int(value) for key, value in pairs}, match["verdict"]


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(["--load", "sim", "--tickets", "150", "--rate", "10"], id="simulator"),
        pytest.param(["--load", "own", "--tickets", "150"], id="own-load"),
    ],
)
def test_a_small_drill_passes_after_kills_cuts_and_the_printer_off(
    tmp_path: Path, load: list[str]
) -> None:
    size = ["--kills", "2", "--subscribers", "5", "--seed", "7"]
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "drill.py"),
            *load,
            *size,
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    counts, verdict = figures(result.stdout)
    assert (result.returncode, verdict) == (0, "PASS"), result.stdout + result.stderr[-3000:]
    assert counts["kills"] == 2
    assert counts["lost"] == counts["dupes"] == counts["5xx"] == 0
    assert counts["acknowledged"] >= 150
    assert counts["stored"] == counts["acknowledged"] + counts["unacked"]
    assert counts["calls"] > 0 and counts["seen"] == counts["calls"] * 5
    assert counts["cuts"] > 0 and counts["printer_offline"] == 3
    assert counts["printed"] > 0


# --- the checker, on a real database and an honest record, then each kind of loss -----------


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DrillRecord]:
    """Four tickets issued, three called, the third sent to the front of another service and
    called again; the record of a drill in which nothing went wrong."""
    db = tmp_path_factory.mktemp("drill") / "drill.db"
    now = datetime.now(UTC)
    store = Store.open(db)
    try:
        store.import_site(site_toml(2), now)
        store.execute(SetCounterState(1, CounterState.OPEN, "clerk1"), now).unwrap()
        for service in ("ho-tich", "ly-lich", "ho-tich", "ly-lich"):
            store.execute(IssueTicket(service), now).unwrap()
        for _ in range(3):
            store.execute(CallNext(1), now).unwrap()
            store.execute(StartService(1), now).unwrap()
        store.execute(Transfer(1, to_service="chung-thuc"), now).unwrap()
        store.execute(CallNext(1), now).unwrap()
        tickets = store.tickets()
        final = store.last_seq()
        calls = [
            (e["seq"], e["ticket"]["id"])
            for e in store.events_since(0, 1000)
            if e["type"] == "ticket.called"
        ]
    finally:
        store.close()
    acks = [Ack(t.id, t.issued_service_id, t.number, t.business_day.isoformat()) for t in tickets]
    board = BoardLog(seqs=list(range(1, final + 1)), calls=calls)
    prints = PrintLog(acks=acks[:1], sent={acks[0].id: "job-1"})
    record = DrillRecord(
        issued=4,
        acks=acks,
        server_errors=[],
        boards=[board, replace(board)],
        final_seq=final,
        kills_asked=1,
        kills_done=1,
        prints=prints,
        jobs=["job-1"],
    )
    return db, record


def test_the_checker_passes_an_honest_record(hall: tuple[Path, DrillRecord]) -> None:
    db, record = hall
    verdict = check(db, record)
    assert verdict.passed, verdict.line()
    assert verdict.counts["calls"] == 4 and verdict.counts["seen"] == 8
    assert verdict.line().endswith(
        "lost=0 5xx=0 kills=1 cuts=0 printer_offline=0 printed=1 "
        "print_failed=0 printer_refused=0 verdict=PASS"
    )


def _lost_ticket(r: DrillRecord) -> DrillRecord:
    return replace(r, acks=[*r.acks, Ack(999, "ho-tich", "300099", r.acks[0].day)])


def _renumbered(r: DrillRecord) -> DrillRecord:
    first = r.acks[0]
    return replace(r, acks=[replace(first, number="300777"), *r.acks[1:]])


def _same_number_twice(r: DrillRecord) -> DrillRecord:
    return replace(r, acks=[*r.acks, r.acks[0]])


def _call_seen_twice(r: DrillRecord) -> DrillRecord:
    board = r.boards[0]
    return replace(r, boards=[replace(board, calls=[*board.calls, board.calls[0]]), r.boards[1]])


def _call_missed(r: DrillRecord) -> DrillRecord:
    board = r.boards[1]
    missed = board.calls[1][0]
    seqs = [s for s in board.seqs if s != missed]
    calls = [c for c in board.calls if c[0] != missed]
    return replace(r, boards=[r.boards[0], replace(board, seqs=seqs, calls=calls)])


def _out_of_order(r: DrillRecord) -> DrillRecord:
    board = r.boards[0]
    return replace(r, boards=[replace(board, seqs=board.seqs[::-1]), r.boards[1]])


def _server_error(r: DrillRecord) -> DrillRecord:
    return replace(r, server_errors=["POST /api/v1/tickets: HTTP 500"])


def _kill_missing(r: DrillRecord) -> DrillRecord:
    return replace(r, kills_asked=2)


def _printed_twice(r: DrillRecord) -> DrillRecord:
    return replace(r, jobs=["job-1", "job-1"])


def _never_printed(r: DrillRecord) -> DrillRecord:
    return replace(r, jobs=[])


def _stored_without_a_201(r: DrillRecord) -> DrillRecord:
    return replace(r, acks=r.acks[:-1])  # and no request was in flight at a kill


def _partial_job(r: DrillRecord) -> DrillRecord:
    return replace(r, jobs=[*r.jobs, "half a ticket"])  # with no print that failed


def _snapshot_instead_of_events(r: DrillRecord) -> DrillRecord:
    return replace(r, boards=[replace(r.boards[0], snapshots=1), r.boards[1]])


def _call_the_log_lacks(r: DrillRecord) -> DrillRecord:
    board = r.boards[1]
    return replace(r, boards=[r.boards[0], replace(board, calls=[*board.calls, (999, 999)])])


@pytest.mark.parametrize(
    ("defect", "reason", "count"),
    [
        (_lost_ticket, "not stored as answered", ("lost", 1)),
        (_renumbered, "not stored as answered", ("lost", 1)),
        (_same_number_twice, "share a number", ("dupes", 1)),
        (_call_seen_twice, "calls a board saw twice", ("dupes", 1)),
        (_call_missed, "calls a board never saw", ("lost", 1)),
        (_out_of_order, "out of seq order", ("lost", 0)),
        (_server_error, "5xx answers", ("5xx", 1)),
        (_kill_missing, "1 kills of 2 asked", ("kills", 1)),
        (_printed_twice, "jobs the printer received twice", ("printed", 0)),
        (_never_printed, "never reached the printer", ("printed", 0)),
        (_stored_without_a_201, "1 tickets stored without a 201", ("unacked", 1)),
        (_partial_job, "1 partial jobs for 0 failed prints", ("printed", 1)),
        (_snapshot_instead_of_events, "snapshots instead of the events at board 1", ("lost", 0)),
        (_call_the_log_lacks, "calls board 2 saw that the log lacks", ("dupes", 0)),
    ],
)
def test_the_checker_fails_on_each_loss(
    hall: tuple[Path, DrillRecord],
    defect: Callable[[DrillRecord], DrillRecord],
    reason: str,
    count: tuple[str, int],
) -> None:
    db, record = hall
    verdict = check(db, defect(record))
    assert not verdict.passed
    assert reason in verdict.line(), verdict.line()
    assert verdict.counts[count[0]] == count[1], verdict.line()
    assert verdict.line().startswith("drill: issued=") and "verdict=FAIL reason=" in verdict.line()


def test_the_checker_fails_on_a_call_repeated_in_the_log(
    hall: tuple[Path, DrillRecord], tmp_path: Path
) -> None:
    """A ticket called twice with no transfer between is a duplicate call by the core."""
    db, record = hall
    copy = tmp_path / "drill.db"
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute("UPDATE events SET type = 'ticket.recalled' WHERE type = 'ticket.transferred'")
    conn.close()
    verdict = check(copy, record)
    assert not verdict.passed
    assert "1 tickets called again in the log with no transfer between" in verdict.line()
