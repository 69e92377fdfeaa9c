"""The drill's hall boards: CoreClient event streams that note every seq they are given and
every ticket.called they see."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from queue_core.client import Backoff, CoreClient, EventStream, StreamSnapshot, TicketEvent
from queue_core.domain import EventType

__all__ = ["BoardLog", "Boards"]

QUICK = Backoff(initial=0.1, maximum=1.0, factor=2.0, jitter=0.3)
"""Boards come back within a second of the core, so the drill's end is not spent waiting."""


@dataclass
class BoardLog:
    """What one board was given, in delivery order."""

    seqs: list[int] = field(default_factory=list)
    calls: list[tuple[int, int]] = field(default_factory=list)
    """(seq, ticket id) of each ticket.called."""
    snapshots: int = 0
    connections: int = 0


class Boards:
    """``count`` subscribers of the core at ``url``, each from seq 0, until ``stop()``; they
    listen with ``token``, a paired board's."""

    def __init__(self, url: str, count: int, token: str) -> None:
        self.url = url
        self.token = token
        self.logs = [BoardLog() for _ in range(count)]
        self._streams: list[EventStream] = []
        self._clients: list[CoreClient] = []
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for log in self.logs:
            client = CoreClient(self.url, self.token, backoff=QUICK)
            stream = client.subscribe(0)
            self._clients.append(client)
            self._streams.append(stream)
            self._tasks.append(asyncio.ensure_future(self._follow(stream, log)))

    def behind(self, seq: int) -> int:
        """How many boards have not yet been given ``seq``."""
        return sum(1 for stream in self._streams if stream.last_seq < seq)

    async def caught_up(self, seq: int, deadline: float) -> bool:
        """Wait until every board was given ``seq``, or ``deadline`` (loop time) passes."""
        loop = asyncio.get_running_loop()
        while self.behind(seq) and loop.time() < deadline:
            await asyncio.sleep(0.05)
        return not self.behind(seq)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for stream, log in zip(self._streams, self.logs, strict=True):
            log.connections = stream.connections
            await stream.aclose()
        for client in self._clients:
            await client.aclose()

    @staticmethod
    async def _follow(stream: EventStream, log: BoardLog) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            async for event in stream:
                log.seqs.append(event.seq)
                if isinstance(event, StreamSnapshot):
                    log.snapshots += 1
                elif isinstance(event, TicketEvent) and event.kind is EventType.TICKET_CALLED:
                    log.calls.append((event.seq, event.ticket.id))
