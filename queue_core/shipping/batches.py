"""The event log cut into the batches the province takes: in seq order from the last event it
holds, at most so many events and 4 MiB of JSON, never across the log's one gap (so that the
batch after a restore's jump starts with ``day.restored``), each event as stored but for its
ticket's ``public_token``, gzip'd.

The stored bodies are passed on as text, not parsed and written again: the shipper runs beside
the queue in the same process, and the less of the interpreter it holds, the less it slows it."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from queue_core.domain import MAX_BATCH_BYTES, EventType
from queue_core.store import Store

_TOKEN_KEY = '"public_token":'
"""Inside a JSON string every ``"`` is escaped, so this is only ever a key of an object (what a
clerk typed cannot look like one)."""
_NO_SEQ = '{"seq":null,'
"""How a stored body starts: its seq is the row's, given when it was inserted."""
_RESTORED = f'"type":"{EventType.DAY_RESTORED.value}"'
GZIP_LEVEL = 1
"""zlib's fastest: the log's JSON still shrinks about 27 times (6 would be 35, at twice the CPU)."""
CHUNK = 200
"""Events read and cut at a time (about a millisecond of the interpreter), between breaths."""
BACKSLASH = "\\"


@dataclass(frozen=True)
class Batch:
    """Events ``first``..``last`` of the log, ``count`` of them, as the body of one POST."""

    first: int
    last: int
    count: int
    raw_bytes: int
    """The JSON's size before gzip."""
    body: bytes
    """``{"centre": …, "events": […]}``, gzip'd."""
    restored: bool
    """Its first event is ``day.restored``: the one gap the province takes."""


def shipped_event(seq: int, stored: str) -> str:
    """One event as the province gets it: the stored body with its seq, without the ticket's
    ``public_token`` (the citizen's key to the phone page never leaves the centre)."""
    head = f'{{"seq":{seq},'
    if stored.startswith(_NO_SEQ):
        text = head + stored[len(_NO_SEQ) :]
    elif stored.startswith(head):
        text = stored
    else:  # not as this release writes them
        return _written_again(seq, json.loads(stored))
    if text.startswith(_RESTORED, len(head)):
        return _written_again(seq, json.loads(text))
    stripped = _without_token(text)
    return _written_again(seq, json.loads(text)) if stripped is None else stripped


def _without_token(text: str) -> str | None:
    """The text without its ``public_token`` keys and their values (a string or null), each with
    the comma that joined it; None if a value is anything else."""
    start = text.find(_TOKEN_KEY)
    while start >= 0:
        end = start + len(_TOKEN_KEY)
        if text.startswith("null", end):
            end += 4
        elif text.startswith('"', end):
            end = _string_end(text, end)
        else:
            return None
        if text[start - 1] == ",":
            start -= 1
        elif text.startswith(",", end):
            end += 1
        text = text[:start] + text[end:]
        start = text.find(_TOKEN_KEY, start)
    return text


def _string_end(text: str, opening: int) -> int:
    """Just past the JSON string whose opening quote is at ``opening``."""
    at = opening + 1
    while True:
        quote = text.index('"', at)
        before = quote - 1
        while text[before] == BACKSLASH:
            before -= 1
        if (quote - 1 - before) % 2 == 0:  # an even run of backslashes: not escaped
            return quote + 1
        at = quote + 1


def _written_again(seq: int, body: dict[str, Any]) -> str:
    """An event read whole: its seq, every ``public_token`` out, and for ``day.restored`` its
    ``first_seq`` (a restore recorded before it said so: its own seq)."""
    body = {"seq": seq, **{k: _without_tokens(v) for k, v in body.items() if k != "seq"}}
    detail = body.get("detail")
    if body.get("type") == EventType.DAY_RESTORED.value and isinstance(detail, dict):
        detail.setdefault("first_seq", seq)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _without_tokens(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_tokens(v) for k, v in value.items() if k != "public_token"}
    if isinstance(value, list):
        return [_without_tokens(v) for v in value]
    return value


def read_batch(
    store: Store,
    after: int,
    centre: str,
    limit: int,
    max_bytes: int = MAX_BATCH_BYTES,
    breathe: Callable[[], object] | None = None,
) -> Batch | None:
    """The next batch after seq ``after``, or None when the log holds nothing after it.

    It stops before a jump in seq, so that the events after one start a batch of their own; and
    before ``max_bytes`` of JSON, but for a first event larger than that alone (the province
    answers 413 then, and says so). The log is read ``CHUNK`` events at a time, ``breathe``
    called between them: the serving core's other threads get the interpreter back."""
    head = b'{"centre":' + json.dumps(centre, ensure_ascii=False).encode() + b',"events":['
    size = len(head) + 2
    events: list[bytes] = []
    first = previous = None
    full = False
    while not full and len(events) < limit:
        wanted = min(CHUNK, limit - len(events))
        rows = store.stored_events(after if previous is None else previous, wanted)
        for seq, stored in rows:
            if previous is not None and seq != previous + 1:
                full = True
                break
            encoded = shipped_event(seq, stored).encode()
            if events and size + len(encoded) + 1 > max_bytes:
                full = True
                break
            events.append(encoded)
            size += len(encoded) + (1 if len(events) > 1 else 0)
            first = seq if first is None else first
            previous = seq
        if len(rows) < wanted:
            break
        if breathe is not None and not full and len(events) < limit:
            breathe()
    if first is None:
        return None
    raw = head + b",".join(events) + b"]}"
    return Batch(
        first=first,
        last=first + len(events) - 1,
        count=len(events),
        raw_bytes=len(raw),
        body=gzip.compress(raw, GZIP_LEVEL, mtime=0),  # zlib lets the other threads run
        restored=_RESTORED.encode() in events[0][:120],
    )
