"""The device-file connection (a printer's character device): file:///dev/usb/lp0."""

from __future__ import annotations

import contextlib
import os
import select

from printers.connections.base import (
    Connection,
    Deadline,
    PrintJob,
    send_failed,
    timed_out,
    unreachable,
)
from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["FileConnection"]

_CHUNK = 4096


class FileConnection(Connection):
    """Writes to an existing file, usually the kernel's printer device (usblp).

    It cannot ask for status: it reports online when the file is there and writable.
    A missing file is never created (an unplugged printer must not become a plain file).
    """

    can_ask = False

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    def describe(self) -> str:
        return f"file {self.path}"

    def open(self, deadline: Deadline) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        try:
            self._fd = os.open(self.path, flags)
        except PermissionError as e:
            raise PrinterError.from_catalogue(
                PrinterErrorKind.CONFIG,
                "err_config",
                detail=f"no permission to write {self.path} (add the kiosk's user to group lp)",
            ) from e
        except OSError as e:
            raise unreachable(e, "err_not_found") from e

    def send(self, job: PrintJob, stall_timeout: float) -> None:
        if self._fd is None:
            raise RuntimeError("FileConnection used before open()")
        view = memoryview(job.data)
        sent = 0
        try:
            while sent < len(view):
                _, writable, _ = select.select([], [self._fd], [], stall_timeout)
                if not writable:
                    raise timed_out("err_send_timeout", stall_timeout)
                try:
                    sent += os.write(self._fd, view[sent : sent + _CHUNK])
                except BlockingIOError:
                    continue
        except OSError as e:
            raise send_failed(e) from e

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
