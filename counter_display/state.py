"""The counter as its screens see it, and which of the clerk's actions make sense now (no Qt)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from queue_core.client import CounterFigures, CounterInfo, CounterState, TicketInfo, TicketStatus


class Action(enum.StrEnum):
    """What a clerk can ask of the counter; each is one button and (most) one key."""

    NEXT = "next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    CALL_CHOSEN = "call_chosen"
    PAUSE = "pause"
    """Pause an open counter, or open a paused or closed one (one key, F8)."""
    CLOSE = "close"


SHORTCUTS: dict[Action, str] = {
    Action.NEXT: "F1",
    Action.RECALL: "F2",
    Action.START: "F3",
    Action.FINISH: "F4",
    Action.NO_SHOW: "F5",
    Action.TRANSFER: "F6",
    Action.CALL_CHOSEN: "F7",
    Action.PAUSE: "F8",
}
"""The keys a USB call-pad types; F1–F6 and F8 as the issue asks, F7 for the out-of-turn call."""


@dataclass(frozen=True)
class CounterSnapshot:
    """One counter as the core last described it (``GET /counters``)."""

    number: int
    name: str
    state: CounterState
    services: tuple[str, ...] = ()
    ticket: TicketInfo | None = None
    staff_name: str | None = None
    staff_title: str = ""
    waiting: tuple[TicketInfo, ...] = ()
    today: CounterFigures = field(default_factory=CounterFigures)
    staff_today: CounterFigures = field(default_factory=CounterFigures)

    @classmethod
    def from_info(cls, info: CounterInfo) -> CounterSnapshot:
        return cls(
            number=info.number,
            name=info.name,
            state=info.state,
            services=info.services,
            ticket=info.ticket,
            staff_name=info.staff_name or info.staff,
            staff_title=info.staff_title or "",
            waiting=info.waiting,
            today=info.today,
            staff_today=info.staff_today,
        )

    @classmethod
    def closed(cls, number: int) -> CounterSnapshot:
        return cls(number, str(number), CounterState.CLOSED)


def name_beyond_number(number: int, name: str, labels: Iterable[str]) -> str:
    """The counter's name without what its number already says: "Quầy 2 – Tư pháp" with the
    label "Quầy 2" gives "Tư pháp"; a name that is only the number or a label gives ""."""
    name = name.strip()
    if name == str(number):
        return ""
    for label in labels:
        head, rest = name[: len(label)], name[len(label) :]
        if head.casefold() == label.casefold() and not rest[:1].isdigit():
            return rest.lstrip(" -–—·:,.")
    return name


def elapsed_text(since: datetime | None, now: datetime) -> str:
    """``m:ss`` (or ``h:mm:ss``) since a moment; ``0:00`` for a moment in the future."""
    if since is None:
        return ""
    seconds = max(0, int((now - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def enabled_actions(
    counter: CounterSnapshot | None,
    *,
    connected: bool,
    busy: bool,
    recalls_before_no_show: int = 0,
) -> frozenset[Action]:
    """The actions whose button is enabled. Nothing while offline or while a request is out."""
    if counter is None or not connected or busy:
        return frozenset()
    ticket = counter.ticket
    state = counter.state
    actions: set[Action] = {Action.PAUSE}
    if state is CounterState.OPEN and ticket is None:
        actions |= {Action.NEXT, Action.CALL_CHOSEN}
    if ticket is None and state is not CounterState.CLOSED:
        actions.add(Action.CLOSE)
    if ticket is not None and ticket.status is TicketStatus.CALLED:
        actions |= {Action.RECALL, Action.START, Action.TRANSFER}
        if ticket.recalls >= recalls_before_no_show:
            actions.add(Action.NO_SHOW)
    if ticket is not None and ticket.status is TicketStatus.SERVING:
        actions |= {Action.FINISH, Action.TRANSFER}
        if state is CounterState.OPEN:
            actions |= {Action.NEXT, Action.CALL_CHOSEN}  # the core finishes this one first
    return frozenset(actions)
