"""Printer status: what DLE EOT answers mean, and the PrinterStatus the kiosk reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from printers.errors import PrinterError, PrinterErrorKind
from printers.texts import Lang, text

__all__ = ["STATUS_QUERIES", "PaperState", "PrinterStatus", "status_from_replies"]

# DLE EOT n: real-time status. n=1 printer, n=2 offline cause, n=4 roll paper sensor.
DLE_EOT = b"\x10\x04"
STATUS_QUERIES: tuple[int, ...] = (1, 2, 4)

_FIXED_MASK = 0x93  # bits 0, 1, 4, 7 are fixed in every answer ...
_FIXED_VALUE = 0x12  # ... as 0, 1, 1, 0
_OFFLINE = 0x08  # n=1
_COVER_OPEN = 0x04  # n=2
_PAPER_STOP = 0x20  # n=2: printing stopped because the paper ran out
_ERROR = 0x40  # n=2: cutter jam, head too hot, ...
_NEAR_END = 0x0C  # n=4
_PAPER_END = 0x60  # n=4


def query_bytes(n: int) -> bytes:
    """The DLE EOT request for status ``n``."""
    return DLE_EOT + bytes((n,))


class PaperState(StrEnum):
    """The roll as the printer's sensors see it."""

    OK = "ok"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"  # the connection cannot ask, or the printer did not say


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said when asked, decided within the time bound.

    ``problem`` is the reason it cannot print now (offline, timeout, paper out, cover
    open), exactly the error ``print_ticket`` would raise; None when it can print.
    ``asked`` is False for connections that cannot ask (file, preview).
    """

    online: bool
    paper: PaperState
    cover_open: bool = False
    problem: PrinterError | None = None
    asked: bool = True

    @property
    def ready(self) -> bool:
        """True when a ticket can be printed now (paper may be low)."""
        return self.problem is None

    @classmethod
    def unasked(cls) -> PrinterStatus:
        """Status of a connection that cannot ask (file, preview): online, paper unknown."""
        return cls(online=True, paper=PaperState.UNKNOWN, asked=False)

    @classmethod
    def unreachable(cls, error: PrinterError) -> PrinterStatus:
        """Status when asking failed: offline, with the reason."""
        return cls(online=False, paper=PaperState.UNKNOWN, problem=error)

    def describe(self, lang: Lang) -> str:
        """One line for people, e.g. "Sẵn sàng, giấy sắp hết"."""
        if self.problem is not None:
            return f"{text(lang, 'status_not_ready')}: {self.problem.message(lang)}"
        parts = [text(lang, "status_ready"), text(lang, f"paper_{self.paper.value}")]
        if not self.asked:
            parts.append(text(lang, "status_not_asked"))
        return ", ".join(parts)


def status_from_replies(replies: dict[int, int]) -> PrinterStatus:
    """Read the answers to DLE EOT 1, 2 and 4 (one byte each) into a PrinterStatus."""
    for byte in replies.values():
        if byte & _FIXED_MASK != _FIXED_VALUE:
            error = PrinterError.from_catalogue(
                PrinterErrorKind.CONFIG, "err_bad_answer", byte=byte
            )
            return PrinterStatus.unreachable(error)
    printer, cause, roll = replies[1], replies[2], replies[4]
    online = not printer & _OFFLINE
    cover_open = bool(cause & _COVER_OPEN)
    if roll & _PAPER_END or cause & _PAPER_STOP:
        paper = PaperState.OUT
    elif roll & _NEAR_END:
        paper = PaperState.LOW
    else:
        paper = PaperState.OK
    problem: PrinterError | None = None
    if cover_open:
        problem = PrinterError.from_catalogue(PrinterErrorKind.COVER_OPEN, "err_cover_open")
    elif paper is PaperState.OUT:
        problem = PrinterError.from_catalogue(PrinterErrorKind.PAPER_OUT, "err_paper_out")
    elif cause & _ERROR:
        problem = PrinterError.from_catalogue(PrinterErrorKind.OFFLINE, "err_printer_error")
    elif not online:
        problem = PrinterError.from_catalogue(PrinterErrorKind.OFFLINE, "err_offline")
    return PrinterStatus(online=online, paper=paper, cover_open=cover_open, problem=problem)
