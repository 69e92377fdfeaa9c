"""Issue 20, point 9: a paired app trusts only the core it pinned. A machine posing as the core
(advertising the core's own zeroconf record, fingerprint and all) is passed over by discovery,
learns nothing from the app (not a byte past the TLS handshake), and the app says on screen that
another machine answers, then finds its own core again."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from harness.child import free_port
from queue_core.client import Backoff, Board, ConnectionState, CoreClient, Trust, Via, discover
from queue_core.discovery import advertise
from queue_core.tls import make_certificate
from tests.queue_core.client.conftest import LOOPBACK, certificate_alone
from tests.support.server import CoreServer, running_core
from ui_common import CoreBridge
from ui_common.live import LiveConnection
from ui_common.texts import Lang, tr
from ui_common.timings import Timings
from ui_common.widgets import ReconnectBanner

WAIT = 20_000
WITHIN = 5.0
FAST = Timings(
    retry=Backoff(initial=0.05, maximum=0.2, jitter=0.0),
    refresh_ms=50,
    poll_ms=100,
    rediscover_after_polls=3,
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Impostor:
    """A TLS listener on 127.0.0.1 with a certificate of its own, counting what it is sent."""

    url: str
    pem: str
    connections: int = 0
    received: bytearray = field(default_factory=bytearray)


@pytest.fixture
def impostor(tmp_path: Path) -> Iterator[Impostor]:
    both = make_certificate("impostor")
    chain = tmp_path / "impostor.pem"
    chain.write_bytes(both)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    posing = Impostor(f"https://127.0.0.1:{port}", certificate_alone(both))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            posing.connections += 1
            raw.settimeout(2.0)
            with contextlib.suppress(OSError), context.wrap_socket(raw, server_side=True) as tls:
                while chunk := tls.recv(65536):
                    posing.received += chunk
            raw.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield posing
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@pytest.fixture
def tls_core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, tls=True) as core:
        yield core


def pinned(core: CoreServer) -> Trust:
    with contextlib.closing(socket.create_connection(("127.0.0.1", core.port))) as raw:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with context.wrap_socket(raw) as tls:
            der = tls.getpeercert(binary_form=True)
    assert der is not None
    return Trust((ssl.DER_cert_to_PEM_cert(der),))


@pytest.mark.anyio
async def test_discovery_passes_over_a_machine_that_copied_the_cores_record(
    impostor: Impostor, caplog: pytest.LogCaptureFixture
) -> None:
    ours = Trust((certificate_alone(make_certificate("ours")),))
    site, port = f"test-{uuid.uuid4().hex[:10]}", int(impostor.url.rsplit(":", 1)[1])
    fallback = f"https://10.9.9.9:{free_port()}"
    async with advertise(site, "Trung tâm giả", port, interfaces=LOOPBACK,
                         cert_sha256=ours.fingerprints[0]):  # fmt: skip
        with caplog.at_level(logging.WARNING, logger="queue_core.client.locate"):
            found = await discover(WITHIN, site, fallback, interfaces=LOOPBACK, trust=ours)
        assert (found.via, found.url) == (Via.CONFIG, fallback)
        assert f"advertised at {impostor.url} does not show the certificate" in caplog.text
        assert impostor.connections >= 1 and impostor.received == b""
        # the same record, to a device that also trusts the certificate the listener shows:
        # found, so it is the handshake that told the two apart
        both = Trust((*ours.certificates, impostor.pem))
        found = await discover(WITHIN, site, fallback, interfaces=LOOPBACK, trust=both)
        assert (found.via, found.url) == (Via.ZEROCONF, impostor.url)


def test_the_app_says_another_machine_answers_then_finds_its_core(
    qtbot: QtBot, tls_core: CoreServer, impostor: Impostor, caplog: pytest.LogCaptureFixture
) -> None:
    trust = pinned(tls_core)
    bridge = CoreBridge(impostor.url, tls_core.listener_token(), trust=trust)
    finder_calls: list[int] = []

    async def finder() -> str:
        finder_calls.append(1)
        return tls_core.base_url

    async def read_board(core: CoreClient) -> Board:
        return await core.board()

    live = LiveConnection(bridge, read_board, lambda board: board.seq, timings=FAST)
    banner = ReconnectBanner(Lang.VI)
    live.state_changed.connect(banner.show_state)
    caplog.set_level(logging.WARNING, logger="ui_common")
    try:
        live.start()
        qtbot.waitUntil(lambda: live.state is ConnectionState.NOT_TRUSTED, timeout=WAIT)
        assert not banner.isHidden()
        assert banner.title.text() == tr("core_not_trusted", Lang.VI)
        assert banner.title.text() == "Một máy khác đang trả lời thay máy chủ"
        assert banner.detail.text().endswith("Vui lòng báo kỹ thuật viên.")
        banner.set_lang(Lang.EN)
        assert banner.title.text() == "Another machine is answering in the server's place"
        assert impostor.connections >= 1
        assert impostor.received == b"", "the token reached the impostor"

        live.finder = finder  # the LAN is searched again after a run of refused reads
        qtbot.waitUntil(lambda: live.state is ConnectionState.CONNECTED, timeout=WAIT)
        assert finder_calls and bridge.base_url == tls_core.base_url
        assert f"core moved: {impostor.url} -> {tls_core.base_url}" in caplog.text
        assert banner.isHidden() and banner.title.text() == tr("reconnecting", Lang.EN)
        assert impostor.received == b""
    finally:
        live.stop()
        bridge.close()
