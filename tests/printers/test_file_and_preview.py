"""The device-file connection and preview://, our dummy printer."""

from __future__ import annotations

from PIL import Image

from printers import PaperState, PrinterErrorKind, TicketPrinter, render_ticket
from tests.printers.escpos_decode import decode


def test_file_gets_the_exact_bytes(tmp_path, ticket, site):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = TicketPrinter(f"file://{device}?width=384")

    status = printer.print_ticket(ticket, site)

    assert status.online and not status.asked and status.paper is PaperState.UNKNOWN
    assert device.read_bytes() == printer.ticket_job(ticket, site).data


def test_a_missing_device_file_is_offline_and_never_created(tmp_path):
    device = tmp_path / "lp0"
    status = TicketPrinter(f"file://{device}").status()
    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.OFFLINE
    assert not device.exists()


def test_preview_writes_the_png_and_the_bytes(tmp_path, ticket, site):
    printer = TicketPrinter(f"preview://{tmp_path}/out?width=576")

    assert printer.status().ready
    printer.print_ticket(ticket, site)

    png = tmp_path / "out" / "ticket-1023-20251125-094107.png"
    raw = tmp_path / "out" / "ticket-1023-20251125-094107.escpos"
    with Image.open(png) as image:
        assert image.mode == "1"
        assert image.tobytes() == render_ticket(ticket, site, 576).tobytes()
    assert decode(raw.read_bytes()).raster.tobytes() == render_ticket(ticket, site, 576).tobytes()


def test_preview_test_page(tmp_path):
    printer = TicketPrinter(f"preview://{tmp_path}?width=384")
    printer.print_test_page()
    with Image.open(tmp_path / "test-page.png") as image:
        assert image.width == 384
    commands = decode((tmp_path / "test-page.escpos").read_bytes()).commands
    assert commands[0] == "init" and commands[-1] == "cut"
