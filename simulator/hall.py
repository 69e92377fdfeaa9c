"""What the kiosk and the clerks share in one run: who holds which ticket, wake-ups, the log."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_core.client import TicketInfo
from simulator.clock import SimClock
from simulator.link import Link
from simulator.plan import Citizen, DayPlan
from simulator.results import TicketRecord

DRAIN_LIMIT = timedelta(hours=3)
"""After the window ends, clerks serve who is left for at most this long (simulated)."""
REGISTRATION_WAIT = 1.0
"""Wall seconds a clerk waits for the kiosk's 201 of a ticket it has just called."""


@dataclass(frozen=True)
class SimEvent:
    """A step of the run, for progress lines and the drill: ``kind`` like ``issued``,
    ``refused``, ``called``, ``finished``, ``no_show``, ``transferred``, ``rated``,
    ``core_away`` (a retried request; ``status`` when the core answered 5xx)."""

    kind: str
    at: datetime | None
    ticket: int | None = None
    counter: int | None = None
    service: str | None = None
    status: int | None = None
    detail: str = ""


EventCallback = Callable[[SimEvent], None]


class Hall:
    def __init__(
        self, plan: DayPlan, clock: SimClock, link: Link, on_event: EventCallback | None
    ) -> None:
        self.plan = plan
        self.clock = clock
        self.link = link
        self.on_event = on_event
        self.citizens: dict[int, Citizen] = {}
        self.records: dict[int, TicketRecord] = {}
        self._called_early: dict[int, datetime | None] = {}
        """First calls seen before the kiosk had its 201 (a ticket called the moment it was
        issued): kept for its record."""
        self.transferred: set[int] = set()
        self.outstanding: set[int] = set()
        self.refused: dict[str, int] = {}
        self.arrivals: dict[str, int] = {}
        """Booked holders at the kiosk, by how they stood to their slot."""
        self.unknown_calls = 0
        self.arrivals_done = False
        self._wakers = {number: asyncio.Event() for number in plan.counters}

    # --- the log --------------------------------------------------------------------------

    def sim_now(self) -> datetime | None:
        return self.clock.now() if self.clock.calibrated.is_set() else None

    def emit(self, kind: str, **detail: object) -> None:
        if self.on_event is not None:
            self.on_event(SimEvent(kind, self.sim_now(), **detail))  # type: ignore[arg-type]

    # --- tickets --------------------------------------------------------------------------

    def acknowledged(self, ticket: TicketInfo, citizen: Citizen) -> None:
        """The kiosk has the 201: the ticket is the citizen's, and counts."""
        self.citizens[ticket.id] = citizen
        self.records[ticket.id] = TicketRecord(
            id=ticket.id,
            number=ticket.number,
            service_id=ticket.service.id,
            business_day=ticket.business_day,
            priority=ticket.priority,
            issued_at=ticket.issued_at,
            estimate_minutes=ticket.estimate_minutes,
            appointment_at=ticket.appointment_at,
            first_called_at=self._called_early.pop(ticket.id, None),
        )
        self.outstanding.add(ticket.id)
        self.wake(ticket.service.id)
        self.emit("issued", ticket=ticket.id, service=ticket.service.id)

    async def citizen(self, ticket_id: int) -> Citizen | None:
        """The citizen holding a ticket just called; None if the kiosk never got its 201."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REGISTRATION_WAIT
        while ticket_id not in self.citizens and loop.time() < deadline:
            await asyncio.sleep(0.01)
        found = self.citizens.get(ticket_id)
        if found is None:
            self.unknown_calls += 1
        return found

    def called(self, ticket: TicketInfo, counter: int) -> None:
        self.seen_called(ticket)
        self.emit("called", ticket=ticket.id, counter=counter, service=ticket.service.id)

    def seen_called(self, ticket: TicketInfo) -> None:
        """The ticket is at a counter: its first call is kept (also when the answer to the
        call was lost and the counter learnt its ticket by asking again, or came before the
        kiosk's 201)."""
        record = self.records.get(ticket.id)
        if record is None:
            self._called_early.setdefault(ticket.id, ticket.called_at)
        elif record.first_called_at is None:
            record.first_called_at = ticket.called_at

    def moved(self, ticket: TicketInfo, counter: int, to_service: str) -> None:
        self.transferred.add(ticket.id)
        self.wake(to_service)
        self.emit("transferred", ticket=ticket.id, counter=counter, service=to_service)

    def closed(self, ticket: TicketInfo, counter: int, kind: str) -> None:
        self.outstanding.discard(ticket.id)
        self.emit(kind, ticket=ticket.id, counter=counter, service=ticket.service.id)

    def wait_of(self, ticket_id: int) -> float:
        record = self.records.get(ticket_id)
        wait = None if record is None else record.wait_minutes
        return wait or 0.0

    # --- waking idle clerks ---------------------------------------------------------------

    def wake(self, service_id: str) -> None:
        for number in self.plan.counters_serving(service_id):
            self._wakers[number].set()

    def wake_all(self) -> None:
        for waker in self._wakers.values():
            waker.set()

    def before_asking(self, counter: int) -> None:
        """Clear the counter's wake-up before it asks for the next ticket, so that a ticket
        issued while it asks is not missed."""
        self._wakers[counter].clear()

    async def idle(self, counter: int, wall_seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakers[counter].wait(), wall_seconds)

    # --- the day's end --------------------------------------------------------------------

    def finished(self) -> bool:
        if self.arrivals_done and not self.outstanding:
            return True
        now = self.sim_now()
        return now is not None and now > self.plan.end + DRAIN_LIMIT

    def break_until(self, now: datetime) -> datetime | None:
        """Between two of the centre's periods (lunch): when the next one starts."""
        for (_, end), (start, _) in zip(self.plan.periods, self.plan.periods[1:], strict=False):
            if end <= now < start:
                return start
        return None
