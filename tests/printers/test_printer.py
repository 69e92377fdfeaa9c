"""TicketPrinter itself: one operation at a time, within the bound."""

from __future__ import annotations

import threading

from printers import PrinterErrorKind, TicketPrinter
from tests.printers.escpos_decode import decode
from tests.printers.fakes import CUT


def test_threads_take_turns_so_tickets_never_interleave(make_tcp, ticket, site):
    device = make_tcp()
    printer = TicketPrinter(f"{device.url}?width=384", timeout=2.0)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            printer.print_ticket(ticket, site)
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []

    decoded = decode(device.wait_for(CUT, count=2))

    one_job = decode(printer.ticket_job(ticket, site).data).commands
    assert decoded.commands == one_job + one_job
    image = printer.ticket_job(ticket, site).image
    bands = len(decoded.bands) // 2
    for job in (decoded.bands[:bands], decoded.bands[bands:]):
        assert b"".join(band.tobytes() for band in job) == image.tobytes()


def test_status_while_busy_waits_its_turn_within_the_bound(make_tcp):
    device = make_tcp()
    printer = TicketPrinter(device.url, timeout=0.3)
    with printer._busy:  # as if another thread were printing
        status = printer.status()
    assert status.problem is not None and status.problem.kind is PrinterErrorKind.TIMEOUT
    assert printer.status().ready
