"""The USB connection, through python-escpos's Usb class (pyusb): usb://04b8:0e15."""

from __future__ import annotations

import contextlib
import errno
from typing import Any, Protocol

from escpos.exceptions import DeviceNotFoundError, USBNotFoundError

from printers.connections.base import (
    Connection,
    Deadline,
    PrintJob,
    send_failed,
    timed_out,
    unreachable,
)
from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["UsbConnection", "UsbPrinterClass"]

_CHUNK = 4096


class UsbPrinterClass(Protocol):
    """What UsbConnection needs of python-escpos's ``escpos.printer.Usb`` (the test seam)."""

    def __call__(self, **kwargs: Any) -> Any: ...


def _is_timeout(error: OSError) -> bool:
    # pyusb's USBError is an OSError; its USBTimeoutError carries errno ETIMEDOUT
    return error.errno == errno.ETIMEDOUT or type(error).__name__ == "USBTimeoutError"


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class UsbConnection(Connection):
    """A printer on USB, found by vendor and product id.

    ``printer_class`` is python-escpos's Usb unless a test passes a double (USB hardware
    cannot exist in tests). Status is asked on the IN endpoint (``?status=0`` for
    printers that have none).
    """

    def __init__(
        self,
        vendor: int,
        product: int,
        *,
        in_ep: int = 0x82,
        out_ep: int = 0x01,
        can_ask: bool = True,
        printer_class: UsbPrinterClass | None = None,
    ) -> None:
        self.vendor = vendor
        self.product = product
        self.in_ep = in_ep
        self.out_ep = out_ep
        self.can_ask = can_ask
        self._printer_class = printer_class
        self._printer: Any = None

    def describe(self) -> str:
        return f"usb {self.vendor:04x}:{self.product:04x}"

    def _factory(self) -> UsbPrinterClass:
        if self._printer_class is not None:
            return self._printer_class
        from escpos.printer import Usb

        if not Usb.is_usable():
            # checked before making one: escpos's Usb cannot even close without pyusb
            raise PrinterError.from_catalogue(PrinterErrorKind.CONFIG, "err_usb_missing")
        return Usb

    def open(self, deadline: Deadline) -> None:
        factory = self._factory()
        printer = factory(
            idVendor=self.vendor,
            idProduct=self.product,
            timeout=_ms(deadline.left()),
            in_ep=self.in_ep,
            out_ep=self.out_ep,
        )
        try:
            printer.open(raise_not_found=True)
        except (DeviceNotFoundError, USBNotFoundError) as e:
            raise unreachable(self.describe(), "err_not_found") from e
        except ValueError as e:
            # pyusb's NoBackendError: pyusb is there but Debian's libusb-1.0-0 is not
            raise PrinterError.from_catalogue(PrinterErrorKind.CONFIG, "err_libusb_missing") from e
        except OSError as e:
            raise unreachable(e) from e
        self._printer = printer

    def _device(self) -> Any:
        if self._printer is None:
            raise RuntimeError("UsbConnection used before open()")
        return self._printer.device

    def send(self, job: PrintJob, stall_timeout: float) -> None:
        device = self._device()
        view = memoryview(job.data)
        try:
            for start in range(0, len(view), _CHUNK):
                device.write(self.out_ep, view[start : start + _CHUNK], _ms(stall_timeout))
        except OSError as e:
            if _is_timeout(e):
                raise timed_out("err_send_timeout", stall_timeout) from e
            raise send_failed(e) from e

    def ask(self, request: bytes, deadline: Deadline) -> int:
        device = self._device()
        try:
            device.write(self.out_ep, request, _ms(deadline.left()))
            answer = device.read(self.in_ep, 16, _ms(deadline.left()))
        except OSError as e:
            if _is_timeout(e):
                raise deadline.expired() from e
            raise unreachable(e) from e
        if not answer:
            raise deadline.expired()
        return int(answer[-1])

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(OSError):
                printer.close()
