"""PINs compared off the writer thread: scrypt takes tens of ms that the queue must not wait."""

from __future__ import annotations

import asyncio

from queue_core.api.state import Core
from queue_core.store.accounts import PinCheck, check_pin, stored_pin_hash


async def precheck_pin(core: Core, username: str, pin: str) -> PinCheck | None:
    """The PIN compared with the stored hash in a worker thread; None for no such account.

    The writer then only counts the answer (the lockout), in its transaction.
    """
    pin_hash = await core.reader.read(lambda store: stored_pin_hash(store.conn, username))
    if pin_hash is None:
        return None
    return await asyncio.to_thread(check_pin, pin, pin_hash)
