"""Network printing through a real TCP listener on 127.0.0.1 (a free port)."""

from __future__ import annotations

import socket

import pytest

from printers import PaperState, PrinterError, PrinterErrorKind, TicketPrinter
from tests.printers.escpos_decode import decode
from tests.printers.fakes import COVER_OPEN, CUT


def test_a_complete_ticket_arrives(make_tcp, ticket, site):
    device = make_tcp()
    printer = TicketPrinter(f"{device.url}?width=576", timeout=1.0)

    status = printer.print_ticket(ticket, site)

    assert status.ready and status.paper is PaperState.OK
    decoded = decode(device.wait_for(CUT))
    assert decoded.commands[0] == "init" and decoded.commands[-1] == "cut"
    assert decoded.raster.tobytes() == printer.ticket_job(ticket, site).image.tobytes()


def test_status_over_the_network(make_tcp):
    device = make_tcp(COVER_OPEN)
    status = TicketPrinter(device.url, timeout=1.0).status()
    assert status.cover_open and not status.ready
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.COVER_OPEN


def test_a_listener_that_never_reads_gives_timeout(make_tcp, ticket, site):
    device = make_tcp(reads=False)
    # status=0: go straight to sending, into a printer that takes no data
    printer = TicketPrinter(f"{device.url}?status=0&width=576", timeout=0.5)

    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)

    assert raised.value.kind is PrinterErrorKind.TIMEOUT
    assert "may be incomplete" in raised.value.message_en  # reported, not retried
    assert len(device.connections) == 1  # one attempt: a ticket is never sent twice


def test_a_listener_that_never_answers_status_is_offline_not_a_hang(make_tcp, ticket, site):
    device = make_tcp(None)
    printer = TicketPrinter(device.url, timeout=0.5)

    status = printer.status()

    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.TIMEOUT
    with pytest.raises(PrinterError) as raised:
        printer.print_ticket(ticket, site)
    assert raised.value.kind is PrinterErrorKind.TIMEOUT
    assert device.data() == b""


def test_nobody_listening_is_offline():
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status = TicketPrinter(f"tcp://127.0.0.1:{port}", timeout=0.5).status()
    assert not status.online
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.OFFLINE
