"""Several processes issuing for one service on one file never share a number or leave a gap."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from queue_core.domain import IssueTicket
from queue_core.store import Store
from tests.queue_core.conftest import MORNING, open_store

PROCESSES = 4
ISSUES_EACH = 500
SERVICE = "chungthuc_big"

BIG_SITE_EXTRA = """
[[services]]
id = "chungthuc_big"
agency = "stp"
name = "Chứng thực (nhiều số)"
numbers = "5001-9999"

[[counters]]
number = 4
services = ["chungthuc_big"]
"""


def _issue_many(path: str, worker: int, out: multiprocessing.Queue) -> None:
    store = Store.open(path)
    numbers = []
    for _ in range(ISSUES_EACH):
        view = store.execute(IssueTicket(SERVICE), MORNING).result
        numbers.append((view.ticket.service_id, view.ticket.number))  # type: ignore[union-attr]
    store.close()
    out.put(numbers)


def test_four_processes_issue_distinct_numbers_with_gapless_events(tmp_path: Path) -> None:
    from tests.queue_core.conftest import SMALL_SITE

    path = tmp_path / "luot.db"
    open_store(path, SMALL_SITE + BIG_SITE_EXTRA).close()
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = context.Queue()
    workers = [
        context.Process(target=_issue_many, args=(str(path), w, results)) for w in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    acknowledged = [pair for _ in workers for pair in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(acknowledged) == PROCESSES * ISSUES_EACH
    assert len(set(acknowledged)) == PROCESSES * ISSUES_EACH
    store = Store.open(path)
    stored = {(t.service_id, t.number) for t in store.tickets()}
    assert stored == set(acknowledged)
    seqs = [e["seq"] for e in store.events_since(0, limit=10_000)]
    assert seqs == list(range(1, PROCESSES * ISSUES_EACH + 1))
    store.close()
