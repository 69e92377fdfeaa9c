"""The hall's processes: each started with its own log, watched, and stopped (terminate, wait,
kill after a grace period) with the apps before the core."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Child", "Running", "start", "stop_all", "tail"]

STOP_GRACE_S = 8.0
"""How long a process may take to end after SIGTERM before it is killed."""


@dataclass(frozen=True)
class Child:
    name: str
    """Short and unique: ``core``, ``kiosk``, ``counter-1``, ``display-1``, ``board``."""
    title: str
    """What it is, for people: ``the clerk's panel of counter 1``."""
    argv: tuple[str, ...]
    log: Path
    env: Mapping[str, str] = field(default_factory=dict)
    """Added to the launcher's environment."""
    ready_file: Path | None = None
    """Created by the app once it is at work (``--ready-file``); None for the core."""


@dataclass
class Running:
    child: Child
    process: subprocess.Popen[bytes]
    started: float

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def ended(self) -> bool:
        return self.process.poll() is not None

    @property
    def ready(self) -> bool:
        ready_file = self.child.ready_file
        return ready_file is not None and ready_file.exists()


def start(child: Child) -> Running:
    """Start ``child`` in a session of its own, so a Ctrl-C in the terminal reaches only the
    launcher, which then stops each process in order."""
    child.log.parent.mkdir(parents=True, exist_ok=True)
    if child.ready_file is not None:
        child.ready_file.unlink(missing_ok=True)
    with child.log.open("ab") as log:
        log.write(f"--- {child.name} started by luot-demo at {time.ctime()}\n".encode())
        log.flush()
        process = subprocess.Popen(
            child.argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **child.env},
            start_new_session=True,
        )
    return Running(child, process, time.monotonic())


def stop_all(running: Sequence[Running], grace_s: float = STOP_GRACE_S) -> list[str]:
    """Stop the apps together, then the core; one line per process saying how it ended."""
    apps = [r for r in running if r.child.name != "core"]
    cores = [r for r in running if r.child.name == "core"]
    return _stop(apps, grace_s) + _stop(cores, grace_s)


def _stop(group: Sequence[Running], grace_s: float) -> list[str]:
    for item in group:
        if not item.ended:
            item.process.terminate()
    deadline = time.monotonic() + grace_s
    lines = []
    for item in group:
        try:
            code = item.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            # uvicorn ends its graceful shutdown by raising the signal it caught again
            clean = code == 0 or (code == -signal.SIGTERM and item.child.name == "core")
            how = "ended" if clean else f"ended with exit code {code}"
        except subprocess.TimeoutExpired:
            item.process.kill()
            item.process.wait()
            how = f"killed after {grace_s:g} s"
        lines.append(f"{item.child.name} {how}")
    return lines


def tail(path: Path, lines: int = 8) -> str:
    """The last lines of a log, to say why a process stopped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
