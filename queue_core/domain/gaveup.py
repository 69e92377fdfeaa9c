"""Who gave up, and the on-time share that counts them: the day's figures as citizens lived it.

A citizen *gave up* when their ticket ended unserved after waiting:

- cancelled without ever being called (by hand, or still waiting when the day ended: the
  ticket cannot tell which, and either way nobody called them), or
- a no-show whose first call came later than the service's target wait (they had waited past
  the target and were no longer there).

The *on-time share* is the tickets first called within their service's target over the
tickets that were called **or cancelled without a call**: those who gave up before a call
count as late, instead of vanishing from the share. A no-show called late is already a
called ticket past its target. The province's figures (``province.derive``) use the same
definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from queue_core.domain.tickets import Ticket, TicketStatus

__all__ = ["OnTime", "gave_up", "on_time"]


def _wait_minutes(ticket: Ticket) -> float | None:
    if ticket.first_called_at is None:
        return None
    return (ticket.first_called_at - ticket.issued_at).total_seconds() / 60


def gave_up(ticket: Ticket, target_minutes: float | None) -> bool:
    """Whether the ticket's holder left unserved after waiting (see the module)."""
    wait = _wait_minutes(ticket)
    if ticket.status is TicketStatus.CANCELLED:
        return wait is None
    if ticket.status is TicketStatus.NO_SHOW:
        return target_minutes is not None and wait is not None and wait > target_minutes
    return False


@dataclass(frozen=True)
class OnTime:
    """A group of tickets' on-time figures."""

    within: int
    """First called within the target."""
    judged: int
    """Called with a target, plus cancelled without a call: the share's denominator."""
    gave_up: int

    @property
    def share(self) -> float | None:
        return round(self.within / self.judged, 3) if self.judged else None


def on_time(tickets: Iterable[Ticket], target: Callable[[str], float | None]) -> OnTime:
    """The on-time figures of ``tickets``; ``target`` gives a service's target wait (None: none)."""
    within = judged = left = 0
    for ticket in tickets:
        minutes = target(ticket.service_id)
        wait = _wait_minutes(ticket)
        if gave_up(ticket, minutes):
            left += 1
        if wait is None:
            judged += ticket.status is TicketStatus.CANCELLED and minutes is not None
        elif minutes is not None:
            judged += 1
            within += wait <= minutes
    return OnTime(within, judged, left)
