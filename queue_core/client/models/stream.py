"""What the event stream yields: an event of a known family, an unknown one, or a snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from queue_core.client.models.board import Board
from queue_core.client.models.events import KnownEvent, UnknownEvent, event_from_json
from queue_core.client.models.reading import Reader

__all__ = ["SNAPSHOT", "CoreEvent", "StreamSnapshot", "parse_event"]

SNAPSHOT = "snapshot"


@dataclass(frozen=True)
class StreamSnapshot:
    """``{"type": "snapshot", "seq", "board"}``: start again from this board; the events
    after its ``seq`` follow."""

    seq: int
    board: Board

    @classmethod
    def from_json(cls, data: object, what: str = "snapshot") -> StreamSnapshot:
        r = Reader(data, what)
        return cls(r.integer("seq"), r.one("board", Board.from_json))


CoreEvent = KnownEvent | UnknownEvent | StreamSnapshot
"""One message of the event stream, read; each has its ``seq``."""


def parse_event(data: object) -> CoreEvent:
    """One message of the stream, as its type; a CoreFault when a known one breaks the contract."""
    if isinstance(data, dict) and data.get("type") == SNAPSHOT:
        return StreamSnapshot.from_json(data)
    return event_from_json(data)
