"""What the store hands back for a command: its result and the events it committed."""

from __future__ import annotations

from dataclasses import dataclass, field

from queue_core.domain import NO_WAIT, CounterStatus, DomainError, Event, Ticket, WaitRange


@dataclass(frozen=True)
class TicketView:
    """A ticket with the live figures a person reads: who is ahead and how long."""

    ticket: Ticket
    ahead: int
    estimate_minutes: int
    estimate_range: WaitRange = NO_WAIT


@dataclass(frozen=True)
class Outcome:
    """One command's answer. ``error`` is set when the rules refused it (nothing changed)."""

    result: TicketView | Ticket | CounterStatus | int | None = None
    events: tuple[Event, ...] = ()
    error: DomainError | None = None

    def unwrap(self) -> TicketView | Ticket | CounterStatus | int | None:
        if self.error is not None:
            raise self.error
        return self.result


@dataclass
class Pending:
    """Events a command produced, before they are committed and numbered."""

    events: list[Event] = field(default_factory=list)
