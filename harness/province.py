"""A province service beside the code that needs one (the tests, the bench, the demo): its
database made and migrated on a PostgreSQL of ``harness.postgres``, a centre registered, and
`luot-province serve` as a child process — or, for the tests, on a thread of this process — and
a core's events shipped to it as the contract says (docs/province.md)::

    with running_postgres() as pg:
        dsn = migrated_database(pg, "province")
        token = add_centre(dsn, "hcc-tinh", "Trung tâm tỉnh")
        with serving_in_thread(dsn) as url:                 # or running_province(dsn)
            with httpx.Client() as client:
                post_batch(client, url, token, "hcc-tinh", events)
"""

from __future__ import annotations

import contextlib
import gzip
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import httpx
import orjson
import uvicorn

from harness.child import LOOPBACK, free_port, stop
from harness.postgres import PostgresServer
from province import centres
from province.api import create_app
from province.console import ConsoleSettings
from province.db import apply, connect, open_pool
from province.ingest import Ingestor

__all__ = [
    "add_centre",
    "for_province",
    "migrated_database",
    "post_batch",
    "running_province",
    "serving_in_thread",
    "ship",
    "start_province",
]

START_SECONDS = 30.0


def migrated_database(pg: PostgresServer, name: str, template: str = "template0") -> str:
    """A new database on ``pg`` with the province's schema; its connection string."""
    dsn = pg.create_database(name, template)
    with connect(dsn) as conn:
        apply(conn)
    return dsn


def add_centre(dsn: str, code: str, name: str, site: Path | None = None) -> str:
    """A centre registered (and its site file taken); its token."""
    with connect(dsn) as conn:
        token = centres.add(conn, code, name)
        if site is not None:
            centres.load_site_file(conn, code, site)
    return token


def _wait(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + START_SECONDS
    with httpx.Client(timeout=1.0, trust_env=False) as client:
        while True:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"luot-province serve exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if client.get(url + "/api/v1/health").status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the province did not answer at {url} in {START_SECONDS} s")
            time.sleep(0.02)


@contextlib.contextmanager
def serving_in_thread(
    dsn: str, pool_size: int = 4, console: ConsoleSettings | None = None
) -> Iterator[str]:
    """The province's app under uvicorn on a thread of this process, on 127.0.0.1; its base
    URL. Stopped, and its pool closed, at the end. ``console``: the console's settings (its
    clock, its limits)."""
    pool = open_pool(dsn, pool_size)
    port = free_port()
    config = uvicorn.Config(
        create_app(Ingestor(pool), console),
        host=LOOPBACK,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="province-server", daemon=True)
    thread.start()
    url = f"http://{LOOPBACK}:{port}"
    try:
        _wait(url)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=START_SECONDS)
        pool.close()


def start_province(
    dsn: str, port: int, log: IO[bytes] | None = None, *options: str
) -> subprocess.Popen[bytes]:
    """`luot-province serve` as a child process on 127.0.0.1:``port`` (with ``options`` of
    serve's), once it answers; the process, for the caller to stop (``harness.child.stop``) or
    kill."""
    command = [sys.executable, "-m", "province", "--dsn", dsn, "serve", "--port", str(port)]
    out = log if log is not None else subprocess.DEVNULL
    process = subprocess.Popen([*command, *options], stdout=out, stderr=out)
    try:
        _wait(f"http://{LOOPBACK}:{port}", process)
    except BaseException:
        stop(process)
        raise
    return process


@contextlib.contextmanager
def running_province(dsn: str, log_path: Path | None = None, *options: str) -> Iterator[str]:
    """`luot-province serve` as a child process on 127.0.0.1, with ``options`` of serve's; its
    base URL. Stopped at the end."""
    port = free_port()
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(open(log_path, "ab")) if log_path else None
        process = start_province(dsn, port, log, *options)
        try:
            yield f"http://{LOOPBACK}:{port}"
        finally:
            stop(process)


def for_province(event: dict[str, Any]) -> dict[str, Any]:
    """A core's stored event as the contract ships it: without the ticket's public_token."""
    ticket = event.get("ticket")
    if isinstance(ticket, dict) and "public_token" in ticket:
        event = {**event, "ticket": {k: v for k, v in ticket.items() if k != "public_token"}}
    return event


def post_batch(
    client: httpx.Client,
    url: str,
    token: str,
    centre: str,
    events: Sequence[dict[str, Any]],
) -> httpx.Response:
    """``POST /api/v1/ingest`` of ``events`` as they are (gzip JSON)."""
    body = gzip.compress(orjson.dumps({"centre": centre, "events": list(events)}), 1)
    return client.post(
        url + "/api/v1/ingest",
        content=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )


def ship(
    client: httpx.Client,
    url: str,
    token: str,
    centre: str,
    events: Sequence[dict[str, Any]],
    batch: int = 2000,
) -> int:
    """What a core's shipper does: ask what the province holds, send the events after it in
    batches of at most ``batch``; the province's acked_seq at the end."""
    state = client.get(url + "/api/v1/ingest/state", headers={"Authorization": f"Bearer {token}"})
    state.raise_for_status()
    acked = int(state.json()["acked_seq"])
    todo = [for_province(e) for e in events if int(e["seq"]) > acked]
    for start in range(0, len(todo), batch):
        answer = post_batch(client, url, token, centre, todo[start : start + batch])
        answer.raise_for_status()
        acked = int(answer.json()["acked_seq"])
    return acked
