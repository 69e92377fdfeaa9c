"""A clerk's session at the counter: signing in and out, and what a refused sign-in says.

The sign-in's states, and the work signing in and out sends to the core (signing in opens a
closed counter, signing out closes an open one). The panel's view-model holds the state and
sends the work through its bridge.
"""

from __future__ import annotations

import enum

from counter_display.panel_messages import Message, MessageKind
from queue_core.client import CoreClient, CoreRefused, CounterState, Session
from ui_common.bridge import CoreBridge, Work

__all__ = ["SignIn", "refused_sign_in", "sign_in_work", "sign_out_work"]


class SignIn(enum.StrEnum):
    SIGNED_OUT = "signed_out"
    SIGNING_IN = "signing_in"
    SIGNED_IN = "signed_in"


def sign_in_work(bridge: CoreBridge, counter: int, username: str, pin: str) -> Work[Session]:
    """Sign in at ``counter``; the session's token goes to the client and the bridge both (the
    stream goes on with the device's own token)."""

    async def work(core: CoreClient) -> Session:
        session = await core.login(username, pin, counter)
        core.token = bridge.session = session.token
        mine = [c for c in await core.counters() if c.number == counter]
        if mine and mine[0].state is CounterState.CLOSED:
            await core.open_counter(counter)  # signing in opens a closed counter
        return session

    return work


def sign_out_work(bridge: CoreBridge, counter: int, *, closable: bool) -> Work[None]:
    """Sign out, closing the counter first when it is not closed already (``closable``):
    closing it ends the session on the core, else the session is ended by itself."""

    async def work(core: CoreClient) -> None:
        if closable:
            await core.close_counter(counter)
        else:
            await core.logout()
        bridge.session = None
        core.token = bridge.token

    return work


def refused_sign_in(error: CoreRefused, counter: int) -> Message:
    """What the login page says when the core refused the username and PIN, or the counter."""
    if error.code == "not_assigned":
        return Message(MessageKind.ERROR, "counter_not_assigned", {"counter": counter})
    if error.code == "account_locked":
        return Message(MessageKind.ERROR, "counter_locked")
    if error.code == "too_many_attempts":  # this counter's address guessed too much
        return Message(MessageKind.ERROR, "counter_too_many")
    if error.code == "wrong_pin":
        return Message(MessageKind.ERROR, "counter_wrong_pin")
    return Message(MessageKind.ERROR, "refused_other", {"message": error.message})
