"""The launcher's processes, real ones: stopped apps first then the core, killed when they do not
end in time; a process that stops by itself is named and the watch ends."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from demo import launcher
from demo.children import Child, Running, start, stop_all
from demo.hall import Hall
from queue_core.store import Store

OBEYS = (
    "import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
    "print('up', flush=True)\nwhile True: time.sleep(0.05)"
)
IGNORES_TERM = (
    "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('up', flush=True)\nwhile True: time.sleep(0.05)"
)


def child(tmp_path: Path, name: str, code: str) -> Child:
    return Child(name, f"the {name}", (sys.executable, "-c", code), tmp_path / f"{name}.log")


def started(item: Running) -> Running:
    deadline = time.monotonic() + 20
    while "up" not in item.child.log.read_text():
        assert time.monotonic() < deadline and not item.ended
        time.sleep(0.02)
    return item


def test_each_is_stopped_and_one_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    core = started(start(child(tmp_path, "core", OBEYS)))
    stubborn = started(start(child(tmp_path, "board", IGNORES_TERM)))
    lines = stop_all([core, stubborn], grace_s=0.5)
    assert lines == ["board killed after 0.5 s", "core ended"]
    assert core.ended and stubborn.ended


def test_the_watch_names_a_process_that_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hall = Hall(tmp_path / "var", 8470, headless=True, autopilot=False)
    store = Store.open(tmp_path / "luot.db")
    kiosk = started(start(child(tmp_path, "kiosk", OBEYS)))
    dying = started(start(child(tmp_path, "counter-1", "print('up')")))
    try:
        launcher._watch(hall, [kiosk, dying], store)  # returns once one has stopped
    finally:
        store.close()
    said = capsys.readouterr().err
    assert "the counter-1 (counter-1) stopped with exit code 0" in said
    assert "Stopping the rest." in said
    assert not kiosk.ended
    assert stop_all([kiosk, dying]) == ["kiosk ended", "counter-1 ended"]
