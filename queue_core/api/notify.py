"""systemd's notify protocol, without libsystemd: READY, STATUS, STOPPING and the watchdog's pets.

Under ``Type=notify`` systemd hands the service ``$NOTIFY_SOCKET``, a unix datagram socket
(a path, or an abstract name written with a leading ``@``); each datagram is lines of
``KEY=value``. With ``WatchdogSec=`` it also sets ``$WATCHDOG_USEC`` (and ``$WATCHDOG_PID``):
a service that sends no ``WATCHDOG=1`` for that long is killed (SIGABRT) and, with
``Restart=``, started again. Run by hand or in the tests, with neither set, every call here
does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Mapping

log = logging.getLogger("luot.api.notify")

__all__ = ["Notifier", "pet_watchdog"]


class Notifier:
    """Sends notifications to the service manager that started this process, if one did."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self.address = address
        """Where datagrams go: a path, or an abstract name (``"\\0name"``); None: nowhere."""
        self.watchdog_usec = watchdog_usec
        """The watchdog's timeout in microseconds, when systemd expects pets from us."""
        self._socket: socket.socket | None = None
        self._failed = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        """``$NOTIFY_SOCKET`` and ``$WATCHDOG_USEC`` as sd_notify(3) and sd_watchdog_enabled(3)
        read them; a ``$WATCHDOG_PID`` naming another process means the pets are not ours."""
        env = os.environ if environ is None else environ
        return cls(_address(env.get("NOTIFY_SOCKET", "")), _watchdog_usec(env))

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def watchdog_interval(self) -> float | None:
        """Seconds between two pets: half the timeout, as sd_watchdog_enabled(3) recommends."""
        if self.address is None or self.watchdog_usec is None:
            return None
        return self.watchdog_usec / 2_000_000

    def send(self, *lines: str) -> bool:
        """One datagram of ``KEY=value`` lines; False when it could not be sent."""
        if self.address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._socket.sendto("\n".join(lines).encode(), self.address)
        except OSError as exc:
            # The manager went away or the socket is not there: the core serves on regardless.
            # Said once, as a watchdog that is not fed will say the rest.
            if not self._failed:
                self._failed = True
                log.warning("cannot notify systemd at %s: %s", _shown(self.address), exc)
            return False
        return True

    def ready(self, status: str) -> bool:
        return self.send("READY=1", f"STATUS={status}")

    def status(self, status: str) -> bool:
        return self.send(f"STATUS={status}")

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1", "STATUS=stopping")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


async def pet_watchdog(notifier: Notifier, problem: Callable[[], str | None]) -> None:
    """Sends WATCHDOG=1 every half of the watchdog's timeout while ``problem()`` says None.

    It runs on the event loop it guards: a loop blocked by a call that never returns runs
    no pets, so systemd restarts the core. ``problem`` names what else makes the core hung
    though its loop turns (see ``server.writer_problem``); while it does, no pets go out,
    the reason goes to the log and to ``systemctl status``, and a core that recovers in
    time is petted again. Returns at once when systemd expects no pets.
    """
    interval = notifier.watchdog_interval
    if interval is None:
        return
    withheld = False
    while True:
        found = problem()
        if found is None:
            if withheld:
                log.info("the core is well again: the watchdog is petted again")
                notifier.status("serving")
            notifier.watchdog()
        else:
            if not withheld:
                log.error("%s: the watchdog is not petted, so systemd restarts the core", found)
            notifier.status(found)
        withheld = found is not None
        await asyncio.sleep(interval)


def _address(value: str) -> str | None:
    if value.startswith("@"):
        return "\0" + value[1:]  # Linux's abstract namespace
    if value.startswith("/"):
        return value
    if value:  # e.g. vsock: (a VM's manager): not a socket we can reach
        log.warning("$NOTIFY_SOCKET %r is not a unix socket; not notifying systemd", value)
    return None


def _watchdog_usec(env: Mapping[str, str]) -> int | None:
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):  # set for a parent and inherited: not ours to pet
        return None
    with contextlib.suppress(ValueError):
        usec = int(env.get("WATCHDOG_USEC", ""))
        if usec > 0:
            return usec
    return None


def _shown(address: str) -> str:
    return "@" + address[1:] if address.startswith("\0") else address
