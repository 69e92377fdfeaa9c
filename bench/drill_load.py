"""The drill's own load: kiosks issuing and clerks calling through CoreClient while the core
dies and comes back; every 201 and every 5xx answer is written down in a LoadLog."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.drill_core import SERVICES
from queue_core.client import (
    CoreClient,
    CoreError,
    CoreFault,
    CoreRefused,
    CoreUnavailable,
    TicketInfo,
)
from simulator.clerks import Clerk

__all__ = ["Ack", "Going", "LoadLog", "OwnLoad", "is_server_error", "note_failure"]

Going = Callable[[], bool]
"""Whether the load should carry on."""
RETRY_PAUSE = 0.2
"""After the core went away: what a kiosk or a counter app waits before trying again."""


@dataclass(frozen=True)
class Ack:
    """A ticket whose 201 arrived: what the citizen holds."""

    id: int
    service: str
    number: str
    day: str

    @classmethod
    def of(cls, ticket: TicketInfo) -> Ack:
        return cls(ticket.id, ticket.service.id, ticket.number, ticket.business_day.isoformat())


@dataclass
class LoadLog:
    """What the load saw: requests sent, tickets acknowledged, calls answered, 5xx answers."""

    issued: int = 0
    acks: list[Ack] = field(default_factory=list)
    calls: int = 0
    server_errors: list[str] = field(default_factory=list)
    refusals: Counter[str] = field(default_factory=Counter)
    core_away: int = 0
    issues_lost: int = 0
    """Issue requests that got no answer: each may have left a ticket without its 201."""


def is_server_error(error: CoreError) -> bool:
    """A 5xx answer (or one breaking the contract), as opposed to a core that is not there:
    the client gives CoreUnavailable the status of a 502/503/504, none for a refused or
    dropped connection."""
    if isinstance(error, CoreFault):
        return True
    return isinstance(error, CoreUnavailable) and error.status is not None


def note_failure(log: LoadLog, error: CoreError) -> None:
    if is_server_error(error):
        log.server_errors.append(str(error))
    elif isinstance(error, CoreRefused):
        log.refusals[error.code] += 1
    else:
        log.core_away += 1


async def kiosk(
    client: CoreClient,
    services: Sequence[str],
    log: LoadLog,
    take: Callable[[], bool],
    pace: float,
    rng: random.Random,
) -> None:
    """Issue tickets while ``take()`` grants one; a citizen whose kiosk failed presses again."""
    while take():
        log.issued += 1
        try:
            ticket = await client.issue_ticket(rng.choice(services))
        except CoreError as error:
            note_failure(log, error)
            if isinstance(error, CoreUnavailable) and not is_server_error(error):
                log.issues_lost += 1
            await asyncio.sleep(RETRY_PAUSE)
            continue
        log.acks.append(Ack.of(ticket))
        await asyncio.sleep(pace * rng.uniform(0.5, 1.5))


async def clerk(
    client: CoreClient, counter: int, log: LoadLog, running: Callable[[], bool], pace: float
) -> None:
    """Next, start, next…: a call finishes the ticket being served. An answer lost to a
    kill leaves a ticket called but not started; the clerk then presses Start."""
    while running():
        try:
            called = await client.call_next(counter)
            if called is None:
                await asyncio.sleep(pace)
                continue
            log.calls += 1
            await client.start(counter)
        except CoreRefused as refused:
            log.refusals[refused.code] += 1
            if refused.code == "ticket_in_progress":
                await _start_quietly(client, counter, log)
        except CoreError as error:
            note_failure(log, error)
            await asyncio.sleep(RETRY_PAUSE)
            continue
        await asyncio.sleep(pace)


async def _start_quietly(client: CoreClient, counter: int, log: LoadLog) -> None:
    try:
        await client.start(counter)
    except CoreError as error:
        note_failure(log, error)


async def sign_in(client: CoreClient, desk: Clerk) -> None:
    """A clerk's session at the desk's counter, the counter opened."""
    session = await client.login(desk.username, desk.pin, desk.counter)
    client.token = session.token
    await client.open_counter(desk.counter)


class OwnLoad:
    """Kiosks issuing at a steady rate and clerks calling (next, start) as fast as they may,
    until ``tickets`` are acknowledged or ``seconds`` have passed, and ``going`` says so."""

    def __init__(
        self,
        tickets: int | None,
        seconds: float | None,
        rate: float,
        kiosks: int,
        call_pace: float,
        rng: random.Random,
    ) -> None:
        self.log = LoadLog()
        self.tickets = tickets
        self.seconds = seconds or 0.0
        self.kiosks = kiosks
        self.pace = kiosks / rate
        self.call_pace = call_pace
        self.rng = rng
        self._began: float | None = None

    @property
    def issued(self) -> int:
        return self.log.issued

    @property
    def issues_lost(self) -> int:
        return self.log.issues_lost

    def progress(self) -> float:
        if self.tickets is not None:
            return len(self.log.acks) / self.tickets
        if self._began is None:
            return 0.0
        return (time.monotonic() - self._began) / self.seconds

    async def run(
        self, core_url: str, kiosk_token: str, clerks: Sequence[Clerk], going: Going
    ) -> None:
        kiosks = [CoreClient(core_url, kiosk_token) for _ in range(self.kiosks)]
        desks = [CoreClient(core_url) for _ in clerks]
        try:
            for client, desk in zip(desks, clerks, strict=True):
                await sign_in(client, desk)
            self._began = time.monotonic()
            work = [kiosk(c, SERVICES, self.log, going, self.pace, self.rng) for c in kiosks]
            work += [
                clerk(c, d.counter, self.log, going, self.call_pace)
                for c, d in zip(desks, clerks, strict=True)
            ]
            await asyncio.gather(*work)
        finally:
            for client in kiosks + desks:
                await client.aclose()

    def acks(self) -> list[Ack]:
        return self.log.acks

    def server_errors(self) -> list[str]:
        return self.log.server_errors

    def summary(self) -> str:
        log = self.log
        return (
            f"own load: {log.core_away} requests found the core away, "
            f"refused {dict(log.refusals)}, {log.calls} calls answered"
        )
