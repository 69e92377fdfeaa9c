"""USB printing. USB hardware cannot exist here, so this is the one place with a test
double: a stand-in for python-escpos's Usb class and its pyusb device."""

from __future__ import annotations

import errno
from typing import Any, ClassVar

import escpos.printer
import pytest
from escpos.exceptions import DeviceNotFoundError

from printers import (
    PaperState,
    PrinterError,
    PrinterErrorKind,
    TicketPrinter,
    Transport,
    UsbConnection,
)
from printers.address import PrinterAddress
from printers.connections import connection_for
from tests.printers.escpos_decode import decode
from tests.printers.fakes import PAPER_OUT, READY


class FakeDevice:
    """A pyusb device: write(endpoint, data, timeout_ms), read(endpoint, size, timeout_ms)."""

    def __init__(self, answers: dict[int, int] | None, stalls: bool = False) -> None:
        self.answers = answers
        self.stalls = stalls
        self.written = bytearray()
        self.pending: list[int] = []
        self.timeouts: list[int] = []

    def write(self, endpoint: int, data: Any, timeout: int) -> int:
        self.timeouts.append(timeout)
        data = bytes(data)
        if len(data) == 3 and data[:2] == b"\x10\x04":
            if self.answers is not None:
                self.pending.append(self.answers[data[2]])
            return 3
        if self.stalls:
            raise OSError(errno.ETIMEDOUT, "Operation timed out")  # pyusb's USBTimeoutError
        self.written.extend(data)
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> bytes:
        if not self.pending:
            raise OSError(errno.ETIMEDOUT, "Operation timed out")
        answer, self.pending = bytes(self.pending), []
        return answer


class NoBackendError(ValueError):
    """pyusb's error when it finds no libusb to work through."""


def fake_usb_class(device: FakeDevice | None, no_backend: bool = False) -> type:
    """A class shaped like escpos.printer.Usb, finding ``device`` (or nothing)."""

    class FakeUsb:
        made: ClassVar[list[FakeUsb]] = []

        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs
            self.device: FakeDevice | None = None
            self.closed = False
            FakeUsb.made.append(self)

        def open(self, raise_not_found: bool = True) -> None:
            if no_backend:
                raise NoBackendError("No backend available")
            if device is None:
                raise DeviceNotFoundError("Unable to open USB printer on (1208, 3605)")
            self.device = device

        def close(self) -> None:
            self.closed = True

    return FakeUsb


def _printer(device: FakeDevice | None) -> tuple[TicketPrinter, type]:
    usb_class = fake_usb_class(device)
    connection = UsbConnection(0x04B8, 0x0E15, printer_class=usb_class)
    return TicketPrinter("usb://04b8:0e15?width=576", connection=connection, timeout=1.0), usb_class


def test_the_url_names_vendor_product_and_endpoints():
    connection = connection_for(PrinterAddress.parse("usb://04b8:0e15?in_ep=0x81&out_ep=0x02"))
    assert isinstance(connection, UsbConnection)
    assert (connection.vendor, connection.product) == (0x04B8, 0x0E15)
    assert (connection.in_ep, connection.out_ep) == (0x81, 0x02)
    assert PrinterAddress.parse("usb://04b8:0e15").transport is Transport.USB


def test_a_ticket_goes_to_the_out_endpoint(ticket, site):
    device = FakeDevice(READY)
    printer, usb_class = _printer(device)

    status = printer.print_ticket(ticket, site)

    assert status.ready and status.paper is PaperState.OK
    made = usb_class.made[0]
    assert made.kwargs["idVendor"] == 0x04B8 and made.kwargs["idProduct"] == 0x0E15
    assert made.closed
    decoded = decode(bytes(device.written))
    assert decoded.raster.tobytes() == printer.ticket_job(ticket, site).image.tobytes()
    assert all(0 < t <= 1000 for t in device.timeouts)  # every transfer within the bound


def test_paper_out_refuses(ticket, site):
    device = FakeDevice(PAPER_OUT)
    printer, _ = _printer(device)
    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)
    assert raised.value.kind is PrinterErrorKind.PAPER_OUT
    assert device.written == b""


def test_a_stalled_transfer_is_a_timeout(ticket, site):
    printer, _ = _printer(FakeDevice(READY, stalls=True))
    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)
    assert raised.value.kind is PrinterErrorKind.TIMEOUT


def test_an_unplugged_printer_is_offline():
    printer, _ = _printer(None)
    status = printer.status()
    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.OFFLINE


def test_without_pyusb_usb_is_a_config_error(monkeypatch):
    monkeypatch.setattr(escpos.printer.Usb, "is_usable", staticmethod(lambda: False))
    status = TicketPrinter("usb://04b8:0e15").status()
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.CONFIG
    assert "pyusb" in status.problem.message_en


def test_pyusb_without_libusb_is_a_settings_problem_said_plainly():
    connection = UsbConnection(0x04B8, 0x0E15, printer_class=fake_usb_class(None, no_backend=True))
    printer = TicketPrinter("usb://04b8:0e15", connection=connection, timeout=1.0)
    status = printer.status()
    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.CONFIG
    assert "libusb-1.0-0" in str(status.problem)
