"""Printer URLs: which connection, to what, with which options (parsed and checked once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urlsplit

from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["PrinterAddress", "Transport"]


class Transport(StrEnum):
    """How the printer is reached: the URL's scheme."""

    SERIAL = "serial"  # serial:///dev/ttyUSB0?baudrate=19200&rtscts=1
    TCP = "tcp"  # tcp://192.168.1.50:9100
    USB = "usb"  # usb://04b8:0e15
    FILE = "file"  # file:///dev/usb/lp0
    PREVIEW = "preview"  # preview://DIR: PNG and ESC/POS bytes written to DIR


_COMMON = {"width", "profile", "status"}
_OPTIONS: dict[Transport, set[str]] = {
    Transport.SERIAL: _COMMON | {"baudrate", "rtscts", "dsrdtr", "xonxoff"},
    Transport.TCP: _COMMON,
    Transport.USB: _COMMON | {"in_ep", "out_ep"},
    Transport.FILE: _COMMON,
    Transport.PREVIEW: _COMMON,
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def config_error(detail: str) -> PrinterError:
    """A PrinterError(config) about the printer's settings."""
    return PrinterError.from_catalogue(PrinterErrorKind.CONFIG, "err_config", detail=detail)


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer URL. ``target`` is the device path, ``host:port``, ``vid:pid`` or
    the preview directory; ``options`` are the query's other settings, checked by name."""

    url: str
    transport: Transport
    target: str
    options: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, url: str) -> PrinterAddress:
        """Parse ``url``; raises PrinterError(config) saying what is wrong with it."""
        parts = urlsplit(url.strip())
        try:
            transport = Transport(parts.scheme.lower())
        except ValueError:
            schemes = ", ".join(f"{t.value}://" for t in Transport)
            raise config_error(f"printer URL {url!r} must start with one of {schemes}") from None
        options: dict[str, str] = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key not in _OPTIONS[transport]:
                allowed = ", ".join(sorted(_OPTIONS[transport]))
                raise config_error(f"unknown option {key!r} in {url!r} (known: {allowed})")
            options[key] = value
        if transport in (Transport.SERIAL, Transport.FILE, Transport.PREVIEW):
            target = unquote(parts.netloc + parts.path)
        else:
            target = parts.netloc
        if not target:
            raise config_error(f"printer URL {url!r} names no device, host or folder")
        return cls(url, transport, target, options)

    def text(self, key: str) -> str | None:
        """The option ``key`` as given, or None."""
        return self.options.get(key)

    def integer(self, key: str, default: int, base: int = 10) -> int:
        """The option ``key`` as an integer (``base`` 16 also accepts a 0x prefix)."""
        raw = self.options.get(key)
        if raw is None:
            return default
        try:
            return int(raw, 0 if base == 16 and raw.lower().startswith("0x") else base)
        except ValueError:
            raise config_error(f"option {key}={raw!r} must be a whole number") from None

    def flag(self, key: str, default: bool) -> bool:
        """The option ``key`` as true/false (1/0, yes/no, on/off)."""
        raw = self.options.get(key)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise config_error(f"option {key}={raw!r} must be 1 or 0")
