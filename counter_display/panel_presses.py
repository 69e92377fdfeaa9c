"""The clerk's presses and their answers: each press's work, the repeat guard, the answer.

The work each press sends to the core, the guard that keeps a bouncing key from pressing twice,
and the counter as an answer leaves it until it is read again. Pure: the panel's view-model
decides when a press may go, sends this work through its bridge, and keeps what the answer says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from counter_display.state import Action, CounterSnapshot
from queue_core.client import CoreClient, CounterInfo, Position, TextsAsked, TicketInfo
from ui_common.bridge import Work

__all__ = ["answered", "call_chosen_work", "press_work", "too_soon", "transfer_work"]


def press_work(action: Action, counter: int, *, opens: bool) -> Work[Any]:
    """The work of a press that needs no more than the counter; ``opens``: F8 opens the
    counter rather than pausing it."""
    calls: dict[Action, Work[Any]] = {
        Action.NEXT: lambda core: core.call_next(counter),
        Action.RECALL: lambda core: core.recall(counter),
        Action.START: lambda core: core.start(counter),
        Action.FINISH: lambda core: core.finish(counter),
        Action.NO_SHOW: lambda core: core.no_show(counter),
        Action.PAUSE: (
            (lambda core: core.open_counter(counter))
            if opens
            else (lambda core: core.pause_counter(counter))
        ),
        Action.CLOSE: lambda core: core.close_counter(counter),
    }
    return calls[action]


def texts_work(ticket_id: int, phone: str, lang: str) -> Work[TextsAsked]:
    """The clerk adds a citizen's number for texts near their turn (the citizen agreed)."""

    async def work(core: CoreClient) -> TextsAsked:
        return await core.ask_texts(ticket_id, phone, lang, consent=True)

    return work


def transfer_work(
    counter: int, *, service: str | None, to_counter: int | None, position: Position
) -> Work[TicketInfo]:
    """Send the counter's ticket to another service or counter, at the back or the front."""

    async def work(core: CoreClient) -> TicketInfo:
        return await core.transfer(
            counter, service=service, to_counter=to_counter, position=position
        )

    return work


def call_chosen_work(counter: int, ticket_id: int, reason: str) -> Work[TicketInfo]:
    """Call a ticket out of turn, for the reason the clerk gave."""

    async def work(core: CoreClient) -> TicketInfo:
        return await core.call_ticket(counter, ticket_id, reason)

    return work


def too_soon(
    last_done: tuple[Action, float] | None,
    action: Action,
    clock: Callable[[], float],
    guard_s: float,
) -> bool:
    """The same press again within ``guard_s`` of the last answer, at ``clock``'s time (a
    bouncing call-pad key)."""
    if last_done is None:
        return False
    last, at = last_done
    return last is action and clock() - at < guard_s


def answered(snapshot: CounterSnapshot, action: Action, result: object) -> CounterSnapshot:
    """The counter as the answer to ``action`` leaves it."""
    if isinstance(result, CounterInfo):
        return replace(snapshot, state=result.state, ticket=result.ticket)
    if action in (Action.FINISH, Action.NO_SHOW, Action.TRANSFER):
        return replace(snapshot, ticket=None)
    if action in (Action.NEXT, Action.CALL_CHOSEN):
        return replace(snapshot, ticket=result if isinstance(result, TicketInfo) else None)
    if isinstance(result, TicketInfo):
        return replace(snapshot, ticket=result)
    return snapshot
