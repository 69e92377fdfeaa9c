"""The LED line display over a serial port: its URL, its one ASCII framing, and the driver.

Selected by a URL like the printers'::

    serial:///dev/ttyUSB1?baudrate=9600&framing=stx&address=1&width=8&text={number}

``framing`` (``line`` by default):

- ``line``: the text, then ``\\r\\n``.
- ``stx``: ``STX`` (0x02), the address as two ASCII digits, the text, ``ETX`` (0x03),
  then a checksum: the XOR of every byte from the address through ``ETX``, as two
  upper-case hex digits. E.g. ``1023`` at address 1 is ``02 30 31 31 30 32 33 03 30 31``
  (``\\x02011023\\x0301``).

The text is ASCII: Vietnamese marks are dropped (``Quầy`` -> ``Quay``, ``đ`` -> ``d``); with
``width`` it is cut or padded with spaces to that many characters (right-aligned for a
number). ``text`` is a template with ``{number}`` and ``{counter}`` (default ``{number}``).
Writes happen on the driver's own thread, so a slow or missing display never blocks a screen.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

import serial

log = logging.getLogger(__name__)

STX, ETX = 0x02, 0x03
_STOP = object()


class LedError(Exception):
    """The LED display's URL is wrong, or its port cannot be opened."""


class Framing(enum.StrEnum):
    LINE = "line"
    STX = "stx"


@dataclass(frozen=True)
class LedSettings:
    port: str
    baudrate: int = 9600
    framing: Framing = Framing.LINE
    address: int = 1
    width: int = 0
    """0: the text as it is; otherwise cut or padded to this many characters."""
    text: str = "{number}"

    @classmethod
    def from_url(cls, url: str) -> LedSettings:
        parts = urlsplit(url.strip())
        if parts.scheme != "serial" or not parts.path:
            raise LedError(f"an LED display URL is serial:///dev/ttyUSB1?..., not {url!r}")
        options = dict(parse_qsl(parts.query))
        unknown = options.keys() - {"baudrate", "framing", "address", "width", "text"}
        if unknown:
            raise LedError(f"unknown LED display settings: {', '.join(sorted(unknown))}")
        try:
            settings = cls(
                port=unquote(parts.path),
                baudrate=int(options.get("baudrate", 9600)),
                framing=Framing(options.get("framing", Framing.LINE.value)),
                address=int(options.get("address", 1)),
                width=int(options.get("width", 0)),
                text=options.get("text", "{number}"),
            )
        except ValueError as exc:
            raise LedError(f"bad LED display setting in {url!r}: {exc}") from None
        if not 0 <= settings.address <= 99 or settings.width < 0 or settings.baudrate <= 0:
            raise LedError(f"address 0–99, width >= 0 and a positive baudrate, in {url!r}")
        return settings

    def line(self, number: str, counter: int) -> str:
        """The text for one call, before framing."""
        return self.text.format(number=number, counter=counter)


def ascii_text(text: str) -> str:
    """Vietnamese (or any) text as plain ASCII: marks dropped, đ as d, the rest as ``?``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.encode("ascii", "replace").decode("ascii")


def fit(text: str, width: int) -> str:
    if not width:
        return text
    return text[:width].rjust(width) if text.isdigit() else text[:width].ljust(width)


def checksum(body: bytes) -> bytes:
    value = 0
    for byte in body:
        value ^= byte
    return f"{value:02X}".encode("ascii")


def frame(text: str, settings: LedSettings) -> bytes:
    """The bytes the display receives for ``text``, in the settings' framing."""
    payload = fit(ascii_text(text), settings.width).encode("ascii")
    if settings.framing is Framing.LINE:
        return payload + b"\r\n"
    body = f"{settings.address:02d}".encode("ascii") + payload + bytes([ETX])
    return bytes([STX]) + body + checksum(body)


class LedDisplay:
    """One LED line display. ``show()`` queues the text; a thread frames and writes it."""

    def __init__(self, settings: LedSettings) -> None:
        self.settings = settings
        self._queue: queue.Queue[object] = queue.Queue()
        self._port: serial.Serial | None = None
        self._thread = threading.Thread(target=self._run, name="led-display", daemon=True)
        self._thread.start()

    @classmethod
    def from_url(cls, url: str) -> LedDisplay:
        return cls(LedSettings.from_url(url))

    def show(self, text: str) -> None:
        self._queue.put(text)

    def show_call(self, number: str, counter: int) -> None:
        self.show(self.settings.line(number, counter))

    def close(self) -> None:
        """Write what is queued, then close the port and end the thread."""
        self._queue.put(_STOP)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while (item := self._queue.get()) is not _STOP:
            try:
                self._write(frame(str(item), self.settings))
            except (serial.SerialException, OSError) as exc:
                log.warning("LED display %s: %s", self.settings.port, exc)
                self._drop_port()
        self._drop_port()

    def _write(self, data: bytes) -> None:
        if self._port is None:
            self._port = serial.Serial(
                self.settings.port, self.settings.baudrate, timeout=1, write_timeout=2
            )
        self._port.write(data)
        self._port.flush()

    def _drop_port(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            finally:
                self._port = None
