"""The event stream: one WebSocket to `/api/v1/events`, resumed from the last `seq` after any drop.

``EventStream`` is an async iterator of the contract's events, each read into its
type (``models.parse_event``: a TicketEvent, a CounterEvent…, an UnknownEvent for a
type from a newer core, a StreamSnapshot). It remembers the last ``seq`` it
delivered; when the socket drops — a network cut, the core restarting, a close code
asking the client to resume — it reconnects with capped, jittered exponential
backoff and asks for ``?since=<last seq>``, dropping any event whose ``seq`` it has
already delivered, so no event is yielded twice. A snapshot is yielded and moves the
last ``seq`` to its own. An event that breaks the contract is logged as the bug it is
and passed over (its ``seq`` counts as delivered: asking for it again would not mend it).

Its ``state`` (a ConnectionState) and the optional ``on_state`` callback tell
a UI when to show the "reconnecting" banner.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import random
import ssl
from collections.abc import AsyncGenerator, Callable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from queue_core.client.errors import CoreError, CoreFault, refusal
from queue_core.client.models import CoreEvent, parse_event
from queue_core.client.models.stream import SNAPSHOT

__all__ = ["Backoff", "ConnectionState", "EventStream", "StateCallback"]

log = logging.getLogger(__name__)


class ConnectionState(enum.StrEnum):
    CONNECTING = "connecting"
    """Opening the first connection."""
    CONNECTED = "connected"
    """Live: events arrive as they happen."""
    RECONNECTING = "reconnecting"
    """The connection dropped; waiting out the backoff or opening a new one."""
    CLOSED = "closed"
    """The stream has ended (closed by the app, or refused by the core)."""
    NOT_TRUSTED = "not_trusted"
    """Another machine answers at the core's address: its certificate is not the one this
    device pinned, so nothing was sent to it (an app says so on screen)."""


StateCallback = Callable[[ConnectionState], None]


@dataclass(frozen=True)
class Backoff:
    """Delays between reconnection attempts: ``initial * factor**n``, at most ``maximum``,
    each shortened by a random share of up to ``jitter`` so that a hall of devices
    does not reconnect in step."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.3

    def delay(self, attempt: int) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 64))
        return base * (1.0 - self.jitter * random.random())


class EventStream:
    """An async iterator of events that survives drops; use ``async with`` or ``aclose()``."""

    def __init__(
        self,
        events_url: str,
        since: int = 0,
        *,
        headers: Mapping[str, str] | None = None,
        backoff: Backoff | None = None,
        on_state: StateCallback | None = None,
        open_timeout: float = 10.0,
        ssl_context: Callable[[], ssl.SSLContext | None] | None = None,
        not_trusted: Callable[[], CoreError] | None = None,
    ) -> None:
        """``ssl_context``: the TLS context of a ``wss://`` stream (the pinned certificates),
        asked at each connection; a core whose certificate it refuses ends the stream with
        ``not_trusted()``: retrying will not help."""
        self._url = events_url
        self._ssl = ssl_context
        self._not_trusted = not_trusted
        self._headers = dict(headers or {})
        self._backoff = backoff or Backoff()
        self._on_state = on_state
        self._open_timeout = open_timeout
        self.last_seq = since
        """The ``seq`` of the last event delivered (or of the last snapshot)."""
        self.state = ConnectionState.CONNECTING
        self.connections = 0
        """How many connections have been opened so far (1 + reconnections)."""
        self._socket: ClientConnection | None = None
        self._error: dict[str, object] | None = None
        """The last contract error body the core sent, to go with a 44xx close code."""
        self._messages = self._run()

    # --- the async iterator -------------------------------------------------------------

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> CoreEvent:
        return await self._messages.__anext__()

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """End the stream and close its socket."""
        await self._messages.aclose()
        self._set_state(ConnectionState.CLOSED)

    async def drop(self) -> None:
        """Close the current socket as a network cut would; the stream reconnects and resumes."""
        if self._socket is not None:
            await self._socket.close(code=4000, reason="dropped by the client")

    # --- the loop -----------------------------------------------------------------------

    def _set_state(self, state: ConnectionState) -> None:
        if state is self.state:
            return
        self.state = state
        if self._on_state is not None:
            self._on_state(state)

    def _resume_url(self) -> str:
        joiner = "&" if "?" in self._url else "?"
        return f"{self._url}{joiner}since={self.last_seq}"

    async def _run(self) -> AsyncGenerator[CoreEvent, None]:
        failures = 0
        try:
            while True:
                delivered = False
                try:
                    # Closed here, not left to the loop's finalizer, so that closing the stream
                    # waits for the socket's goodbye (over TLS, a few more round trips).
                    async with contextlib.aclosing(self._connection()) as connection:
                        async for event in connection:
                            delivered = True
                            yield event
                except (OSError, TimeoutError, WebSocketException) as exc:
                    if isinstance(exc, ssl.SSLCertVerificationError) and self._not_trusted:
                        raise self._not_trusted() from exc
                    self._raise_if_refused(exc, self._error)
                    log.info("event stream dropped (%s); resuming after seq %d", exc, self.last_seq)
                failures = 0 if delivered else failures + 1
                self._set_state(ConnectionState.RECONNECTING)
                await asyncio.sleep(self._backoff.delay(failures))
        finally:
            self._socket = None
            self._set_state(ConnectionState.CLOSED)

    async def _connection(self) -> AsyncGenerator[CoreEvent, None]:
        """The events of one connection, in order, none already delivered."""
        self._error = None
        # wss:// without a context of ours: websockets makes one on the system's authorities
        context = None if self._ssl is None else self._ssl()
        tls: dict[str, Any] = {} if context is None else {"ssl": context}
        async with connect(
            self._resume_url(),
            additional_headers=self._headers,
            open_timeout=self._open_timeout,
            proxy=None,
            max_size=2**22,
            **tls,
        ) as socket:
            self._socket = socket
            self.connections += 1
            self._set_state(ConnectionState.CONNECTED)
            async for message in socket:
                for event in self._accept(message):
                    yield event

    def _accept(self, message: str | bytes) -> Iterator[CoreEvent]:
        """The new events in one message (an event, or a list of them)."""
        try:
            data = json.loads(message)
        except ValueError:
            log.error("event stream: a message that is not JSON: %.200r", message)
            return
        for item in data if isinstance(data, list) else [data]:
            seq = item.get("seq") if isinstance(item, dict) else None
            if isinstance(item, dict) and isinstance(item.get("error"), dict):
                self._error = item
                continue
            if not isinstance(seq, int) or isinstance(seq, bool):
                if not (isinstance(item, dict) and item.get("type") == "ping"):
                    log.error("event stream: a message without a seq: %.200r", item)
                continue
            if item.get("type") != SNAPSHOT and seq <= self.last_seq:
                continue
            self.last_seq = seq
            try:
                event = parse_event(item)
            except CoreFault as fault:
                log.error("event stream: the core broke the contract: %s", fault)
                continue
            yield event

    @staticmethod
    def _raise_if_refused(exc: Exception, error: dict[str, object] | None) -> None:
        """The core's refusal — a 4xx answer to the handshake, or a close code 4400-4499
        (the HTTP status + 4000) after an error body — ends the stream: retrying will not help."""
        if isinstance(exc, InvalidStatus) and 400 <= exc.response.status_code < 500:
            raise refusal(exc.response.status_code, exc.response.body or b"") from None
        code = exc.rcvd.code if isinstance(exc, ConnectionClosed) and exc.rcvd else 0
        if 4400 <= code < 4500:
            raise refusal(code - 4000, json.dumps(error or {}).encode()) from None
