"""The drill's own load: kiosks issuing and clerks calling through CoreClient while the core
dies and comes back; every 201 and every 5xx answer is written down in a LoadLog."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from queue_core.client import (
    CoreClient,
    CoreError,
    CoreFault,
    CoreRefused,
    CoreUnavailable,
    TicketInfo,
)

__all__ = ["Ack", "LoadLog", "clerk", "is_server_error", "kiosk", "note_failure"]

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
        return cls(ticket.id, ticket.service.id, ticket.number, str(ticket.raw["business_day"]))


@dataclass
class LoadLog:
    """What the load saw: requests sent, tickets acknowledged, calls answered, 5xx answers."""

    issued: int = 0
    acks: list[Ack] = field(default_factory=list)
    calls: int = 0
    server_errors: list[str] = field(default_factory=list)
    refusals: Counter[str] = field(default_factory=Counter)
    core_away: int = 0


def is_server_error(error: CoreError) -> bool:
    """A 5xx answer (or one breaking the contract), as opposed to a core that is not there.

    The client turns 502/503/504 into CoreUnavailable with no transport error under it;
    a refused or dropped connection keeps its httpx error as ``__cause__``.
    """
    if isinstance(error, CoreFault):
        return True
    return isinstance(error, CoreUnavailable) and error.__cause__ is None


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


async def sign_in(client: CoreClient, username: str, pin: str, counter: int) -> Any:
    """A clerk's session at ``counter``, the counter opened."""
    session = await client.login(username, pin, counter)
    client.token = session.token
    return await client.open_counter(counter)
