"""The clerks: each signs in at a counter and calls, serves, recalls, transfers and finishes."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta

from queue_core.client import CoreClient, CoreRefused, TicketInfo
from queue_core.domain import TicketStatus
from simulator.hall import Hall
from simulator.plan import Citizen, rating_reason, rating_score

OPEN_EARLY = timedelta(minutes=5)
"""Clerks open their counters this long before a period starts."""
RECALL_GAP_MINUTES = 1.0
"""How long a clerk waits for a called citizen before recalling, and again before no-show."""
IDLE_POLL_MINUTES = 1.0
"""With nobody to call, a clerk asks again after this long, or when a ticket is issued."""
MIN_IDLE_POLL_SECONDS = 0.25
MAX_REFUSALS = 5


@dataclass(frozen=True)
class Clerk:
    """A member of staff who signs in at ``counter`` with ``username`` and ``pin``; ``display``
    is the token of the display paired to that counter, where the citizen rates (None: nobody
    rates there; a clerk's session may not)."""

    username: str
    pin: str
    counter: int
    display: str | None = None


class Desk:
    """One clerk at one counter for the day, through the clerk's own CoreClient, and the
    counter's display (its own CoreClient, when it has one), where citizens rate."""

    def __init__(
        self, clerk: Clerk, client: CoreClient, hall: Hall, display: CoreClient | None = None
    ) -> None:
        self.clerk = clerk
        self.client = client
        self.display = display
        self.hall = hall
        self.number = clerk.counter

    # --- the counter's state ----------------------------------------------------------------

    async def sign_in(self) -> None:
        session = await self.hall.link.call(
            "login", lambda: self.client.login(self.clerk.username, self.clerk.pin, self.number)
        )
        self.client.token = session.token
        await self.set_open()

    async def set_open(self) -> None:
        loop = asyncio.get_running_loop()
        sent = loop.time()
        try:
            counter = await self.hall.link.call(
                f"open {self.number}", lambda: self.client.open_counter(self.number)
            )
        except CoreRefused as refused:
            if refused.code != "no_change":
                raise
            return  # already open (a retried open, or a counter opened before the run)
        if counter.since is not None:
            self.hall.clock.calibrate(counter.since, sent, loop.time())
        self.hall.emit("opened", counter=self.number)

    async def pause(self) -> None:
        try:
            await self.hall.link.call(
                f"pause {self.number}", lambda: self.client.pause_counter(self.number)
            )
        except CoreRefused:
            return
        self.hall.emit("paused", counter=self.number)

    async def sign_out(self) -> None:
        # A refusal here means it was done already (a retried close or logout).
        with contextlib.suppress(CoreRefused):
            await self.hall.link.call(
                f"close {self.number}", lambda: self.client.close_counter(self.number)
            )
        with contextlib.suppress(CoreRefused):
            await self.hall.link.call("logout", self.client.logout)
        self.hall.emit("closed", counter=self.number)

    async def current(self) -> TicketInfo | None:
        """The counter's ticket as the core has it (after a refused step, to resynchronise)."""
        counters = await self.hall.link.call("counters", self.client.counters)
        mine = next((c for c in counters if c.number == self.number), None)
        return None if mine is None else mine.ticket

    # --- the day ----------------------------------------------------------------------------

    async def work(self) -> None:
        await self.sign_in()
        await self.hall.clock.calibrated.wait()
        ticket: TicketInfo | None = None
        refusals = 0
        while not self.hall.finished():
            try:
                if ticket is None:
                    ticket = await self.next_ticket()
                    if ticket is None:
                        continue
                    self.hall.called(ticket, self.number)
                ticket = await self.serve(ticket)
                refusals = 0
            except CoreRefused as refused:
                refusals += 1
                if refusals > MAX_REFUSALS:
                    raise
                self.hall.emit("refused", counter=self.number, detail=refused.code)
                ticket = await self.current()
                if ticket is not None:
                    self.hall.seen_called(ticket)
        await self.sign_out()

    async def next_ticket(self) -> TicketInfo | None:
        self.hall.before_asking(self.number)
        ticket = await self.hall.link.call(
            f"next {self.number}", lambda: self.client.call_next(self.number)
        )
        if ticket is not None:
            return ticket
        now = self.hall.clock.now()
        resume = self.hall.break_until(now)
        # Within OPEN_EARLY of the period the counter stays open and waits for citizens:
        # pausing it there again only made it flap paused/open until the period began.
        if resume is not None and now < resume - OPEN_EARLY:
            await self.pause()
            await self.hall.clock.sleep_until(resume - OPEN_EARLY)
            await self.set_open()
        else:
            wall = max(self.hall.clock.wall_seconds(IDLE_POLL_MINUTES), MIN_IDLE_POLL_SECONDS)
            await self.hall.idle(self.number, wall)
        return None

    async def serve(self, ticket: TicketInfo) -> TicketInfo | None:
        """Take one called ticket to its end at this counter; None when the counter is free."""
        citizen = await self.hall.citizen(ticket.id)
        second_visit = ticket.id in self.hall.transferred
        if ticket.status is TicketStatus.CALLED:
            if citizen is not None and citizen.no_show and not second_visit:
                await self._no_show(ticket)
                return None
            await self.hall.clock.sleep(citizen.walk_minutes if citizen else 0.5)
            ticket = await self.hall.link.call(
                f"start {self.number}", lambda: self.client.start(self.number)
            )
        if citizen is not None and citizen.transfer_to and not second_visit:
            await self.hall.clock.sleep(citizen.service_minutes)
            moved = await self.hall.link.call(
                f"transfer {self.number}",
                lambda: self.client.transfer(self.number, service=citizen.transfer_to),
            )
            self.hall.moved(moved, self.number, citizen.transfer_to)
            return None
        await self.hall.clock.sleep(self._minutes(ticket, citizen, second_visit))
        done = await self.hall.link.call(
            f"finish {self.number}", lambda: self.client.finish(self.number)
        )
        self.hall.closed(done, self.number, "finished")
        if citizen is not None and citizen.rates and self.display is not None:
            await self._rate(done, citizen, self.display)
        return None

    def _minutes(self, ticket: TicketInfo, citizen: Citizen | None, second_visit: bool) -> float:
        if citizen is None:
            return self.hall.plan.mean_minutes.get(ticket.service.id, 8.0)
        return citizen.after_transfer_minutes if second_visit else citizen.service_minutes

    async def _no_show(self, ticket: TicketInfo) -> None:
        while ticket.recalls < self.hall.plan.recalls_before_no_show:
            await self.hall.clock.sleep(RECALL_GAP_MINUTES)
            ticket = await self.hall.link.call(
                f"recall {self.number}", lambda: self.client.recall(self.number)
            )
        await self.hall.clock.sleep(RECALL_GAP_MINUTES)
        gone = await self.hall.link.call(
            f"no-show {self.number}", lambda: self.client.no_show(self.number)
        )
        self.hall.closed(gone, self.number, "no_show")

    async def _rate(self, ticket: TicketInfo, citizen: Citizen, display: CoreClient) -> None:
        plan = self.hall.plan
        waited = self.hall.wait_of(ticket.id)
        target = plan.targets.get(citizen.service_id, 30)
        score = rating_score(citizen.rating_draw, waited, target, plan.rating_levels)
        reason = rating_reason(score, plan.rating_levels, waited, target, plan.rating_reasons)
        try:
            await self.hall.link.call(
                f"rate {self.number}", lambda: display.rate(ticket.id, score, reason)
            )
        except CoreRefused:
            return  # rated already (a retried rating that had gone through)
        self.hall.emit("rated", ticket=ticket.id, counter=self.number, detail=str(score))
