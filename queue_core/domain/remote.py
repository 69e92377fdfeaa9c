"""Tickets taken from afar (by text): the code that checks their holder in at a kiosk, and a call
that reaches only those present, passing over or marking no-show whoever has not checked in."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_core.domain.appointments import CODE_ALPHABET, CODE_LENGTH
from queue_core.domain.calling import CallingPolicy, Choice
from queue_core.domain.tickets import Ticket

__all__ = ["Present", "Unchecked", "call_present", "check_in_code"]


class Unchecked(enum.StrEnum):
    """The site's ``[sms] remote_unchecked``: what a call does with a ticket taken by text
    whose holder has not checked in at a kiosk when its turn comes. Either way no counter is
    called to nobody."""

    NO_SHOW = "no_show"
    """Its turn is spent: marked a no-show, and the call goes on to the next."""
    SKIP = "skip"
    """It keeps its place, passed over until its holder checks in."""


def check_in_code(public_token: str) -> str:
    """The code a ticket taken by text is checked in with at a kiosk (sent in the answer to the
    text): a booking code's shape and letters, so the same pad and the same scan take it, drawn
    from the ticket's secret public token (nothing more to keep, nothing to guess from its
    number)."""
    digest = hashlib.sha256(b"luot-check-in:" + public_token.encode()).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


@dataclass(frozen=True)
class Present:
    """A call's outcome: the policy's choice among those present (None: nobody to call), and
    the tickets its turn reached whose holder never checked in (``Unchecked.NO_SHOW``: each to
    be marked a no-show, oldest turn first; ``SKIP``: none)."""

    choice: Choice | None
    passed: tuple[Ticket, ...] = ()


Heads = Callable[[frozenset[int]], Iterable[Ticket]]
"""The waiting tickets the policy may choose from, less the ids given (the store: each lane's
head, read again without them)."""


def call_present(
    policy: CallingPolicy,
    counter: int,
    services: Sequence[str],
    heads: Heads,
    priority_streak: int,
    now: datetime | None,
    unchecked: Unchecked,
) -> Present:
    """The policy's choice as if each ticket still awaiting its holder's check-in were not
    there, asked again each time it chooses one: the chosen ticket is always one a person is
    in the hall for."""
    left_out: list[Ticket] = []
    while True:
        choice = policy.choose(
            counter, services, heads(frozenset(t.id for t in left_out)), priority_streak, now
        )
        if choice is None or not choice.ticket.awaiting_check_in:
            passed = tuple(left_out) if unchecked is Unchecked.NO_SHOW else ()
            return Present(choice, passed)
        left_out.append(choice.ticket)
