"""`luot-core serve` as a child process on this machine: a free port, its command, the one wait
until it answers, and its stop.

The demo, the simulator, the tests, the bench and the screenshot tools each run a core of
their own; they start it, wait for it and end it the same way through this module.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import httpx

__all__ = [
    "LOOPBACK",
    "START_SECONDS",
    "STOP_SECONDS",
    "NotAnswering",
    "free_port",
    "serve_command",
    "stop",
    "until_answering",
]

LOOPBACK = "127.0.0.1"
START_SECONDS = 30.0
"""How long a core may take to answer after it was started."""
STOP_SECONDS = 10.0
"""How long a core may take to end after SIGTERM before it is killed."""
POLL_SECONDS = 0.05
"""Between two asks of a starting core's health."""


class NotAnswering(RuntimeError):
    """A core started as a child did not answer: it exited first, or did not in time."""

    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode
        """The exit status when it exited; None when it is still running, silent."""


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on now (the kernel's pick), for a core about to start."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve_command(
    db: Path,
    port: int,
    *,
    host: str = LOOPBACK,
    mdns: bool = False,
    at: datetime | None = None,
    speed: float | None = None,
    tls: bool = False,
    extra: Sequence[str] = (),
) -> list[str]:
    """``luot-core --db DB [--at AT] serve --host H --port P [--no-mdns] [--speed S] [--tls]
    [EXTRA…]``, run by this interpreter so that a child sees the same packages. On loopback the
    core speaks plain HTTP unless ``tls``."""
    clock = [] if at is None else ["--at", at.isoformat()]
    options = ["--host", host, "--port", str(port)]
    if not mdns:
        options.append("--no-mdns")
    if tls:
        options.append("--tls")
    options += extra
    if speed is not None:
        options += ["--speed", str(speed)]
    return [sys.executable, "-m", "queue_core.cli", "--db", str(db), *clock, "serve", *options]


def until_answering(
    process: subprocess.Popen[bytes],
    url: str,
    seconds: float = START_SECONDS,
    verify: ssl.SSLContext | bool = True,
) -> None:
    """Returns once the core started as ``process`` answers its health at ``url``; raises
    NotAnswering when it exits first, or has not answered in ``seconds``. ``verify``: the
    context that trusts an https core's certificate.

    Blocking, so usable from any thread; from async code, ``await asyncio.to_thread(...)``.
    """
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=1.0, trust_env=False, verify=verify) as client:
        while True:
            code = process.poll()
            if code is not None:
                raise NotAnswering(f"luot-core serve exited with {code}", code)
            try:
                if client.get(url.rstrip("/") + "/api/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise NotAnswering(f"luot-core serve did not answer at {url} in {seconds:g} s")
            time.sleep(POLL_SECONDS)


def stop(process: subprocess.Popen[bytes], seconds: float = STOP_SECONDS) -> None:
    """SIGTERM, then SIGKILL if the core has not ended in ``seconds``; nothing if it has."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=seconds)
