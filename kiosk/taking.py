"""Taking a ticket: the printer's status first, then the number, then the paper; a booked
holder's check-in the same way (the core judges their arrival and issues their ticket).

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
from queue_core.client import (
    CheckInAnswer,
    CoreClient,
    CoreError,
    CoreRefused,
    PriorityKind,
    TicketInfo,
)
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
    NOT_NOW = "not_now"
    """A booked holder too early or too late: no ticket, the check-in's answer says why."""

    @property
    def has_ticket(self) -> bool:
        return self in (Outcome.PRINTED, Outcome.PAPERLESS, Outcome.PRINT_FAILED)


@dataclass(frozen=True)
class TicketRequest:
    service_id: str
    priority: PriorityKind | None
    lang: Lang
    booking: str | None = None
    """A booked holder's code: the core checks them in (their ticket at their slot)."""


@dataclass(frozen=True)
class TakeResult:
    outcome: Outcome
    ticket: TicketInfo | None = None
    problem: PrinterError | None = None
    refusal: str | None = None
    """The core's error code when it refused (``daily_cap_reached``, ``closed_now``...)."""
    check_in: CheckInAnswer | None = None
    """A booked holder's check-in, as the core answered it."""

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
        if request.booking is not None:
            self._check_in(request.booking, request.lang, site, problem)
            return

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

    def _check_in(
        self, code: str, lang: Lang, site: KioskSite, problem: PrinterError | None
    ) -> None:
        """As an issue, but the core judges the holder's arrival first: on time, their ticket
        (printed like any other, with its slot); else no ticket and the answer says why."""

        async def check_in(core: CoreClient) -> CheckInAnswer:
            return await core.check_in(code, lang.value)

        def answered(answer: CheckInAnswer) -> None:
            ticket = answer.ticket
            if ticket is None:
                self._finish(TakeResult(Outcome.NOT_NOW, check_in=answer))
            elif problem is not None:
                self._finish(TakeResult(Outcome.PAPERLESS, ticket, problem, check_in=answer))
            else:
                self._print(ticket, site, answer)

        self.bridge.call(check_in, answered, self._refused)

    def _refused(self, error: CoreError) -> None:
        if isinstance(error, CoreRefused):
            self._finish(TakeResult(Outcome.CORE_REFUSED, refusal=error.code))
        else:
            self._finish(TakeResult(Outcome.CORE_AWAY))

    def _print(
        self, ticket: TicketInfo, site: KioskSite, check_in: CheckInAnswer | None = None
    ) -> None:
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
            self._finish(TakeResult(outcome, ticket, error, check_in=check_in))

        self.worker.run(work, printed)

    def _finish(self, result: TakeResult) -> None:
        self.busy = False
        log.info("ticket taken: %s", result.outcome.value)
        self.finished.emit(result)

    def close(self) -> None:
        self.worker.close()
