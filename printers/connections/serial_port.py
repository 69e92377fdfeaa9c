"""The serial connection (pyserial): serial:///dev/ttyUSB0?baudrate=19200&rtscts=1."""

from __future__ import annotations

import contextlib
import time

import serial

from printers.connections.base import (
    Connection,
    Deadline,
    PrintJob,
    send_failed,
    timed_out,
    unreachable,
)
from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["SerialConnection"]


class SerialConnection(Connection):
    """A printer on a serial port (RS-232, or USB-serial such as /dev/ttyUSB0)."""

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 19200,
        rtscts: bool = False,
        dsrdtr: bool = False,
        xonxoff: bool = False,
        can_ask: bool = True,
    ) -> None:
        if baudrate <= 0:
            raise PrinterError.from_catalogue(
                PrinterErrorKind.CONFIG, "err_config", detail=f"baudrate {baudrate}"
            )
        self.port = port
        self.baudrate = baudrate
        self.rtscts = rtscts
        self.dsrdtr = dsrdtr
        self.xonxoff = xonxoff
        self.can_ask = can_ask
        self._serial: serial.Serial | None = None

    def describe(self) -> str:
        flow = "rtscts" if self.rtscts else "dsrdtr" if self.dsrdtr else "no flow control"
        return f"serial {self.port} {self.baudrate} baud, {flow}"

    def open(self, deadline: Deadline) -> None:
        port = serial.Serial(
            baudrate=self.baudrate,
            rtscts=self.rtscts,
            dsrdtr=self.dsrdtr,
            xonxoff=self.xonxoff,
            timeout=0,
            write_timeout=0,
        )
        port.port = self.port
        try:
            port.open()  # pyserial opens with O_NONBLOCK: this does not wait on the device
        except (serial.SerialException, OSError) as e:
            raise unreachable(e, "err_not_found") from e
        except ValueError as e:
            raise PrinterError.from_catalogue(
                PrinterErrorKind.CONFIG, "err_config", detail=str(e)
            ) from e
        self._serial = port

    def _port(self) -> serial.Serial:
        if self._serial is None:
            raise RuntimeError("SerialConnection used before open()")
        return self._serial

    def _chunk(self) -> int:
        # about a quarter of a second of line time, so each write shows progress
        return max(64, self.baudrate // 40)

    def send(self, job: PrintJob, stall_timeout: float) -> None:
        port = self._port()
        view = memoryview(job.data)
        chunk = self._chunk()
        try:
            port.write_timeout = stall_timeout
            for start in range(0, len(view), chunk):
                port.write(view[start : start + chunk])
            self._drain(port, stall_timeout)
        except serial.SerialTimeoutException as e:
            self._discard(port)
            raise timed_out("err_send_timeout", stall_timeout) from e
        except (serial.SerialException, OSError) as e:
            self._discard(port)
            raise send_failed(e) from e

    def _drain(self, port: serial.Serial, stall_timeout: float) -> None:
        """Wait until the driver's output queue empties, as long as it keeps moving
        (closing a port with queued output could otherwise block for long)."""
        waiting = port.out_waiting
        last_move = time.monotonic()
        while waiting:
            time.sleep(0.01)
            now_waiting = port.out_waiting
            if now_waiting < waiting:
                last_move = time.monotonic()
            elif time.monotonic() - last_move > stall_timeout:
                raise serial.SerialTimeoutException("output queue did not drain")
            waiting = now_waiting

    @staticmethod
    def _discard(port: serial.Serial) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            port.reset_output_buffer()

    def ask(self, request: bytes, deadline: Deadline) -> int:
        port = self._port()
        try:
            port.reset_input_buffer()
            port.write_timeout = deadline.left()
            port.write(request)
            port.timeout = deadline.left()
            answer = port.read(1)
        except serial.SerialTimeoutException as e:
            raise deadline.expired() from e
        except (serial.SerialException, OSError) as e:
            raise unreachable(e) from e
        if not answer:
            raise deadline.expired()
        return answer[0]

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
