"""`GET /api/v1/events?since=SEQ` (WebSocket) for a device or staff: backlog, then live, once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

from queue_core import clock
from queue_core.api.access import bearer
from queue_core.api.hub import Subscriber
from queue_core.api.listeners import Allow, close_code, refusal_text
from queue_core.api.runtime import ApiRuntime
from queue_core.errors import ApiError, LuotError
from queue_core.shapes import board_json, event_text
from queue_core.store import Store

PATH = "/api/v1/events"
BACKLOG_LIMIT = 10_000
"""The stream replays at most this many events; a subscriber further behind gets a snapshot."""
PAGE = 500


def _since(scope: Scope) -> int | None:
    """The ``since`` asked for; None when absent. ValueError when it is not a seq."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("since")
    if not values:
        return None
    since = int(values[0])
    if since < 0:
        raise ValueError(since)
    return since


async def events_endpoint(runtime: ApiRuntime, scope: Scope, receive: Receive, send: Send) -> None:
    """The API's stream, for a device's token or a staff session sent as the upgrade's
    ``Authorization: Bearer``."""
    token = bearer(header(scope, b"authorization"))
    await serve_stream(runtime, scope, receive, send, token, None)


async def serve_stream(
    runtime: ApiRuntime,
    scope: Scope,
    receive: Receive,
    send: Send,
    token: str | None,
    allow: Allow | None,
) -> None:
    """One subscriber, for as long as ``token`` (a device's or a staff session's) holds and
    ``allow`` lets its principal listen."""
    if not await accept(receive, send):
        return
    try:
        await runtime.listeners.admit(token, allow)
        since = _since(scope)
    except LuotError as refused:
        await refuse(send, refused)
        return
    except ValueError:
        bad = ApiError(400, "invalid_since", "since must be a whole number >= 0.", "since")
        await refuse(send, bad)
        return
    subscriber = Subscriber(send)
    runtime.listeners.add(subscriber, token, allow)
    runtime.hub.add(subscriber)
    pump = _spawn(_feed(runtime, subscriber, since))
    runtime.listeners.pumping(subscriber, pump)
    try:
        while (await receive())["type"] != "websocket.disconnect":
            pass  # what a subscriber sends is ignored; pings are answered by the server
    finally:
        runtime.listeners.remove(subscriber)
        runtime.hub.remove(subscriber)
        pump.cancel()


async def accept(receive: Receive, send: Send) -> bool:
    """Accept the upgrade; False when the peer left first."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return False
    await send({"type": "websocket.accept"})
    return True


async def refuse(send: Send, refused: LuotError) -> None:
    """One ``{"error": …}`` message, then the close code of its status (401 -> 4401)."""
    await send({"type": "websocket.send", "text": refusal_text(refused)})
    await send({"type": "websocket.close", "code": close_code(refused), "reason": refused.code})


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _spawn(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    return asyncio.get_running_loop().create_task(coro)


async def _feed(runtime: ApiRuntime, subscriber: Subscriber, since: int | None) -> None:
    """Snapshot if needed, then the log after ``since``, then what the hub held meanwhile."""
    try:
        last = await _start(runtime, subscriber, since)
        last = await _backlog(runtime, subscriber, last)
        await _drain(subscriber, last)
    except Exception:  # the peer went away mid-send; the endpoint cleans up
        runtime.hub.remove(subscriber)


def _needs_snapshot(runtime: ApiRuntime, since: int | None) -> bool:
    return (
        since is None
        or since > runtime.hub.last_seq
        or runtime.hub.last_seq - since > BACKLOG_LIMIT
    )


async def _start(runtime: ApiRuntime, subscriber: Subscriber, since: int | None) -> int:
    if not _needs_snapshot(runtime, since):
        assert since is not None
        return since
    now = clock.now()
    board = await runtime.reader.read(lambda store: board_json(store, now))
    await subscriber.send_text(
        json.dumps({"type": "snapshot", "seq": board["seq"], "board": board}, ensure_ascii=False)
    )
    return int(board["seq"])


def _page(last: int) -> Any:
    def read(store: Store) -> list[tuple[int, str]]:
        site = store.site
        return [(b["seq"], event_text(site, b)) for b in store.events_since(last, PAGE)]

    return read


async def _backlog(runtime: ApiRuntime, subscriber: Subscriber, last: int) -> int:
    while True:
        page = await runtime.reader.read(_page(last))
        for seq, text in page:
            await subscriber.send_text(text)
            last = seq
        if len(page) < PAGE:
            return last


async def _drain(subscriber: Subscriber, last: int) -> None:
    """Send what the hub queued while we read the log (skipping what the log gave), then go live."""
    while not subscriber.closed:
        while subscriber.pending:
            seq, text = subscriber.pending.popleft()
            if seq > last:
                await subscriber.send_text(text)
                last = seq
        if subscriber.raw is not None:
            subscriber.last_seq = last
            subscriber.live = True  # no await since the queue was seen empty: nothing slips
            return
        subscriber.wake.clear()
        await subscriber.wake.wait()
