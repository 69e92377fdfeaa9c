"""Lượt's ticket printing: the ticket drawn once as a 1-bit image, sent as ESC/POS."""

from __future__ import annotations

from printers.address import PrinterAddress, Transport
from printers.connections import (
    Connection,
    Deadline,
    FileConnection,
    PreviewConnection,
    PrintJob,
    SerialConnection,
    TcpConnection,
    UsbConnection,
)
from printers.encoding import PrinterProfile, encode_image
from printers.errors import PrinterError, PrinterErrorKind
from printers.layout import ahead_text, estimate_text, render_test_page, render_ticket
from printers.printer import MAX_TIMEOUT, TicketPrinter
from printers.status import PaperState, PrinterStatus
from printers.texts import Lang
from printers.tickets import PrintableTicket, TicketFacts, TicketSite

__all__ = [
    "MAX_TIMEOUT",
    "Connection",
    "Deadline",
    "FileConnection",
    "Lang",
    "PaperState",
    "PreviewConnection",
    "PrintJob",
    "PrintableTicket",
    "PrinterAddress",
    "PrinterError",
    "PrinterErrorKind",
    "PrinterProfile",
    "PrinterStatus",
    "SerialConnection",
    "TcpConnection",
    "TicketFacts",
    "TicketPrinter",
    "TicketSite",
    "Transport",
    "UsbConnection",
    "ahead_text",
    "encode_image",
    "estimate_text",
    "render_test_page",
    "render_ticket",
]
