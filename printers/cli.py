"""`luot-print`: the technician's tool to check a kiosk's printer (status, test page, preview)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from printers.errors import PrinterError
from printers.printer import TicketPrinter
from printers.texts import Lang
from printers.tickets import PrintableTicket, TicketSite

__all__ = ["main"]

EXIT_OK = 0
EXIT_NOT_READY = 1
EXIT_ERROR = 2

_DEFAULT_CENTRE = "Trung tâm Phục vụ hành chính công"
_DEFAULT_BASE_URL = "http://luot.local:8470"


class _Fail(Exception):
    """A problem to report on one line of stderr, then exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luot-print",
        description="Check a Lượt kiosk's ticket printer: status, test page, ticket preview.",
        epilog="Printer URLs: serial:///dev/ttyUSB0?baudrate=19200&rtscts=1, "
        "tcp://192.168.1.50:9100, usb://04b8:0e15, file:///dev/usb/lp0, preview://DIR; "
        "add ?width=384|576&profile=NAME. See docs/printing.md.",
    )
    parser.add_argument(
        "--printer",
        metavar="URL",
        default=os.environ.get("LUOT_PRINTER"),
        help="the printer's URL (default: $LUOT_PRINTER)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=2.0,
        help="seconds each printer operation may take to decide (at most 2)",
    )
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default="vi")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "status", help="ask the printer: online, paper, cover (exit 0 ready, 1 not ready)"
    )
    commands.add_parser("test-page", help="print the test page (frame, diacritics, details)")
    preview = commands.add_parser(
        "preview", help="draw a ticket from the API's JSON to a PNG at the printer's width"
    )
    preview.add_argument("ticket", metavar="TICKET.json", type=Path)
    preview.add_argument("--out", metavar="FILE.png", type=Path, help="default: ticket-N.png")
    preview.add_argument("--centre", default=_DEFAULT_CENTRE, help="the centre's name")
    preview.add_argument("--footer", default=None, help="the footer notice")
    preview.add_argument(
        "--base-url", default=_DEFAULT_BASE_URL, help="the core's public URL for the QR code"
    )
    preview.add_argument(
        "--width", type=int, default=None, help="paper width in dots when --printer is not given"
    )
    return parser


def _printer(args: argparse.Namespace, width: int | None = None) -> TicketPrinter:
    url = args.printer
    if not url:
        if width is None and args.command != "preview":
            raise _Fail("no printer: give --printer URL or set LUOT_PRINTER")
        url = "preview://."
    return TicketPrinter(url, width=width, timeout=args.timeout)


def _read_ticket(path: Path) -> PrintableTicket:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise _Fail(f"cannot read {path}: {e.strerror or e}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _Fail(f"{path} is not JSON: {e}") from e
    try:
        return PrintableTicket.from_api(data)
    except ValueError as e:
        raise _Fail(f"{path}: {e}") from e


def _preview(args: argparse.Namespace, lang: Lang) -> int:
    ticket = _read_ticket(args.ticket)
    try:
        site = TicketSite(args.centre, args.base_url, args.footer)
    except ValueError as e:
        raise _Fail(str(e)) from e
    printer = _printer(args, None if args.printer else args.width)
    out: Path = args.out or Path(f"ticket-{ticket.number}.png")
    image = printer.ticket_job(ticket, site).image
    try:
        image.save(out, format="PNG")
    except (OSError, ValueError) as e:
        raise _Fail(f"cannot write {out}: {e}") from e
    print(f"{out} ({image.width}×{image.height} dots)")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    lang = Lang(args.lang)
    if args.command == "preview":
        return _preview(args, lang)
    printer = _printer(args)
    if args.command == "status":
        status = printer.status()
        print(status.describe(lang))
        return EXIT_OK if status.ready else EXIT_NOT_READY
    status = printer.print_test_page()
    print(status.describe(lang))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run luot-print; returns the exit code (0 ok, 1 printer not ready, 2 error)."""
    args = _parser().parse_args(argv)
    lang = Lang(args.lang)
    try:
        return _run(args)
    except PrinterError as e:
        print(f"luot-print: {e.kind.value}: {e.message(lang)}", file=sys.stderr)
    except _Fail as e:
        print(f"luot-print: {e}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
