"""A process killed with SIGKILL loses no ticket it had reported committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from queue_core.store import Store
from tests.queue_core.conftest import open_store

CHILD = """
import sys
from datetime import timedelta
from queue_core.domain import IssueTicket
from queue_core.store import Store
from tests.queue_core.conftest import MORNING

store = Store.open(sys.argv[1])
i = 0
while True:
    view = store.execute(IssueTicket("datdai"), MORNING + timedelta(milliseconds=i)).result
    print(view.ticket.id, view.ticket.number, flush=True)
    i += 1
"""


def test_sigkill_loses_no_reported_ticket(tmp_path: Path) -> None:
    path = tmp_path / "luot.db"
    open_store(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    reported: list[tuple[int, str]] = []
    deadline = time.monotonic() + 30
    while len(reported) < 300 and time.monotonic() < deadline:
        ticket_id, number = child.stdout.readline().split()
        reported.append((int(ticket_id), number))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert len(reported) >= 300

    store = Store.open(path)
    assert store.integrity_check() == "ok"
    stored = {(t.id, t.number) for t in store.tickets()}
    assert set(reported) <= stored
    seqs = [e["seq"] for e in store.events_since(0, limit=10_000)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(stored) == len(seqs)  # one ticket.issued per stored ticket, no more, no less
    store.close()
