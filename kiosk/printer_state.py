"""What the kiosk's heartbeat says of its printer: its state in the words the console lists."""

from __future__ import annotations

from kiosk.taking import PrinterSeam
from printers import PrinterStatus
from ui_common.heartbeat import PrinterState

__all__ = ["printer_code", "printer_state"]


def printer_code(status: PrinterStatus | None) -> str:
    """The printer's state as the console lists it: ``ok``, ``paper_low``, ``paper_out``,
    ``cover_open``, ``offline``, ``timeout``, ``config``; ``none`` without a printer."""
    if status is None:
        return "none"
    if status.problem is not None:
        return status.problem.kind.value
    return "paper_low" if status.paper.value == "low" else "ok"


def printer_state(printer: PrinterSeam | None) -> PrinterState:
    """The heartbeat's question to the kiosk's printer (blocking: the heartbeat asks it off the
    Qt thread); a kiosk without one says ``none``, which the console and doctor judge by the
    site's rules (paperless tickets or not)."""
    if printer is None:
        return lambda: printer_code(None)
    return lambda: printer_code(printer.status())
