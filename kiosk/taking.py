"""Taking a ticket: the printer's status first, then the number, then the paper.

No number is spent when the ticket cannot be printed, unless the site file allows
paperless tickets (then the ticket is shown on screen with its QR code). A number
issued whose print then fails is shown on screen too: it exists, so it is not hidden.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Protocol

from kiosk.catalogue import KioskSite
from printers import Lang as PrinterLang
from printers import PrintableTicket, PrinterError, PrinterErrorKind, PrinterStatus, TicketSite
from queue_core.client import CoreClient, CoreError, CoreRefused, PriorityKind, TicketInfo
from ui_common.bridge import CoreBridge
from ui_common.offthread import OffThread
from ui_common.qt import QObject, Signal
from ui_common.texts import Lang, tr

__all__ = ["Outcome", "PrinterSeam", "TakeResult", "TicketRequest", "TicketTaker", "ticket_site"]

log = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    PRINTED = "printed"
    PAPERLESS = "paperless"
    """The printer cannot print and the site allows it: the ticket is shown on screen."""
    PRINT_FAILED = "print_failed"
    """Issued, then the print failed: the ticket is shown on screen."""
    PRINTER_REFUSED = "printer_refused"
    """The printer cannot print and no paperless tickets: no number was spent."""
    CORE_AWAY = "core_away"
    CORE_REFUSED = "core_refused"

    @property
    def has_ticket(self) -> bool:
        return self in (Outcome.PRINTED, Outcome.PAPERLESS, Outcome.PRINT_FAILED)


@dataclass(frozen=True)
class TicketRequest:
    service_id: str
    priority: PriorityKind | None
    lang: Lang


@dataclass(frozen=True)
class TakeResult:
    outcome: Outcome
    ticket: TicketInfo | None = None
    problem: PrinterError | None = None
    refusal: str | None = None
    """The core's error code when it refused (``daily_cap_reached``, ``closed_now``...)."""

    def problem_text(self, lang: Lang) -> str:
        return "" if self.problem is None else self.problem.message(PrinterLang(lang.value))


class PrinterSeam(Protocol):
    """What the kiosk uses of ``printers.TicketPrinter`` (blocking, up to 2 s each)."""

    def status(self) -> PrinterStatus: ...

    def print_ticket(self, ticket: PrintableTicket, site: TicketSite) -> PrinterStatus: ...


def no_printer_error() -> PrinterError:
    return PrinterError(
        PrinterErrorKind.CONFIG, tr("kiosk_no_printer", Lang.VI), tr("kiosk_no_printer", Lang.EN)
    )


def ticket_site(site: KioskSite, core_url: str) -> TicketSite:
    """What is printed of the site; the QR opens the site's public URL, else the core's."""
    return TicketSite(site.name, site.public_url or core_url, site.footer or None)


class TicketTaker(QObject):
    """One ticket at a time: status → issue → print, every blocking step off the Qt thread."""

    started = Signal()
    finished = Signal(object)  # TakeResult

    def __init__(
        self, bridge: CoreBridge, printer: PrinterSeam | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.printer = printer
        self.worker = OffThread("kiosk-printer", self)
        self.busy = False

    def take(self, request: TicketRequest, site: KioskSite) -> bool:
        """Start taking a ticket; False (and nothing done) while one is under way."""
        if self.busy:
            return False
        self.busy = True
        self.started.emit()
        if self.printer is None:
            self._after_status(request, site, PrinterStatus.unreachable(no_printer_error()))
        else:
            printer = self.printer
            self.worker.run(printer.status, lambda s: self._after_status(request, site, s))
        return True

    def _after_status(self, request: TicketRequest, site: KioskSite, status: PrinterStatus) -> None:
        if status.ready:
            self._issue(request, site, None)
        elif site.paperless_tickets:
            self._issue(request, site, status.problem)
        else:
            self._finish(TakeResult(Outcome.PRINTER_REFUSED, problem=status.problem))

    def _issue(self, request: TicketRequest, site: KioskSite, problem: PrinterError | None) -> None:
        async def issue(core: CoreClient) -> TicketInfo:
            return await core.issue_ticket(
                request.service_id,
                priority=request.priority is not None,
                priority_kind=None if request.priority is None else request.priority.value,
                lang=request.lang.value,
            )

        def issued(ticket: TicketInfo) -> None:
            if problem is not None:
                self._finish(TakeResult(Outcome.PAPERLESS, ticket, problem))
            else:
                self._print(ticket, site)

        self.bridge.call(issue, issued, self._refused)

    def _refused(self, error: CoreError) -> None:
        if isinstance(error, CoreRefused):
            self._finish(TakeResult(Outcome.CORE_REFUSED, refusal=error.code))
        else:
            self._finish(TakeResult(Outcome.CORE_AWAY))

    def _print(self, ticket: TicketInfo, site: KioskSite) -> None:
        printer = self.printer
        assert printer is not None
        core_url = self.bridge.base_url

        def work() -> PrinterError | None:
            try:
                paper = ticket_site(site, core_url)
                printer.print_ticket(PrintableTicket.from_ticket(ticket), paper)
            except PrinterError as error:
                return error
            except ValueError as error:  # a site or ticket the printer cannot lay out
                log.error("ticket %s cannot be laid out", ticket.number, exc_info=error)
                return PrinterError(PrinterErrorKind.CONFIG, str(error), str(error))
            return None

        def printed(error: PrinterError | None) -> None:
            outcome = Outcome.PRINTED if error is None else Outcome.PRINT_FAILED
            self._finish(TakeResult(outcome, ticket, error))

        self.worker.run(work, printed)

    def _finish(self, result: TakeResult) -> None:
        self.busy = False
        log.info("ticket taken: %s", result.outcome.value)
        self.finished.emit(result)

    def close(self) -> None:
        self.worker.close()
