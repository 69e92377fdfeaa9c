"""Signing in with a PIN: the guard asked first, and the try held among those being judged
while the PIN is compared off the writer thread (scrypt takes tens of ms that the queue must
not wait), then counted against account and address if it was wrong."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TypeVar

from queue_core import clock
from queue_core.api.runtime import ApiRuntime
from queue_core.errors import LuotError, NotAuthenticated
from queue_core.store import (
    Account,
    PinCheck,
    Store,
    check_pin,
    sign_in_addresses,
    stored_pin_hash,
    verify_pin,
)

T = TypeVar("T")

# One comparison at a time: scrypt holds 16 MB while it runs, and a thread that ran it keeps
# that memory (glibc arenas); twelve clerks signing in at once cost the server 100 MB of RSS
# on asyncio's default pool. One thread also paces anyone guessing PINs.
_PIN_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="luot-pin")

Open = Callable[[Store, datetime, Account], T | LuotError]
"""What a right PIN opens, in the writer's transaction: a session, or a refusal (returned)."""


async def sign_in(runtime: ApiRuntime, username: str, pin: str, address: str, then: Open[T]) -> T:
    """``then`` the account, when ``pin`` is its PIN and the guard lets ``address`` try.

    Refused before anything is read or compared when ``address`` guessed too much (429) or
    the account is locked for it (423). A try let through counts against both until it is
    judged, so that sign-ins sent at once are counted before their PINs are compared: no more
    reach the PIN thread than the wrong ones still allowed (the rest wait their turn, then are
    refused if those were wrong), and a real clerk waits behind no more.
    """
    runtime.pins.check(username, address)

    def read(store: Store) -> tuple[str | None, bool]:
        known = address in sign_in_addresses(store.conn, username, clock.now())
        return stored_pin_hash(store.conn, username), known

    pin_hash, known = await runtime.reader.read(read)
    attempt = await runtime.pins.attempt(username, address, known)

    def work(store: Store, now: datetime) -> T | LuotError:
        try:
            account = verify_pin(store.conn, username, pin, checked)
        except NotAuthenticated as wrong:
            return wrong  # a refusal: the transaction wrote nothing
        return then(store, now, account)

    try:
        checked = await _compare(pin, pin_hash)
        result: T = await runtime.writer.transaction(work)
    except NotAuthenticated as refused:
        attempt.judged(wrong=refused.code == "wrong_pin")
        raise
    except BaseException:  # not a wrong PIN: the core's trouble, or a right PIN refused after
        attempt.judged(wrong=False)
        raise
    attempt.judged(wrong=False)
    runtime.pins.succeeded(username, address)
    return result


async def _compare(pin: str, pin_hash: str | None) -> PinCheck | None:
    """The PIN compared with the stored hash on the PIN thread; None for no such account (after
    as much work: an unknown username, a disabled account and a wrong PIN answer alike)."""
    return await asyncio.get_running_loop().run_in_executor(_PIN_THREAD, check_pin, pin, pin_hash)
