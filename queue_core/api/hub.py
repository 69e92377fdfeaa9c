"""The event stream's fan-out: each event serialised once, written to every live subscriber."""

from __future__ import annotations

import asyncio
import logging
import struct
from collections import deque
from collections.abc import Callable
from typing import Any

from starlette.types import Send

log = logging.getLogger("luot.api.hub")

CLOSE_RESUME = 4008
"""Close code for a subscriber that fell behind: reconnect with ``?since=<last seq seen>``."""
MAX_BUFFERED_BYTES = 256 * 1024
"""A live subscriber with more than this waiting in its socket is too slow and is closed."""
MAX_PENDING_EVENTS = 5000
"""Events held for a subscriber still catching up before it is closed with CLOSE_RESUME."""
KICK_ABORT_SECONDS = 30.0
FLUSH_SECONDS = 0.020
"""Events committed within this long of the last write go out together, one write per
subscriber for the lot; the first event after a quiet spell goes out at once.

Each write is a system call per subscriber, so this bounds the sends a second to
subscribers / FLUSH_SECONDS under load: longer, more issues/s; shorter, quicker boards.
docs/api.md (Bench) has the trade as measured."""


def text_frame(payload: bytes) -> bytes:
    """One unmasked, final WebSocket text frame (RFC 6455, 5.2), as a server sends it."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


class _Raw:
    """Direct access to uvicorn's websockets-sansio connection, when the server is that one.

    Writing one pre-built frame into each transport costs a few microseconds, where an
    ASGI ``send`` per subscriber costs tens: this is what lets 1,000 boards follow a call.
    """

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol
        self.transport: asyncio.WriteTransport = protocol.transport

    @classmethod
    def of(cls, send: Send) -> _Raw | None:
        protocol = getattr(send, "__self__", None)
        transport = getattr(protocol, "transport", None)
        conn = getattr(protocol, "conn", None)
        needed = ("write", "get_write_buffer_size", "is_closing", "abort")
        if conn is None or not all(hasattr(transport, name) for name in needed):
            return None  # (uvloop's transports are not asyncio.WriteTransport subclasses)
        if getattr(conn, "extensions", None) or not hasattr(protocol, "close_sent"):
            return None  # compression or an unknown server: frames are not ours to write
        return cls(protocol)

    def open(self) -> bool:
        return not self.protocol.close_sent and not self.transport.is_closing()

    def buffered(self) -> int:
        return self.transport.get_write_buffer_size()


class Subscriber:
    """One WebSocket: catching up through its own task, then live through the hub's writes."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.raw = _Raw.of(send)
        self.pending: deque[tuple[int, str]] = deque()
        self.wake = asyncio.Event()
        self.live = False
        self.last_seq = 0
        self.closed = False

    async def send_text(self, text: str) -> None:
        await self.send({"type": "websocket.send", "text": text})


class Hub:
    """Holds the subscribers and the last published ``seq``; never waits on any of them."""

    def __init__(self, last_seq: int) -> None:
        self.last_seq = last_seq
        self.subscribers: set[Subscriber] = set()
        self.kicked = 0
        self._outbox: list[tuple[int, str]] = []
        self._flush_due: asyncio.TimerHandle | None = None
        self._last_flush = float("-inf")
        self.also: list[Callable[[list[tuple[int, str]]], None]] = []
        """Told of each publish too, on the event loop, and must not wait (the phone pages'
        feed, ``api.follow``)."""

    def add(self, subscriber: Subscriber) -> None:
        self.subscribers.add(subscriber)

    def remove(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def publish(self, events: list[tuple[int, str]]) -> None:
        """Called on the event loop with committed events in ``seq`` order."""
        if not events:
            return
        self.last_seq = events[-1][0]
        for told in self.also:
            told(events)
        self._outbox.extend(events)
        if self._flush_due is not None:
            return
        loop = asyncio.get_running_loop()
        due = self._last_flush + FLUSH_SECONDS
        if loop.time() >= due:
            self.flush()
        else:
            self._flush_due = loop.call_at(due, self.flush)

    def flush(self) -> None:
        """Write what was published since the last flush to every subscriber."""
        self._flush_due = None
        self._last_flush = asyncio.get_running_loop().time()
        events, self._outbox = self._outbox, []
        if not events:
            return
        frames: bytes | None = None
        for subscriber in tuple(self.subscribers):
            if subscriber.live and subscriber.raw is not None:
                if frames is None:
                    frames = b"".join(text_frame(t.encode()) for _s, t in events)
                self._write(subscriber, events, frames)
            else:
                subscriber.pending.extend(events)
                subscriber.wake.set()
                if len(subscriber.pending) > MAX_PENDING_EVENTS:
                    self.kick(subscriber)

    def _write(self, subscriber: Subscriber, events: list[tuple[int, str]], frames: bytes) -> None:
        raw = subscriber.raw
        assert raw is not None
        if not raw.open():
            self.remove(subscriber)
            return
        if raw.buffered() > MAX_BUFFERED_BYTES:
            self.kick(subscriber)
            return
        if events[0][0] <= subscriber.last_seq:  # it read some of these from the log already
            newer = [t for s, t in events if s > subscriber.last_seq]
            frames = b"".join(text_frame(t.encode()) for t in newer)
        if frames:
            raw.transport.write(frames)
        subscriber.last_seq = max(subscriber.last_seq, events[-1][0])

    def kick(self, subscriber: Subscriber) -> None:
        """Close a subscriber that cannot keep up, telling it to resume; others never wait."""
        if not subscriber.closed:
            self.kicked += 1
        self.close(subscriber, CLOSE_RESUME, "resume")

    def close(
        self, subscriber: Subscriber, code: int, reason: str, last: str | None = None
    ) -> None:
        """Stop writing to a subscriber and close its socket with ``code``, after ``last`` (a
        message saying why), if given."""
        if subscriber.closed:
            return
        self.remove(subscriber)
        subscriber.closed = True
        subscriber.wake.set()
        asyncio.get_running_loop().create_task(_close(subscriber, code, reason, last))


async def _close(subscriber: Subscriber, code: int, reason: str, last: str | None) -> None:
    """Send the close frame after what is buffered; a peer that reads nothing is cut later."""
    if subscriber.raw is not None:
        asyncio.get_running_loop().call_later(KICK_ABORT_SECONDS, subscriber.raw.transport.abort)
    try:
        if last is not None:
            await subscriber.send_text(last)
        await subscriber.send({"type": "websocket.close", "code": code, "reason": reason})
    except Exception:  # the peer is gone already
        log.debug("closing a subscriber failed", exc_info=True)
