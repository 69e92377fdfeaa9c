"""Who may listen to the event stream: a credential checked when a stream opens, and again for
every open stream after any change that may end one and every RECHECK_SECONDS (sessions also
end by time): a stream whose credential no longer holds is closed with its refusal."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from queue_core import clock
from queue_core.api.errors import error_body, status_of
from queue_core.api.hub import Hub, Subscriber
from queue_core.api.reader import Reader
from queue_core.errors import LuotError
from queue_core.store import Principal, Store, authenticate

log = logging.getLogger("luot.api.listeners")
T = TypeVar("T")

RECHECK_SECONDS = 10.0
"""How often every open stream's credential is checked again when nothing else asked."""
SOON_SECONDS = 0.1
"""A change asks for a check this soon after it, so that a burst of changes costs one."""

Allow = Callable[[Principal], None]
"""What a stream asks of its principal beyond a valid credential; raises AccessDenied."""


@dataclass
class _Listener:
    token: str | None
    allow: Allow | None
    pump: asyncio.Task[None] | None = None


def close_code(refusal: LuotError) -> int:
    """A refusal's WebSocket close code: its HTTP status + 4000 (401 -> 4401)."""
    return 4000 + status_of(refusal)


def refusal_text(refusal: LuotError) -> str:
    return json.dumps(error_body(refusal.code, refusal.message, refusal.field))


class Listeners:
    """The open streams' credentials; closes a stream when its credential no longer holds."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._listening: dict[Subscriber, _Listener] = {}
        self._reader: Reader | None = None
        self._every: asyncio.Task[None] | None = None
        self._soon: asyncio.TimerHandle | None = None
        self._checking: asyncio.Task[None] | None = None
        self.ended = 0
        """Streams closed so far because their credential no longer held."""

    def start(self, reader: Reader) -> None:
        self._reader = reader
        self._every = asyncio.get_running_loop().create_task(self._periodically())

    def stop(self) -> None:
        for task in (self._every, self._checking):
            if task is not None:
                task.cancel()
        if self._soon is not None:
            self._soon.cancel()
        self._every = self._checking = self._soon = None

    async def admit(self, token: str | None, allow: Allow | None) -> Principal:
        """The principal of a stream about to open; raises its refusal (LuotError)."""
        return await self._read(lambda store: _check(store, token, allow))

    def add(self, subscriber: Subscriber, token: str | None, allow: Allow | None) -> None:
        self._listening[subscriber] = _Listener(token, allow)

    def pumping(self, subscriber: Subscriber, pump: asyncio.Task[None]) -> None:
        """The task that feeds ``subscriber`` its backlog: cancelled when its stream is ended."""
        listener = self._listening.get(subscriber)
        if listener is not None:
            listener.pump = pump

    def remove(self, subscriber: Subscriber) -> None:
        self._listening.pop(subscriber, None)

    def recheck_soon(self) -> None:
        """Something that may end a credential was committed: check the streams shortly."""
        if self._soon is None and self._reader is not None:
            self._soon = asyncio.get_running_loop().call_later(SOON_SECONDS, self._check_now)

    def _check_now(self) -> None:
        self._soon = None
        if self._checking is None or self._checking.done():
            self._checking = asyncio.get_running_loop().create_task(self.recheck())
        else:  # one is reading: look again once it is done, to see this change too
            self._checking.add_done_callback(lambda _task: self.recheck_soon())

    async def _periodically(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_SECONDS)
            try:
                await self.recheck()
            except Exception:  # the database is busy or gone: the next turn will see
                log.info("checking the streams' credentials failed", exc_info=True)

    async def recheck(self) -> None:
        """Every open stream's credential checked again; the streams refused now are closed."""
        listening = dict(self._listening)
        if not listening:
            return
        asked = {(item.token, item.allow) for item in listening.values()}

        def read(store: Store) -> dict[tuple[str | None, Allow | None], LuotError]:
            refused = {}
            for token, allow in asked:
                try:
                    _check(store, token, allow)
                except LuotError as refusal:
                    refused[token, allow] = refusal
            return refused

        refused = await self._read(read)
        for subscriber, item in listening.items():
            refusal = refused.get((item.token, item.allow))
            if refusal is not None and subscriber in self._listening:
                self.end(subscriber, refusal)

    def end(self, subscriber: Subscriber, refusal: LuotError) -> None:
        """Close one stream with its refusal: the error body, then the close code."""
        listener = self._listening.pop(subscriber, None)
        if listener is not None and listener.pump is not None:
            listener.pump.cancel()
        self.ended += 1
        self.hub.close(subscriber, close_code(refusal), refusal.code, refusal_text(refusal))

    async def _read(self, work: Callable[[Store], T]) -> T:
        assert self._reader is not None, "the core is not started"
        return await self._reader.read(work)


def _check(store: Store, token: str | None, allow: Allow | None) -> Principal:
    principal = authenticate(store.conn, token, clock.now())
    if allow is not None:
        allow(principal)
    return principal
