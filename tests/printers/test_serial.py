"""Serial printing through a real pseudo-terminal pair, the far end a fake printer."""

from __future__ import annotations

import pytest

from printers import PaperState, PrinterError, PrinterErrorKind, TicketPrinter
from tests.printers.escpos_decode import decode
from tests.printers.fakes import CUT, PAPER_LOW, PAPER_OUT


def _url(path: str, width: int = 384) -> str:
    return f"serial://{path}?baudrate=19200&rtscts=1&width={width}"


@pytest.mark.parametrize("width", [384, 576])
def test_ticket_arrives_whole_and_equals_the_preview(make_pty, ticket, site, width):
    device = make_pty()
    printer = TicketPrinter(_url(device.path, width), timeout=1.0)

    status = printer.print_ticket(ticket, site)

    assert status.ready and status.paper is PaperState.OK
    assert device.queries == [1, 2, 4]
    data = device.wait_for(CUT)
    decoded = decode(data)
    assert decoded.commands[0] == "init"
    assert decoded.commands[-2:] == ["feed 6", "cut"]
    assert all(band.width == width for band in decoded.bands)
    preview = printer.ticket_job(ticket, site).image
    assert decoded.raster.tobytes() == preview.tobytes()
    assert decoded.raster.size == preview.size


def test_paper_out_is_reported_and_nothing_is_printed(make_pty, ticket, site):
    device = make_pty(PAPER_OUT)
    printer = TicketPrinter(_url(device.path), timeout=1.0)

    status = printer.status()
    assert status.paper is PaperState.OUT
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.PAPER_OUT

    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)
    assert raised.value.kind is PrinterErrorKind.PAPER_OUT
    assert "giấy" in raised.value.message_vi and "paper" in raised.value.message_en
    assert device.data() == b""  # not a byte printed


def test_paper_low_still_prints_and_says_so(make_pty, ticket, site):
    device = make_pty(PAPER_LOW)
    printer = TicketPrinter(_url(device.path), timeout=1.0)

    status = printer.print_ticket(ticket, site)

    assert status.ready and status.paper is PaperState.LOW
    assert CUT in device.wait_for(CUT)


def test_a_silent_device_is_offline_within_the_bound(make_pty, ticket, site):
    device = make_pty(None)
    printer = TicketPrinter(_url(device.path), timeout=0.3)

    status = printer.status()

    assert not status.online and not status.ready
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.TIMEOUT
    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)
    assert raised.value.kind is PrinterErrorKind.TIMEOUT
    assert device.data() == b""


def test_a_missing_port_is_offline(tmp_path):
    status = TicketPrinter(f"serial://{tmp_path}/ttyUSB9").status()
    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.OFFLINE
