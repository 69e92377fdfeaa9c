"""The calling policy: which waiting ticket a counter takes next, and the lanes it calls from.

This is the one statement of the lane rule; the store's SQL is written from ``Lane`` and
held to these functions by tests/queue_core/test_lanes.py.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from queue_core.domain.tickets import Ticket


class Lane(enum.IntEnum):
    """The lanes a counter calls from, in this order (the priority ratio aside)."""

    DIRECTED = 0
    """Transferred to one counter, which takes it before anything else."""
    FRONT = 1
    """Transferred to the front of a service's queue."""
    APPOINTMENT = 2
    """A booked holder, checked in: called once their slot has begun, before walk-ins (before
    it, only when nobody else waits: ``PriorityRatioPolicy``). Counted ahead of walk-ins."""
    PRIORITY = 3
    NORMAL = 4

    @classmethod
    def issued(cls, priority: bool) -> Lane:
        """The lane a new ticket joins."""
        return cls.PRIORITY if priority else cls.NORMAL


def lane(ticket: Ticket) -> Lane:
    """The lane a waiting ticket stands in."""
    if ticket.target_counter is not None:
        return Lane.DIRECTED
    if ticket.front:
        return Lane.FRONT
    if ticket.appointment_at is not None:
        return Lane.APPOINTMENT
    return Lane.issued(ticket.priority)


def queue_order(ticket: Ticket) -> tuple[datetime, int]:
    """Oldest first by the moment a ticket's place counts from; the id breaks ties."""
    return (ticket.queue_at, ticket.id)


def calling_order(ticket: Ticket) -> tuple[Lane, datetime, int]:
    """Who goes before whom, the priority ratio aside: by lane, then oldest first."""
    return (lane(ticket), *queue_order(ticket))


@dataclass(frozen=True)
class Choice:
    ticket: Ticket
    priority_streak: int
    """Priority tickets called in a row at this counter after this choice."""


class CallingPolicy(Protocol):
    def choose(
        self,
        counter: int,
        services: Sequence[str],
        waiting: Iterable[Ticket],
        priority_streak: int,
        now: datetime | None = None,
    ) -> Choice | None: ...


@dataclass(frozen=True)
class PriorityRatioPolicy:
    """Directed tickets first, then tickets sent to the front, then booked holders whose slot
    has begun, then priority by a ratio.

    Among the counter's services it takes the oldest ticket (a booked holder's from their
    slot's start). While both kinds wait, it calls ``ratio`` priority tickets for each normal
    one, so priority citizens go first without a stream of them stopping everybody else. A
    booked holder who checked in before their slot waits for it (less ``call_ahead``, the
    site's ``call_ahead_minutes``), unless nobody else waits. ``now`` None: every slot counts
    as begun.
    """

    ratio: int = 2
    call_ahead: timedelta = timedelta(0)

    def choose(
        self,
        counter: int,
        services: Sequence[str],
        waiting: Iterable[Ticket],
        priority_streak: int,
        now: datetime | None = None,
    ) -> Choice | None:
        served = set(services)
        lanes: dict[Lane, list[Ticket]] = {each: [] for each in Lane}
        for ticket in waiting:
            if waits_for(ticket, counter, served):
                lanes[lane(ticket)].append(ticket)
        for first in (Lane.DIRECTED, Lane.FRONT):
            if lanes[first]:
                return Choice(min(lanes[first], key=queue_order), priority_streak)
        booked = min(lanes[Lane.APPOINTMENT], key=queue_order, default=None)
        if booked is not None and slot_begun(booked, now, self.call_ahead):
            return Choice(booked, priority_streak)
        priority, normal = lanes[Lane.PRIORITY], lanes[Lane.NORMAL]
        if priority and (not normal or priority_streak < self.ratio):
            return Choice(min(priority, key=queue_order), priority_streak + 1)
        if normal:
            return Choice(min(normal, key=queue_order), 0)
        if booked is not None:
            return Choice(booked, priority_streak)
        return None


def slot_begun(ticket: Ticket, now: datetime | None, ahead: timedelta = timedelta(0)) -> bool:
    """Whether a booked holder's slot has begun, or begins within ``ahead`` (a walk-in's ticket
    has none to wait for)."""
    return ticket.appointment_at is None or now is None or ticket.appointment_at <= now + ahead


def waits_for(ticket: Ticket, counter: int, services: Collection[str]) -> bool:
    """Whether a counter serving ``services`` may call this ticket: sent to it, or of one of
    its services and sent to no counter (the order of the services does not matter)."""
    if ticket.target_counter is not None:
        return ticket.target_counter == counter
    return ticket.service_id in services
