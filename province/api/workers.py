"""Several server processes on one port (`luot-province serve --workers N`): N processes forked
from the command, each binding the port with SO_REUSEPORT (the kernel spreads the centres'
connections among them) and serving the app under uvicorn with a pool of its own, so that the
reading of batches, which holds one interpreter, runs on every core. The command waits: when it
is told to stop it stops them all, and when one ends the rest are stopped too."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from province.console import ConsoleSettings

__all__ = ["bind", "run_workers", "serve"]


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` that other processes may bind too (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _child(host: str, port: int, serve: Callable[[socket.socket], None]) -> None:
    code = 0
    try:
        serve(bind(host, port))
    except BaseException:  # a worker says why it ended, then ends
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_workers(count: int, host: str, port: int, serve: Callable[[socket.socket], None]) -> int:
    """``serve(socket)`` in ``count`` forked processes; the exit status, once all have ended.
    Nothing may hold a thread or a connection when this is called (they do not survive a
    fork): each worker opens its own."""
    probe = bind(host, port)  # a port taken by another program is said here, once
    children: list[int] = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            probe.close()
            _child(host, port, serve)
        children.append(pid)
    probe.close()

    def stop_all(signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    status = 0
    running = set(children)
    while running:
        try:
            pid, how = os.wait()
        except ChildProcessError:
            break
        running.discard(pid)
        code = os.waitstatus_to_exitcode(how)
        if code not in (0, -signal.SIGTERM):
            status = 1
        stop_all()
    return status


def serve(
    dsn: str, pool_size: int, console: ConsoleSettings, host: str, port: int, workers: int = 1
) -> int:
    """The app served on ``host``:``port`` by ``workers`` processes (this one when 1) until it
    is told to stop; the exit status."""
    import uvicorn

    from province.api.app import create_app
    from province.db import open_pool
    from province.ingest import Ingestor

    def one(sock: socket.socket | None = None) -> None:
        pool = open_pool(dsn, pool_size)
        try:
            app = create_app(Ingestor(pool), console)
            if sock is None:
                uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
            else:
                config = uvicorn.Config(app, log_level="warning", access_log=False)
                uvicorn.Server(config).run(sockets=[sock])
        finally:
            pool.close()

    if workers == 1:
        one()
        return 0
    return run_workers(workers, host, port, one)
