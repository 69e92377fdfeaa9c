"""A GSM modem at the far end of a pseudo-terminal, answering the AT commands of text mode as a
real one does (echo until ATE0, the SIM's state, the network, the '> ' prompt, UCS2 in hex), for
tests and the demo: what it was sent, and messages put in its inbox."""

from __future__ import annotations

import os
import re
import select
import threading
import time
import tty
from dataclasses import dataclass, field

__all__ = ["FakeModem", "Sent"]

_CMGS = re.compile(r'^AT\+CMGS="([^"]*)"$')


@dataclass(frozen=True)
class Sent:
    phone: str
    text: str
    charset: str


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _unhex(data: str) -> str:
    return bytes.fromhex(data).decode("utf-16-be")


@dataclass
class FakeModem:
    """``sim``: "READY", "SIM PIN" or "missing"; ``network``: the +CREG stat ("1" home,
    "5" roaming, "0" none); ``refuse``: a +CMS ERROR code every message gets, or None;
    ``silent``: answers nothing at all (a modem hung or unplugged)."""

    sim: str = "READY"
    network: str = "1"
    refuse: str | None = None
    silent: bool = False
    sent: list[Sent] = field(default_factory=list)
    inbox: list[tuple[str, str]] = field(default_factory=list)
    """(sender, text) the modem holds, as received from the network."""
    commands: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._echo, self._charset = True, "GSM"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-modem", daemon=True)
        self._thread.start()

    # --- what a test sees -------------------------------------------------------------------

    def wait_sent(self, count: int, seconds: float = 20.0) -> list[Sent]:
        """The messages sent once there are ``count`` (or after ``seconds``: the test's
        assertions then say what is missing)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with self._lock:
                if len(self.sent) >= count:
                    return list(self.sent)
            time.sleep(0.02)
        with self._lock:
            return list(self.sent)

    def receive(self, sender: str, text: str) -> None:
        with self._lock:
            self.inbox.append((sender, text))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self.master)
        os.close(self.slave)

    # --- the modem ----------------------------------------------------------------------------

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                pending += os.read(self.master, 65536)
            except OSError:
                continue  # EIO while nobody holds the port open
            if self.silent:
                pending = b""
                continue
            while b"\r" in pending:
                raw, pending = pending.split(b"\r", 1)
                command = raw.decode("ascii", "replace").strip()
                if self._echo:
                    self._write(raw + b"\r")
                if command:
                    pending = self._answer(command, pending)

    def _write(self, data: bytes) -> None:
        os.write(self.master, data)

    def _say(self, *lines: str) -> None:
        self._write(b"".join(f"\r\n{line}\r\n".encode() for line in lines))

    def _answer(self, command: str, pending: bytes) -> bytes:
        with self._lock:
            self.commands.append(command)
        upper = command.upper()
        if upper == "ATE0":
            self._echo = False
            self._say("OK")
        elif upper == "AT+CPIN?":
            if self.sim == "missing":
                self._say("+CME ERROR: 10")
            else:
                self._say(f"+CPIN: {self.sim}", "OK")
        elif upper == "AT+CREG?":
            self._say(f"+CREG: 0,{self.network}", "OK")
        elif upper == "AT+CSQ":
            self._say("+CSQ: 18,99", "OK")
        elif upper.startswith("AT+CSCS="):
            self._charset = command.split("=", 1)[1].strip('"')
            self._say("OK")
        elif (match := _CMGS.match(command)) is not None:
            return self._take_message(match[1], pending)
        elif upper == 'AT+CMGL="ALL"':
            self._list()
        elif upper.startswith("AT+CMGD="):
            index = int(command.split("=", 1)[1])
            with self._lock:
                if 0 <= index < len(self.inbox):
                    self.inbox[index] = ("", "")
            self._say("OK")
        else:  # AT, AT+CMGF=1, AT+CSMP=..., and whatever else a modem accepts
            self._say("OK")
        return pending

    def _take_message(self, number: str, pending: bytes) -> bytes:
        self._write(b"\r\n> ")
        end = time.monotonic() + 10
        while b"\x1a" not in pending and time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                pending += os.read(self.master, 65536)
        body, _, rest = pending.partition(b"\x1a")
        ucs2 = self._charset == "UCS2"
        text = body.decode("ascii", "replace")
        phone, text = (_unhex(number), _unhex(text)) if ucs2 else (number, text)
        if self.refuse is not None:
            self._say(f"+CMS ERROR: {self.refuse}")
            return rest
        with self._lock:
            self.sent.append(Sent(phone, text, self._charset))
            reference = len(self.sent)
        self._say(f"+CMGS: {reference}", "OK")
        return rest

    def _list(self) -> None:
        ucs2 = self._charset == "UCS2"
        lines: list[str] = []
        with self._lock:
            held = [(i, s, t) for i, (s, t) in enumerate(self.inbox) if s]
        for index, sender, text in held:
            shown_sender, shown_text = (_hex(sender), _hex(text)) if ucs2 else (sender, text)
            lines += [f'+CMGL: {index},"REC UNREAD","{shown_sender}",,"26/12/04,09:00:00+28"',
                      shown_text]  # fmt: skip
        self._say(*lines, "OK")
