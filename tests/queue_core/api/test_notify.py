"""The core under systemd's notify protocol: READY once it answers, a watchdog petted from its
event loop while the loop turns and the writer turns, STOPPING when it stops.

The test plays systemd: it binds the unix datagram socket named by ``$NOTIFY_SOCKET`` and
reads what the core sends. No assertion is on how soon anything arrives: each says what
arrives, or what does not, over a window many times the watchdog's interval.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from harness.child import free_port, serve_command
from queue_core.api.notify import Notifier
from queue_core.api.server import LuotServer
from tests.queue_core.conftest import open_store

WATCHDOG_USEC = 400_000
"""0.4 s: a pet every 0.2 s."""
WINDOW = 3.0
"""Seconds a test watches for pets, or for their absence: fifteen intervals."""
GIVE_UP = 30.0
"""Seconds after which something expected is taken not to come (never reached when it works)."""
READY = "READY=1"
PET = "WATCHDOG=1"
STOPPING = "STOPPING=1"


class Systemd:
    """The test's end of ``$NOTIFY_SOCKET``: a unix datagram socket, abstract or on a path."""

    def __init__(self, path: Path | None = None) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if path is None:
            name = f"luot-test-{uuid.uuid4().hex}"
            self.sock.bind("\0" + name)
            self.address = "@" + name
        else:
            self.sock.bind(str(path))
            self.address = str(path)

    def next(self, seconds: float = GIVE_UP) -> list[str] | None:
        """The next datagram's lines, or None if none came in ``seconds``."""
        self.sock.settimeout(seconds)
        try:
            return self.sock.recv(4096).decode().split("\n")
        except TimeoutError:
            return None

    def until(self, wanted: str, seconds: float = GIVE_UP) -> list[list[str]]:
        """Every datagram up to the first with a line starting ``wanted`` (which must come)."""
        deadline = time.monotonic() + seconds
        got: list[list[str]] = []
        while not got or not any(line.startswith(wanted) for line in got[-1]):
            lines = self.next(max(deadline - time.monotonic(), 0.001))
            assert lines is not None, f"no {wanted} in {seconds:g} s; got {got}"
            got.append(lines)
        return got

    def within(self, seconds: float) -> list[list[str]]:
        """Every datagram that arrives in the next ``seconds``."""
        deadline = time.monotonic() + seconds
        got: list[list[str]] = []
        while (left := deadline - time.monotonic()) > 0:
            lines = self.next(left)
            if lines is not None:
                got.append(lines)
        return got

    def drain(self) -> list[list[str]]:
        """What was sent already and not read yet."""
        self.sock.setblocking(False)
        got: list[list[str]] = []
        try:
            while True:
                got.append(self.sock.recv(4096).decode().split("\n"))
        except BlockingIOError:
            return got
        finally:
            self.sock.setblocking(True)

    def close(self) -> None:
        self.sock.close()


def pets(datagrams: list[list[str]]) -> int:
    return sum(PET in lines for lines in datagrams)


@pytest.fixture
def systemd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Systemd]:
    listener = Systemd()
    monkeypatch.setenv("NOTIFY_SOCKET", listener.address)
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_USEC))
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield listener
    listener.close()


def health(port: int) -> int:
    return httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=10).status_code


# --- the protocol itself -----------------------------------------------------------------------


def test_nothing_is_sent_without_a_notify_socket() -> None:
    notifier = Notifier.from_environment({"WATCHDOG_USEC": "400000"})
    assert not notifier.enabled
    assert notifier.watchdog_interval is None
    assert notifier.ready("serving") is False
    assert notifier.watchdog() is False


def test_the_environment_is_read_as_sd_notify_reads_it(caplog: pytest.LogCaptureFixture) -> None:
    abstract = Notifier.from_environment({"NOTIFY_SOCKET": "@luot", "WATCHDOG_USEC": "30000000"})
    assert abstract.address == "\0luot"
    assert abstract.watchdog_interval == 15.0
    on_path = Notifier.from_environment({"NOTIFY_SOCKET": "/run/systemd/notify"})
    assert on_path.address == "/run/systemd/notify"
    assert on_path.watchdog_interval is None  # no WatchdogSec=: no pets
    # WATCHDOG_PID names the process the pets are for; another's (inherited) is not ours
    others = {"NOTIFY_SOCKET": "@luot", "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "1"}
    assert Notifier.from_environment(others).watchdog_interval is None
    ours = {**others, "WATCHDOG_PID": str(os.getpid())}
    assert Notifier.from_environment(ours).watchdog_interval == 0.2
    with caplog.at_level(logging.WARNING, logger="luot.api.notify"):
        vsock = Notifier.from_environment({"NOTIFY_SOCKET": "vsock:2:1234"})
    assert not vsock.enabled
    assert "not a unix socket" in caplog.text


def test_a_notifier_sends_to_a_socket_on_a_path(tmp_path: Path) -> None:
    listener = Systemd(tmp_path / "notify")
    try:
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": listener.address})
        assert notifier.ready("serving on 0.0.0.0:8470")
        assert notifier.stopping()
        notifier.close()
        assert listener.drain() == [
            ["READY=1", "STATUS=serving on 0.0.0.0:8470"],
            ["STOPPING=1", "STATUS=stopping"],
        ]
    finally:
        listener.close()


def test_a_missing_socket_is_said_once_and_changes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = Notifier.from_environment({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    with caplog.at_level(logging.WARNING, logger="luot.api.notify"):
        assert notifier.ready("serving") is False
        assert notifier.watchdog() is False
    notifier.close()
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        f"cannot notify systemd at {tmp_path / 'gone'}"
    ]


# --- `luot-core serve` as systemd runs it ---------------------------------------------------


def test_luot_core_serve_is_ready_once_it_answers_then_petted_then_stopping(
    tmp_path: Path, systemd: Systemd
) -> None:
    db = tmp_path / "luot.db"
    open_store(db).close()
    port = free_port()
    with (tmp_path / "core.log").open("wb") as log:
        process = subprocess.Popen(
            serve_command(db, port), stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ)
        )
    try:
        first = systemd.next()
        assert first is not None and first[0] == READY, first
        assert first[1] == f"STATUS=serving http on 127.0.0.1:{port}"
        assert health(port) == 200  # ready means answering: asked once, straight away
        assert pets(systemd.within(WINDOW)) >= 3
        process.send_signal(signal.SIGTERM)
        after = systemd.until(STOPPING)
        # uvicorn ends by raising the signal it caught again: systemd counts that as clean
        assert process.wait(timeout=GIVE_UP) in (0, -signal.SIGTERM)
        assert systemd.drain() == []  # it has ended: nothing after STOPPING
        assert all(READY not in lines for lines in after)  # ready once
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- a hung core: its loop blocked, its writer stuck or ended ---------------------------------


@contextmanager
def core_on_a_thread(tmp_path: Path, writer_stall: float) -> Iterator[CoreOnThread]:
    """``LuotServer.serve_core`` in this process, on its own thread's event loop, which the
    test can block; ended as a SIGTERM would end it (``should_exit``)."""
    db = tmp_path / "luot.db"
    open_store(db).close()
    core = CoreOnThread(LuotServer(db, "127.0.0.1", free_port(), writer_stall=writer_stall))
    core.thread.start()
    try:
        yield core
    finally:
        core.server.should_exit = True
        core.thread.join(timeout=GIVE_UP)
        assert not core.thread.is_alive(), "the core did not stop"
        core.loop.close()


class CoreOnThread:
    def __init__(self, server: LuotServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_until_complete, args=(server.serve_core(mdns=False),)
        )

    @property
    def port(self) -> int:
        return self.server.config.port

    def on_loop(self, call: Callable[[], Any]) -> None:
        self.loop.call_soon_threadsafe(call)


def test_a_blocked_event_loop_is_not_petted(tmp_path: Path, systemd: Systemd) -> None:
    with core_on_a_thread(tmp_path, writer_stall=60.0) as core:
        first = systemd.next()
        assert first is not None and first[0] == READY
        assert health(core.port) == 200
        assert pets(systemd.within(WINDOW)) >= 3

        blocked, release = threading.Event(), threading.Event()

        def block() -> None:  # a call that hangs the loop, as a bug would
            blocked.set()
            release.wait(GIVE_UP)

        core.on_loop(block)
        assert blocked.wait(GIVE_UP)
        systemd.drain()  # pets sent before the loop was blocked
        assert systemd.within(WINDOW) == []  # fifteen intervals, not one pet
        with pytest.raises(httpx.TimeoutException):  # and indeed it answers nobody
            httpx.get(f"http://127.0.0.1:{core.port}/api/v1/health", timeout=0.5)

        release.set()
        assert systemd.until(PET)  # a loop that turns again is petted again
        core.server.should_exit = True
        assert systemd.until(STOPPING)
        core.thread.join(timeout=GIVE_UP)
    assert pets(systemd.drain()) == 0  # no pet after STOPPING


def test_a_stuck_writer_is_not_petted(
    tmp_path: Path, systemd: Systemd, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="luot.api.notify")
    with core_on_a_thread(tmp_path, writer_stall=2.0) as core:
        assert systemd.until(READY)
        assert pets(systemd.within(WINDOW)) >= 3

        stuck, release = threading.Event(), threading.Event()

        def commit_that_hangs(_store: object, _now: object) -> None:
            stuck.set()
            release.wait(GIVE_UP)

        core.on_loop(lambda: core.server.app.runtime.writer.transaction(commit_that_hangs))
        assert stuck.wait(GIVE_UP)
        systemd.until("STATUS=the writer thread has not turned for")
        meanwhile = systemd.within(WINDOW)
        assert pets(meanwhile) == 0  # the loop turns, but no pet while the writer hangs
        assert all(lines[0].startswith("STATUS=the writer thread") for lines in meanwhile)
        assert health(core.port) == 200  # reads still answer: only the pets tell the hang
        assert "the writer thread has not turned for" in caplog.text

        release.set()  # the commit ends: the writer turns again, and so do the pets
        assert pets(systemd.until("STATUS=serving")) == 0
        assert systemd.until(PET)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_ended_writer_is_not_petted(
    tmp_path: Path, systemd: Systemd, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="luot.api.notify")
    with core_on_a_thread(tmp_path, writer_stall=60.0) as core:
        assert systemd.until(READY)
        assert pets(systemd.within(WINDOW)) >= 3

        def a_bug_past_every_except(_store: object, _now: object) -> None:
            raise SystemExit  # not an Exception: it ends the writer's thread, silently

        core.on_loop(lambda: core.server.app.runtime.writer.transaction(a_bug_past_every_except))
        systemd.until("STATUS=the writer thread has ended")
        assert pets(systemd.within(WINDOW)) == 0
        assert health(core.port) == 200
    assert "the writer thread has ended: the watchdog is not petted" in caplog.text
