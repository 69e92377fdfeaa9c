"""Events: what happened, in the contract's types, numbered by the store."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from queue_core.domain.tickets import Ticket


class EventType(enum.StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_STARTED = "ticket.started"
    TICKET_FINISHED = "ticket.finished"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_RATED = "ticket.rated"
    TICKET_CANCELLED = "ticket.cancelled"
    COUNTER_OPENED = "counter.opened"
    COUNTER_PAUSED = "counter.paused"
    COUNTER_CLOSED = "counter.closed"
    DAY_RESET = "day.reset"
    DAY_RESTORED = "day.restored"
    NOTICE_CHANGED = "notice.changed"
    SERVICE_CHANGED = "service.changed"
    ALERT_RAISED = "alert.raised"
    ALERT_CLEARED = "alert.cleared"
    DOSSIER_CHANGED = "dossier.changed"


@dataclass(frozen=True)
class Event:
    """One change. ``seq`` is given by the store when the event is committed."""

    type: EventType
    at: datetime
    ticket: Ticket | None = None
    counter: int | None = None
    detail: dict[str, object] = field(default_factory=dict)
    seq: int | None = None
