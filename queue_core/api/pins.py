"""PINs compared off the writer thread: scrypt takes tens of ms that the queue must not wait."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from queue_core.api.runtime import ApiRuntime
from queue_core.store import PinCheck, check_pin, stored_pin_hash

# One comparison at a time: scrypt holds 16 MB while it runs, and a thread that ran it keeps
# that memory (glibc arenas); twelve clerks signing in at once cost the server 100 MB of RSS
# on asyncio's default pool. One thread also paces anyone guessing PINs.
_PIN_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="luot-pin")


async def precheck_pin(runtime: ApiRuntime, username: str, pin: str) -> PinCheck | None:
    """The PIN compared with the stored hash on the PIN thread; None for no such account.

    The writer then only counts the answer (the lockout), in its transaction.
    """
    pin_hash = await runtime.reader.read(lambda store: stored_pin_hash(store.conn, username))
    if pin_hash is None:
        return None
    return await asyncio.get_running_loop().run_in_executor(_PIN_THREAD, check_pin, pin, pin_hash)
