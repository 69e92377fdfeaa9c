"""The calling policy: which waiting ticket a counter takes next."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from queue_core.domain.tickets import Ticket


def queue_order(ticket: Ticket) -> tuple[object, ...]:
    """Oldest first by the moment a ticket's place counts from; the id breaks ties."""
    return (ticket.queue_at, ticket.id)


@dataclass(frozen=True)
class Choice:
    ticket: Ticket
    priority_streak: int
    """Priority tickets called in a row at this counter after this choice."""


class CallingPolicy(Protocol):
    def choose(
        self, counter: int, services: Sequence[str], waiting: Iterable[Ticket], priority_streak: int
    ) -> Choice | None: ...


@dataclass(frozen=True)
class PriorityRatioPolicy:
    """Directed tickets first, then tickets sent to the front, then priority by a ratio.

    Among the counter's services it takes the oldest ticket. While both kinds
    wait, it calls ``ratio`` priority tickets for each normal one, so priority
    citizens go first without a stream of them stopping everybody else.
    """

    ratio: int = 2

    def choose(
        self, counter: int, services: Sequence[str], waiting: Iterable[Ticket], priority_streak: int
    ) -> Choice | None:
        served = set(services)
        directed: list[Ticket] = []
        front: list[Ticket] = []
        priority: list[Ticket] = []
        normal: list[Ticket] = []
        for ticket in waiting:
            if ticket.target_counter is not None:
                if ticket.target_counter == counter:
                    directed.append(ticket)
            elif ticket.service_id not in served:
                continue
            elif ticket.front:
                front.append(ticket)
            elif ticket.priority:
                priority.append(ticket)
            else:
                normal.append(ticket)
        for lane in (directed, front):
            if lane:
                return Choice(min(lane, key=queue_order), priority_streak)
        if priority and (not normal or priority_streak < self.ratio):
            return Choice(min(priority, key=queue_order), priority_streak + 1)
        if normal:
            return Choice(min(normal, key=queue_order), 0)
        return None


def lane(ticket: Ticket) -> int:
    """The lane a waiting ticket stands in, for counting who is ahead of it."""
    if ticket.target_counter is not None:
        return 0
    if ticket.front:
        return 1
    return 2 if ticket.priority else 3
