"""The one seam between the printer and its wire: Connection, PrintJob and the time bound."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType

from PIL import Image

from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["Connection", "Deadline", "PrintJob", "send_failed", "timed_out", "unreachable"]


@dataclass(frozen=True)
class PrintJob:
    """What is printed: the exact ESC/POS ``data``, and the ``image`` it was made from
    (which only the preview connection keeps). ``name`` names the preview files."""

    name: str
    data: bytes
    image: Image.Image


def timed_out(key: str, seconds: float) -> PrinterError:
    """PrinterError(timeout) from the catalogue entry ``key``."""
    return PrinterError.from_catalogue(PrinterErrorKind.TIMEOUT, key, seconds=f"{seconds:g}")


def unreachable(detail: object, key: str = "err_unreachable") -> PrinterError:
    """PrinterError(offline): the printer cannot be reached."""
    return PrinterError.from_catalogue(PrinterErrorKind.OFFLINE, key, detail=detail)


def send_failed(detail: object) -> PrinterError:
    """PrinterError(offline) for a send that broke off: the ticket may be partial."""
    return PrinterError.from_catalogue(PrinterErrorKind.OFFLINE, "err_send_failed", detail=detail)


class Deadline:
    """The moment by which an operation must have decided: ``bound`` seconds from now."""

    def __init__(self, bound: float) -> None:
        self.bound = bound
        self.at = time.monotonic() + bound

    def left(self) -> float:
        """Seconds left; PrinterError(timeout) when none are."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> PrinterError:
        """The PrinterError(timeout) of a printer that did not answer within the bound."""
        return timed_out("err_status_timeout", self.bound)


class Connection(ABC):
    """One printer connection, opened for one operation and closed after it.

    Every method returns or raises PrinterError within its time bound; errors of the
    library underneath (pyserial, socket, pyusb, OS) never leave a Connection.
    """

    #: True when the printer can be asked for its status (DLE EOT) over this connection.
    can_ask: bool = False

    @abstractmethod
    def open(self, deadline: Deadline) -> None:
        """Connect, by ``deadline``."""

    @abstractmethod
    def send(self, job: PrintJob, stall_timeout: float) -> None:
        """Send ``job.data`` once. PrinterError(timeout) when the printer takes no byte
        for ``stall_timeout`` seconds; never retried here, so never printed twice."""

    def ask(self, request: bytes, deadline: Deadline) -> int:
        """Send a real-time status ``request`` and return the one byte answered by
        ``deadline``. Only for connections whose ``can_ask`` is True."""
        raise NotImplementedError(f"{type(self).__name__} cannot ask for status")

    @abstractmethod
    def close(self) -> None:
        """Release the connection; never raises."""

    def describe(self) -> str:
        """A short name for logs and the test page."""
        return type(self).__name__

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
