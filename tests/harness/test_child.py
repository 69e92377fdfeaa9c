"""A core as a child process: waited for until it answers (from a thread or from async code),
reported when it ends or stays silent, and stopped even when it will not end."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from harness.child import NotAnswering, free_port, serve_command, stop, until_answering
from queue_core.store import Store
from tests.queue_core.conftest import SMALL_SITE


def test_a_core_is_waited_for_until_it_answers_then_stopped(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    store = Store.open(db)
    store.import_site(SMALL_SITE, datetime.now(UTC))
    store.close()
    port = free_port()
    process = subprocess.Popen(serve_command(db, port), stderr=subprocess.DEVNULL)
    try:
        asyncio.run(asyncio.to_thread(until_answering, process, f"http://127.0.0.1:{port}"))
        assert process.poll() is None
    finally:
        stop(process)
    assert process.returncode != -signal.SIGKILL  # SIGTERM sufficed: it was not killed


def test_a_core_that_ends_before_answering_is_reported(tmp_path: Path) -> None:
    port = free_port()
    command = serve_command(tmp_path / "no-site.db", port)
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    with pytest.raises(NotAnswering, match="exited") as failed:
        until_answering(process, f"http://127.0.0.1:{port}")
    assert failed.value.returncode not in (None, 0)


def test_a_silent_process_is_given_up_on_in_time() -> None:
    silent = [sys.executable, "-c", "import time; time.sleep(60)"]
    process = subprocess.Popen(silent)
    try:
        with pytest.raises(NotAnswering, match="did not answer") as failed:
            until_answering(process, f"http://127.0.0.1:{free_port()}", seconds=0.3)
        assert failed.value.returncode is None
    finally:
        stop(process)


def test_a_process_deaf_to_sigterm_is_killed() -> None:
    deaf = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print(1, flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", deaf], stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline()  # SIGTERM is ignored now
    stop(process, seconds=0.5)
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL
