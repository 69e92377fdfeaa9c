"""The clerk's messages and their rules: what each says, and how long it stays.

What a line says, what each refusal of the core says, whether a message still holds for the
counter as last read (``still_true``), and which messages a read of the counter takes back and
what takes their place (``taken_back``, ``in_place_of``). Pure: the panel's view-model holds the
message and asks these rules about it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from counter_display.state import CounterSnapshot
from queue_core.client import CoreRefused, CounterState, TicketStatus

__all__ = [
    "Message",
    "MessageKind",
    "in_place_of",
    "refusal_message",
    "still_true",
    "taken_back",
]


class MessageKind(enum.StrEnum):
    INFO = "info"
    ERROR = "error"


@dataclass(frozen=True)
class Message:
    """A line for the clerk: a catalogue key and the values to fill in."""

    kind: MessageKind
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    ticket: int | None = None
    """The ticket it speaks of, when it speaks of one (a chosen number the core refused)."""


_REFUSALS = {
    "ticket_in_progress": "refused_ticket_in_progress",
    "recall_first": "refused_recall_first",
    "counter_not_open": "refused_counter_not_open",
    "no_current_ticket": "refused_no_current_ticket",
    "not_callable_here": "refused_not_callable_here",
    "not_checked_in": "refused_not_checked_in",
}
_SESSION_CODES = {"token_required", "unknown_token", "session_ended", "not_allowed"}


def refusal_message(
    error: CoreRefused, *, recalls_before_no_show: int, chosen: int | None
) -> Message:
    """What the core's refusal of a press says to the clerk; ``chosen``: the number the clerk
    chose to call out of turn, which a refusal to call it speaks of."""
    if error.status == 401 or (error.code in _SESSION_CODES and error.status == 403):
        return Message(MessageKind.ERROR, "refused_session")
    key = _REFUSALS.get(error.code)
    if key is None:
        return Message(MessageKind.ERROR, "refused_other", {"message": error.message})
    about = chosen if key == "refused_not_callable_here" else None
    return Message(MessageKind.ERROR, key, {"n": recalls_before_no_show}, about)


def still_true(
    message: Message,
    snapshot: CounterSnapshot | None,
    *,
    connected: bool,
    recalls_before_no_show: int,
) -> bool:
    """Whether what ``message`` says still holds for the counter as last read (``snapshot``).

    Each message is held to the state it describes: nobody to call to an empty waiting
    list, offline to the connection, each refusal whose cause is known to that cause. The
    rest tell what one press or one reconnection came to, and stay until the next press.
    """
    ticket = None if snapshot is None else snapshot.ticket
    called = ticket is not None and ticket.status is TicketStatus.CALLED
    match message.key:
        case "counter_offline":
            return not connected
        case "counter_nobody_to_call":  # those who took a number by text and are not here
            return snapshot is None or all(t.awaiting_check_in for t in snapshot.waiting)
        case "refused_ticket_in_progress":
            return called
        case "refused_recall_first":
            recalls = ticket.recalls if ticket is not None else 0
            return called and recalls < recalls_before_no_show
        case "refused_counter_not_open":
            return snapshot is None or snapshot.state is not CounterState.OPEN
        case "refused_no_current_ticket":
            return ticket is None
        case "refused_not_callable_here":
            waiting = snapshot.waiting if snapshot else ()
            return all(t.id != message.ticket for t in waiting)
    return True


def taken_back(message: Message, holds: Callable[[Message], bool], *, fresh: bool) -> bool:
    """Whether a read of the counter takes ``message`` back: it no longer ``holds``, and the
    read may speak for it. Only a read begun after the message was said (``fresh``) may speak
    for the counter: one begun before may show a ticket that has gone since. The connection is
    known now, whichever read this is."""
    return (fresh or message.key == "counter_offline") and not holds(message)


def in_place_of(message: Message) -> Message | None:
    """What a message taken back gives way to: offline to "read again", the rest to nothing."""
    return (
        Message(MessageKind.INFO, "counter_reloaded") if message.key == "counter_offline" else None
    )
