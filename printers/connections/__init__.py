"""Printer connections, one module per transport, behind the Connection seam; chosen by URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from printers.address import PrinterAddress, Transport, config_error
from printers.connections.base import Connection, Deadline, PrintJob
from printers.connections.device_file import FileConnection
from printers.connections.network import DEFAULT_PORT, TcpConnection
from printers.connections.preview import PreviewConnection
from printers.connections.serial_port import SerialConnection
from printers.connections.usb import UsbConnection

__all__ = [
    "Connection",
    "Deadline",
    "FileConnection",
    "PreviewConnection",
    "PrintJob",
    "SerialConnection",
    "TcpConnection",
    "UsbConnection",
    "connection_for",
]


def _tcp(address: PrinterAddress, can_ask: bool) -> TcpConnection:
    parts = urlsplit(address.url.strip())
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        port = 0
    if not parts.hostname or not port:
        raise config_error(f"{address.url!r} needs a host and a port, e.g. tcp://192.168.1.50:9100")
    return TcpConnection(parts.hostname, port, can_ask=can_ask)


def _usb(address: PrinterAddress, can_ask: bool) -> UsbConnection:
    vendor, _, product = address.target.partition(":")
    try:
        ids = int(vendor, 16), int(product, 16)
    except ValueError:
        raise config_error(
            f"{address.url!r} needs vendor:product in hex, e.g. usb://04b8:0e15"
        ) from None
    return UsbConnection(
        *ids,
        in_ep=address.integer("in_ep", 0x82, base=16),
        out_ep=address.integer("out_ep", 0x01, base=16),
        can_ask=can_ask,
    )


def connection_for(address: PrinterAddress) -> Connection:
    """The connection ``address`` names (not opened). Raises PrinterError(config)."""
    can_ask = address.flag("status", True)
    if address.transport is Transport.SERIAL:
        return SerialConnection(
            address.target,
            baudrate=address.integer("baudrate", 19200),
            rtscts=address.flag("rtscts", False),
            dsrdtr=address.flag("dsrdtr", False),
            xonxoff=address.flag("xonxoff", False),
            can_ask=can_ask,
        )
    if address.transport is Transport.TCP:
        return _tcp(address, can_ask)
    if address.transport is Transport.USB:
        return _usb(address, can_ask)
    if address.transport is Transport.FILE:
        return FileConnection(address.target)
    return PreviewConnection(address.target)
