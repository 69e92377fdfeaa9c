"""TicketPrinter: status, then one ticket sent once, over the connection a URL names."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from printers.address import PrinterAddress, config_error
from printers.connections import Connection, Deadline, PrintJob, connection_for
from printers.encoding import PrinterProfile, encode_image
from printers.errors import PrinterError
from printers.layout import render_test_page, render_ticket
from printers.status import STATUS_QUERIES, PrinterStatus, query_bytes, status_from_replies
from printers.tickets import PrintableTicket, TicketSite

__all__ = ["MAX_TIMEOUT", "TicketPrinter"]

log = logging.getLogger(__name__)

MAX_TIMEOUT = 2.0  # seconds: no printer operation takes longer than this to decide


def _pick(name: str, from_url: str | int | None, given: str | int | None) -> str | int | None:
    if from_url is not None and given is not None and from_url != given:
        raise config_error(f"{name} is {from_url} in the URL but {given} in the settings")
    return from_url if from_url is not None else given


class TicketPrinter:
    """A ticket printer named by a URL (see docs/printing.md).

    Every operation decides within ``timeout`` seconds (at most 2): ``status()`` within
    the bound in all; ``print_ticket()`` asks status within the bound, then sends for as
    long as the printer keeps taking data, giving up after ``timeout`` without progress.
    Safe to share between threads: operations take turns (a wait counts in the bound).
    Paper width and profile come from the URL (``?width=576&profile=TM-T88V``) or from
    the arguments; they must not disagree.
    """

    def __init__(
        self,
        url: str,
        *,
        width: int | None = None,
        profile: str | None = None,
        timeout: float = MAX_TIMEOUT,
        connection: Connection | None = None,
    ) -> None:
        """Raises PrinterError(config) for a bad URL, profile, width or timeout.

        ``connection`` replaces the one the URL names (a test double for USB).
        """
        if not 0 < timeout <= MAX_TIMEOUT:
            raise config_error(f"timeout {timeout} s: it must be above 0 and at most 2")
        self.address = PrinterAddress.parse(url)
        raw_width = self.address.text("width")
        url_width = self.address.integer("width", 0) if raw_width is not None else None
        self.profile = PrinterProfile.resolve(
            str(_pick("profile", self.address.text("profile"), profile) or "") or None,
            int(_pick("width", url_width, width) or 0) or None,
        )
        self.timeout = timeout
        self.connection = connection if connection is not None else connection_for(self.address)
        self._busy = threading.Lock()  # one operation at a time: bytes never interleave

    @contextmanager
    def _turn(self, deadline: Deadline) -> Iterator[None]:
        """Wait (within the bound) for another thread's operation on this printer to end."""
        if not self._busy.acquire(timeout=deadline.left()):
            raise deadline.expired()
        try:
            yield
        finally:
            self._busy.release()

    @property
    def url(self) -> str:
        return self.address.url

    @property
    def width(self) -> int:
        """Paper width in dots (384 for 58 mm, 576 for 80 mm)."""
        return self.profile.width

    def __repr__(self) -> str:
        return f"TicketPrinter({self.url!r}, width={self.width}, profile={self.profile.name!r})"

    def _ask(self, deadline: Deadline) -> PrinterStatus:
        if not self.connection.can_ask:
            return PrinterStatus.unasked()
        replies = {n: self.connection.ask(query_bytes(n), deadline) for n in STATUS_QUERIES}
        return status_from_replies(replies)

    def status(self) -> PrinterStatus:
        """Ask the printer (DLE EOT) where the connection can; never raises PrinterError:
        an unreachable or silent printer is a status with ``online`` False and a reason."""
        deadline = Deadline(self.timeout)
        try:
            with self._turn(deadline):
                self.connection.open(deadline)
                try:
                    return self._ask(deadline)
                finally:
                    self.connection.close()
        except PrinterError as e:
            log.info("printer %s: %r", self.connection.describe(), e)
            return PrinterStatus.unreachable(e)

    def _print(self, job: PrintJob) -> PrinterStatus:
        deadline = Deadline(self.timeout)
        with self._turn(deadline):
            self.connection.open(deadline)
            try:
                status = self._ask(deadline)
                if status.problem is not None:
                    raise status.problem
                self.connection.send(job, self.timeout)
            finally:
                self.connection.close()
        log.info("printed %s (%d bytes) on %s", job.name, len(job.data), self.connection.describe())
        return status

    def ticket_job(self, ticket: PrintableTicket, site: TicketSite) -> PrintJob:
        """The image and the exact bytes ``print_ticket`` sends, without sending them."""
        image = render_ticket(ticket, site, self.width)
        name = f"ticket-{ticket.number}-{ticket.issued_at:%Y%m%d-%H%M%S}"
        return PrintJob(name=name, data=encode_image(image, self.profile), image=image)

    def print_ticket(self, ticket: PrintableTicket, site: TicketSite) -> PrinterStatus:
        """Check status, then print ``ticket`` once. Returns the status seen before
        printing (paper may be low). Raises PrinterError when the printer cannot print
        (offline, timeout, paper out, cover open) or the send fails; a failed send is
        never retried, so a ticket is never printed twice."""
        return self._print(self.ticket_job(ticket, site))

    def test_page_job(self, now: datetime) -> PrintJob:
        """The technician's test page as a job."""
        details = [
            self.connection.describe(),
            f"{self.width} dots · profile {self.profile.name}",
        ]
        image = render_test_page(self.width, details, now)
        return PrintJob(name="test-page", data=encode_image(image, self.profile), image=image)

    def print_test_page(self, now: datetime | None = None) -> PrinterStatus:
        """Print the test page (frame on the paper's edges, every diacritic, details)."""
        return self._print(self.test_page_job(now or datetime.now().astimezone()))
