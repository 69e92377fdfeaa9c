"""A counter as it stands now: open, paused or closed, and the ticket in front of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from queue_core.domain.site import CounterState
from queue_core.errors import Conflict


@dataclass(frozen=True)
class CounterStatus:
    number: int
    state: CounterState = CounterState.CLOSED
    ticket_id: int | None = None
    staff: str | None = None
    priority_streak: int = 0
    since: datetime | None = None

    def require_open(self) -> None:
        if self.state is not CounterState.OPEN:
            raise Conflict(
                "counter_not_open",
                f"Counter {self.number} is {self.state.value}; open it before calling.",
            )

    def with_state(self, state: CounterState, staff: str | None, now: datetime) -> CounterStatus:
        if state is CounterState.CLOSED and self.ticket_id is not None:
            raise Conflict(
                "ticket_in_progress",
                f"Counter {self.number} still has a ticket; finish, transfer or mark it "
                "no-show before closing.",
            )
        if state is self.state:
            raise Conflict("no_change", f"Counter {self.number} is already {state.value}.")
        if state is CounterState.CLOSED:
            staff = None
        elif staff is None:
            staff = self.staff
        return replace(self, state=state, staff=staff, since=now)
