"""The drill's printing kiosk: kiosk/taking.py's order without Qt — the printer's status
first, then the number, then the paper — so a printer that is off spends no number, and a
ticket is sent to the printer once and never again."""

from __future__ import annotations

import asyncio
import enum
from collections import Counter
from dataclasses import dataclass, field

from bench.drill_load import Ack, Going, is_server_error
from bench.drill_printer import fingerprint
from printers import PrintableTicket, PrinterError, PrintJob, TicketPrinter, TicketSite
from queue_core.client import CoreClient, CoreError, CoreUnavailable, TicketInfo

__all__ = ["CHANNEL", "Outcome", "PrintLog", "WatchedPrinter", "printing_kiosk"]

CHANNEL = "drill_print"
"""The channel of this kiosk's tickets, so the database tells them from the others'."""


class Outcome(enum.StrEnum):
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"
    """Issued, then the printer failed mid-ticket: the kiosk shows it on screen."""
    PRINTER_REFUSED = "printer_refused"
    """The printer was not ready: the kiosk said so and spent no number."""
    CORE_AWAY = "core_away"
    """No answer to the issue: the kiosk says the core is away (a number may be spent)."""
    CORE_ERROR = "core_error"
    """A refusal or a 5xx: the kiosk shows the error."""


@dataclass
class PrintLog:
    """What the printing kiosk did; ``sent`` maps each printed ticket's id to its job's
    fingerprint, ``failed`` lists the ids shown on screen after a failed print."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    acks: list[Ack] = field(default_factory=list)
    sent: dict[int, str] = field(default_factory=dict)
    failed: list[int] = field(default_factory=list)
    issued: int = 0
    server_errors: list[str] = field(default_factory=list)


class WatchedPrinter(TicketPrinter):
    """A TicketPrinter that keeps the last job it built, to know what the paper should carry."""

    last_job: PrintJob | None = None

    def ticket_job(self, ticket: PrintableTicket, site: TicketSite) -> PrintJob:
        self.last_job = super().ticket_job(ticket, site)
        return self.last_job


def _print(printer: WatchedPrinter, ticket: TicketInfo, site: TicketSite) -> tuple[str, bool]:
    """The fingerprint of the ticket's job, and whether the printer took all of it."""
    printer.last_job = None
    try:
        printer.print_ticket(PrintableTicket.from_ticket(ticket), site)
    except PrinterError:
        whole = False
    else:
        whole = True
    return ("" if printer.last_job is None else fingerprint(printer.last_job.data)), whole


async def printing_kiosk(
    client: CoreClient,
    printer: WatchedPrinter,
    site: TicketSite,
    service: str,
    log: PrintLog,
    running: Going,
    pace: float = 0.1,
) -> None:
    """Take tickets one at a time, as a citizen at this kiosk would, while ``running()``."""
    while running():
        await asyncio.sleep(pace)
        status = await asyncio.to_thread(printer.status)
        if not status.ready:
            log.outcomes[Outcome.PRINTER_REFUSED] += 1
            continue
        log.issued += 1
        try:
            ticket = await client.issue_ticket(service, channel=CHANNEL)
        except CoreError as error:
            if is_server_error(error):
                log.server_errors.append(str(error))
            away = isinstance(error, CoreUnavailable) and not is_server_error(error)
            log.outcomes[Outcome.CORE_AWAY if away else Outcome.CORE_ERROR] += 1
            continue
        log.acks.append(Ack.of(ticket))
        expected, whole = await asyncio.to_thread(_print, printer, ticket, site)
        if whole:
            log.sent[ticket.id] = expected
            log.outcomes[Outcome.PRINTED] += 1
        else:
            log.failed.append(ticket.id)
            log.outcomes[Outcome.PRINT_FAILED] += 1
