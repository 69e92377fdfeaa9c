"""Client tests: the asyncio backend and a small real HTTP server in a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from starlette.applications import Starlette

from harness.child import free_port
from tests.support.server import core_server  # noqa: F401  (the real core, for end-to-end tests)

LOOPBACK = ["127.0.0.1"]
"""Zeroconf bound to the loopback interface only: nothing leaves the machine."""
_END = b"-----END CERTIFICATE-----\n"


def certificate_alone(pem: bytes) -> str:
    """The certificate of ``queue_core.tls.make_certificate``'s PEM, without its key: what a
    device keeps."""
    return (pem.split(_END)[0] + _END).decode()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def serve_app() -> Iterator[Callable[[Starlette], str]]:
    """Start an ASGI app under uvicorn on 127.0.0.1 and a free port; returns its root URL."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Starlette) -> str:
        port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server did not start")
            threading.Event().wait(0.01)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(10)
