"""The bridge: the async core client on a worker thread, its results and events as Qt signals."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import TypeVar

from queue_core.client import (
    ConnectionState,
    CoreClient,
    CoreError,
    CoreNotTrusted,
    EventStream,
    Trust,
)
from ui_common.handoff import Handoff
from ui_common.qt import QObject, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")

Work = Callable[[CoreClient], Awaitable[T]]
CLOSE_GRACE_S = 1.0
"""How long close() lets running work end by itself before cancelling it."""


class CoreBridge(QObject):
    """Runs every call to the core on one asyncio loop in a worker thread.

    Widgets and view-models never block: they hand ``call`` a coroutine function and
    get its result or its CoreError back on the GUI thread. Events of the stream
    arrive as ``event_received``; the stream's state as ``connection_changed``.

    The stream is started, replaced and stopped on the worker loop, one at a time: what a
    replaced stream still says (its own end, above all) is not passed on, so
    ``connection_changed`` speaks of the current stream only.
    """

    event_received = Signal(object)
    """Each message of the stream as the client reads it: a ``queue_core.client.CoreEvent``
    (a TicketEvent, a CounterEvent…, a StreamSnapshot, or an UnknownEvent to pass over)."""
    connection_changed = Signal(object)
    """The current stream's ``ConnectionState`` each time it changes."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        parent: QObject | None = None,
        trust: Trust | None = None,
    ):
        super().__init__(parent)
        self.base_url = base_url
        self.token = token
        """The device's own token (from its pairing): the stream always listens with it."""
        self.session: str | None = None
        """A staff session acting on this device (the clerk signed in at the panel): the calls
        carry it instead of the device's token while it is set."""
        self.trust = trust or Trust()
        """The core's certificates this device pinned (an https core is checked against them)."""
        self.state = ConnectionState.CONNECTING
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="core-bridge", daemon=True
        )
        self._handoff = Handoff("core call", self)
        self._client: CoreClient | None = None
        # touched on the worker loop only
        self._stream: EventStream | None = None
        self._stream_task: asyncio.Task[None] | None = None
        self._generation = 0
        self.closed = False
        self._thread.start()

    # --- calls ------------------------------------------------------------------------

    def call(
        self,
        work: Work[T],
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[CoreError], None] | None = None,
    ) -> Future[T]:
        """Run ``work(client)`` on the worker loop; callbacks run on the GUI thread.

        After ``close()`` nothing runs: the future comes back cancelled, no callback fires
        (a timer of a closing window may still ask).
        """
        if self.closed:
            late: Future[T] = Future()
            late.cancel()
            return late

        async def run() -> T:
            return await work(self._ensure_client())

        future = asyncio.run_coroutine_threadsafe(run(), self._loop)
        self._handoff.when_done(future, on_result, on_error, CoreError)
        return future

    def _ensure_client(self) -> CoreClient:
        if self._client is None:
            self._client = CoreClient(self.base_url, self.session or self.token, trust=self.trust)
        return self._client

    def set_endpoint(self, base_url: str, token: str | None) -> None:
        """Point the bridge at another core or device token (after rediscovery or pairing):
        calls made from now on go there; the stream moves at its next (re)start."""
        self.base_url, self.token = base_url, token
        if self.closed:
            return

        async def switch() -> None:
            old, self._client = self._client, None
            if old is not None:
                await old.aclose()

        asyncio.run_coroutine_threadsafe(switch(), self._loop)

    def set_trust(self, trust: Trust) -> None:
        """Trust these certificates from now on (a rotation's next one learned, or the old one
        let go): the calls made from now and the stream's next connection check the core
        against them; the stream's open connection goes on."""
        self.trust = trust
        if self.closed:
            return

        async def switch() -> None:
            if self._client is not None:
                await self._client.use_trust(trust)

        asyncio.run_coroutine_threadsafe(switch(), self._loop)

    # --- the event stream -------------------------------------------------------------------

    def subscribe(self, since: int = 0) -> None:
        """Start (or restart) the event stream from ``since``; it resumes by itself."""
        if not self.closed:
            self._loop.call_soon_threadsafe(self._start_stream, since)

    def resume_stream(self) -> None:
        """Open the stream again at once, from the last event it delivered, unless it is
        connected: the core answers again, no need to wait out the stream's backoff."""
        if not self.closed:
            self._loop.call_soon_threadsafe(self._resume_stream)

    def unsubscribe(self) -> None:
        if not self.closed:
            self._loop.call_soon_threadsafe(self._stop_stream)

    def drop_stream(self) -> None:
        """Cut the stream's socket as a network fault would (for tests and drills)."""

        async def drop() -> None:
            if self._stream is not None:
                await self._stream.drop()

        if not self.closed:
            asyncio.run_coroutine_threadsafe(drop(), self._loop)

    # on the worker loop

    def _start_stream(self, since: int) -> None:
        self._stop_stream()
        self._generation += 1
        generation = self._generation
        stream = self._ensure_client().subscribe(
            since, on_state=lambda state: self._state_changed(state, generation), token=self.token
        )
        self._stream = stream
        self._stream_task = self._loop.create_task(self._follow(stream))

    def _resume_stream(self) -> None:
        stream = self._stream
        if stream is not None and stream.state is not ConnectionState.CONNECTED:
            self._start_stream(stream.last_seq)

    def _stop_stream(self) -> None:
        self._generation += 1  # whatever the old stream says from now on is not passed on
        if self._stream_task is not None:
            self._stream_task.cancel()
        self._stream_task = self._stream = None

    async def _follow(self, stream: EventStream) -> None:
        try:
            async for event in stream:
                self.event_received.emit(event)  # frozen: safe to hand to another thread
        except CoreNotTrusted as error:
            log.warning("event stream not opened: %s", error)
            self._state_changed(ConnectionState.NOT_TRUSTED, self._generation)
        except CoreError as error:
            log.warning("event stream ended: %s", error)
        finally:
            await stream.aclose()

    def _state_changed(self, state: ConnectionState, generation: int) -> None:
        if generation != self._generation:
            return
        self.state = state
        self.connection_changed.emit(state)

    # --- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        """Stop the stream and the loop; wait for the worker thread to end."""
        if not self._thread.is_alive():
            return
        self.unsubscribe()
        self.closed = True

        async def shutdown() -> None:
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if others:  # a stream cancelled by unsubscribe() is still closing its socket
                await asyncio.wait(others, timeout=CLOSE_GRACE_S)
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            if self._client is not None:
                await self._client.aclose()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=5)
        except Exception:  # a core that is away must not stop an app from quitting
            log.debug("client close failed", exc_info=True)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
