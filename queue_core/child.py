"""`luot-core serve` as a child process on this machine: a free port, its command, start, stop.

The simulator, the demo, the test and bench harnesses and the screenshot tools each run a
core of their own; they start it and end it the same way through this module.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from queue_core.client import CoreClient, CoreUnavailable

LOOPBACK = "127.0.0.1"
START_SECONDS = 30.0
"""How long a core may take to answer after it was started."""
STOP_SECONDS = 10.0
"""How long a core may take to end after SIGTERM before it is killed."""


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
) -> list[str]:
    """``luot-core --db DB [--at AT] serve --host H --port P [--no-mdns] [--speed S]``,
    run by this interpreter so that a child sees the same packages."""
    clock = [] if at is None else ["--at", at.isoformat()]
    options = ["--host", host, "--port", str(port)]
    if not mdns:
        options.append("--no-mdns")
    if speed is not None:
        options += ["--speed", str(speed)]
    return [sys.executable, "-m", "queue_core.cli", "--db", str(db), *clock, "serve", *options]


async def until_answering(
    process: subprocess.Popen[bytes], url: str, seconds: float = START_SECONDS
) -> None:
    """Returns once the core started as ``process`` answers its health at ``url``; raises
    RuntimeError if it exits first, CoreUnavailable if it has not answered in ``seconds``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    async with CoreClient(url, timeout=1.0) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"luot-core serve exited with {process.returncode}")
            try:
                await client.health()
                return
            except CoreUnavailable:
                if loop.time() > deadline:
                    raise
            await asyncio.sleep(0.1)


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
