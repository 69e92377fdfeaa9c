"""A real `luot-core serve` in a subprocess on 127.0.0.1, over a database of its own, for the
tests and the bench: set up straight in its database, paired and signed in over HTTP.

Use it as a context manager::

    from harness.server import running_core

    with running_core(tmp_path, SITE_TOML, staff=[("lan", "1234", "clerk")]) as core:
        kiosk = core.pair_device("kiosk")          # a device token, through POST /api/v1/pair
        code = core.pairing_code("counter")        # or just a code, for the client to pair with
        core.add_staff("boss", "999999", "supervisor")
        httpx.get(core.base_url + "/api/v1/health")
        core.kill()                                 # SIGKILL, no goodbye
        core.restart()                              # same database, same port

The tests' fixture ``core_server`` (tests/support/server.py) serves their small test site
with this staff. The server runs with ``--no-mdns``; with ``tls=True`` it speaks HTTPS and WSS
on 127.0.0.1 (``serve --tls``) with the certificate in ``tls/`` beside its database, made
before it starts, which ``trust()`` hands a client to pin.
"""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from harness.child import NotAnswering, free_port, serve_command, stop, until_answering
from queue_core.client.tls import Trust
from queue_core.domain import Role
from queue_core.store import DeviceRole, Store, add_staff, create_pairing_code
from queue_core.tls import CertFolder

__all__ = ["DEFAULT_STAFF", "CoreServer", "running_core"]

DEFAULT_STAFF = (("lan", "1234", "clerk"), ("boss", "999999", "supervisor"))
"""A clerk ``lan`` (PIN 1234, for any counter) and a supervisor ``boss`` (PIN 999999: a
supervisor's PIN is 6 to 12 digits)."""


class CoreServer:
    """One core process. ``base_url`` like ``http://127.0.0.1:PORT`` (``https://`` with
    ``tls``); ``ws_url`` for events."""

    def __init__(
        self,
        db_path: Path,
        port: int,
        log_path: Path,
        clock: tuple[datetime, float] | None = None,
        tls: bool = False,
        extra: Sequence[str] = (),
    ) -> None:
        self.db_path = db_path
        self.clock = clock
        """A simulated clock for the core: start and speed (``luot-core --at … serve --speed``)."""
        self.port = port
        self.tls = tls
        self.base_url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        self.ws_url = f"{'wss' if tls else 'ws'}://127.0.0.1:{port}/api/v1/events"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self._listener: str | None = None
        self.extra = tuple(extra)
        """More options for ``serve`` (``--public-port N``…)."""
        self.certificates = CertFolder.beside(db_path)
        """Where the core keeps its key and certificate (``queue_core.tls``)."""

    # --- the process -----------------------------------------------------------------

    def start(self) -> None:
        if self.tls:
            store = self.store()
            try:
                self.certificates.ensure(store.site.id)
            finally:
                store.close()
        with self.log_path.open("ab") as log:
            at, speed = self.clock or (None, None)
            self.process = subprocess.Popen(
                serve_command(
                    self.db_path, self.port, at=at, speed=speed, tls=self.tls, extra=self.extra
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            until_answering(self.process, self.base_url, verify=self.verify())
        except NotAnswering as failed:
            raise NotAnswering(f"{failed}:\n{self.log()}", failed.returncode) from None

    def kill(self) -> None:
        """SIGKILL: the process dies with whatever it had in flight."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not end in 10 s."""
        if self.process is not None:
            stop(self.process)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    # --- its certificate ---------------------------------------------------------------------

    def trust(self) -> Trust:
        """The core's certificate as a device pins it (nothing for a plain HTTP core)."""
        current = self.certificates.current() if self.tls else None
        return Trust() if current is None else Trust((current.pem,))

    def verify(self) -> ssl.SSLContext | bool:
        """What an httpx client of this core verifies its certificate with."""
        trust = self.trust()
        return trust.context() if trust else True

    # --- setting things up, straight in the database --------------------------------------

    def store(self) -> Store:
        """A Store on the server's database (close it); for setup and checks, not for load."""
        return Store.open(self.db_path)

    def business_day(self) -> date:
        """The site's business day now (its time zone and reset hour, not this machine's date),
        as the core files what happens now; a plain core, not one on a simulated clock."""
        store = self.store()
        try:
            return store.site.business_day(datetime.now(UTC))
        finally:
            store.close()

    def pairing_code(
        self,
        role: str = "kiosk",
        name: str = "",
        now: datetime | None = None,
        counter: int | None = None,
    ) -> str:
        """A one-time code made at ``now``: the core's time when it runs on a simulated
        clock (a code from the real clock may have expired there), the real time if None; a
        counter display's names its ``counter``."""
        store = self.store()
        try:
            with store.transaction() as conn:
                code, _ = create_pairing_code(
                    conn,
                    DeviceRole(role),
                    name or f"test {role}",
                    now or datetime.now(UTC),
                    counter,
                )
        finally:
            store.close()
        return code

    def pair_device(
        self,
        role: str = "kiosk",
        name: str = "",
        now: datetime | None = None,
        counter: int | None = None,
    ) -> str:
        """A device token of this role (a counter display's paired to ``counter``), paired
        through the API as a device would."""
        code = self.pairing_code(role, name, now, counter)
        response = httpx.post(
            self.base_url + "/api/v1/pair",
            json={"code": code, "name": name or f"test {role}"},
            verify=self.verify(),
        )
        response.raise_for_status()
        return str(response.json()["token"])

    def listener_token(self) -> str:
        """A board's device token, paired once at the first call: what a test or the bench
        listens to the event stream with (the stream wants a device or a staff session)."""
        if self._listener is None:
            now = self.clock[0] if self.clock is not None else None
            self._listener = self.pair_device("board", "listener", now)
        return self._listener

    def stream_headers(self) -> dict[str, str]:
        """``Authorization`` for the event stream: the listener's token."""
        return {"Authorization": f"Bearer {self.listener_token()}"}

    def add_staff(self, username: str, pin: str, role: str = "clerk", name: str = "") -> None:
        store = self.store()
        try:
            with store.transaction() as conn:
                add_staff(conn, username, name or username.title(), Role(role), pin)
        finally:
            store.close()

    def login(self, username: str, pin: str, counter: int | None) -> str:
        """A staff session token, through POST /api/v1/session."""
        response = httpx.post(
            self.base_url + "/api/v1/session",
            json={"username": username, "pin": pin, "counter": counter},
            verify=self.verify(),
        )
        response.raise_for_status()
        return str(response.json()["token"])


@contextmanager
def running_core(
    directory: Path,
    site_toml: str | None,
    staff: Iterable[tuple[str, str, str]] = DEFAULT_STAFF,
    port: int | None = None,
    clock: tuple[datetime, float] | None = None,
    tls: bool = False,
    extra: Sequence[str] = (),
) -> Iterator[CoreServer]:
    """A database in ``directory`` with this site and staff, served until the block ends.

    ``site_toml=None`` serves the database already there (made by ``luot-core init``).
    ``clock=(start, speed)`` runs the core on a simulated clock from ``start``; ``tls`` serves
    HTTPS and WSS on 127.0.0.1; ``extra``: more options for ``serve``.
    """
    db_path = directory / "luot.db"
    if site_toml is not None:
        store = Store.open(db_path)
        try:
            store.import_site(site_toml, datetime.now(UTC))
        finally:
            store.close()
    server = CoreServer(db_path, port or free_port(), directory / "core.log", clock, tls, extra)
    for username, pin, role in staff:
        server.add_staff(username, pin, role)
    server.start()
    try:
        yield server
    finally:
        server.stop()
