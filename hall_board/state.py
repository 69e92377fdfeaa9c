"""What the board shows, as plain values read from the contract's JSON (snapshot and events)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "AgencyWaiting",
    "Appearance",
    "Call",
    "CounterPhase",
    "CounterView",
    "EventKind",
    "TodayFigures",
    "agencies_waiting",
    "appearance_of",
    "call_from_event",
    "counter_from_json",
    "today_from_json",
]

Json = Mapping[str, Any]


class CounterPhase(enum.StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class EventKind(enum.StrEnum):
    """The event types the board acts on."""

    SNAPSHOT = "snapshot"
    CALLED = "ticket.called"
    RECALLED = "ticket.recalled"
    STARTED = "ticket.started"
    FINISHED = "ticket.finished"
    NO_SHOW = "ticket.no_show"
    TRANSFERRED = "ticket.transferred"
    CANCELLED = "ticket.cancelled"
    ISSUED = "ticket.issued"
    OPENED = "counter.opened"
    PAUSED = "counter.paused"
    CLOSED = "counter.closed"
    DAY_RESET = "day.reset"
    NOTICE = "notice.changed"
    SERVICE = "service.changed"
    OTHER = "other"

    @classmethod
    def of(cls, event: Json) -> EventKind:
        try:
            return cls(str(event.get("type")))
        except ValueError:
            return cls.OTHER


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    zone: str = ""
    phase: CounterPhase = CounterPhase.CLOSED
    ticket: str | None = None
    ticket_id: int | None = None


@dataclass(frozen=True)
class Call:
    """One call (or recall) of a ticket to a counter, as the board shows and says it."""

    seq: int
    ticket: str
    ticket_id: int
    counter: int
    recall: bool = False
    service: str = ""
    service_en: str = ""
    at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AgencyWaiting:
    id: str
    name: str
    name_en: str
    waiting: int


@dataclass(frozen=True)
class TodayFigures:
    issued: int = 0
    served: int = 0
    within_target_share: float | None = None
    average_wait_minutes: float | None = None


@dataclass(frozen=True)
class Appearance:
    """Colours and logo: the site's (when its file gives them), else the shared palette."""

    ground: str
    ink: str
    number: str
    panel: str = "#0E2A5C"
    muted: str = "#B9C6DD"
    logo: str | None = None


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def counter_from_json(data: Json) -> CounterView:
    ticket = data.get("ticket") or None
    return CounterView(
        number=int(data["number"]),
        name=str(data.get("name") or data["number"]),
        zone=str(data.get("zone") or ""),
        phase=CounterPhase(str(data.get("state", "closed"))),
        ticket=None if ticket is None else str(ticket["number"]),
        ticket_id=None if ticket is None else int(ticket["id"]),
    )


def call_from_event(event: Json) -> Call:
    """A ``ticket.called`` or ``ticket.recalled`` event (live, or from ``recent_calls``)."""
    ticket = event["ticket"]
    service = ticket.get("service") or {}
    return Call(
        seq=int(event["seq"]),
        ticket=str(ticket["number"]),
        ticket_id=int(ticket["id"]),
        counter=int(event.get("counter") or ticket.get("counter")),
        recall=event.get("type") == EventKind.RECALLED,
        service=str(service.get("name", "")),
        service_en=str(service.get("name_en", "")),
        at=_moment(event.get("at")),
    )


def today_from_json(data: Json) -> TodayFigures:
    share = data.get("within_target_share")
    wait = data.get("average_wait_minutes")
    return TodayFigures(
        issued=int(data.get("issued") or 0),
        served=int(data.get("served") or 0),
        within_target_share=None if share is None else float(share),
        average_wait_minutes=None if wait is None else float(wait),
    )


def agencies_waiting(
    waiting: list[Json], names: Mapping[str, tuple[str, str]]
) -> tuple[AgencyWaiting, ...]:
    """The snapshot's per-service waiting, summed per agency, in the order agencies are named."""
    totals: dict[str, int] = {}
    for row in waiting:
        agency = str(row.get("agency", ""))
        totals[agency] = totals.get(agency, 0) + int(row.get("waiting") or 0)
    order = [a for a in names if a in totals] + [a for a in totals if a not in names]
    return tuple(
        AgencyWaiting(a, names.get(a, (a, a))[0], names.get(a, (a, a))[1], totals[a]) for a in order
    )


def appearance_of(site: Json, default: Appearance) -> Appearance:
    """The site's ``board`` colours and logo when its snapshot carries them."""
    board = site.get("board") if isinstance(site.get("board"), Mapping) else {}
    assert isinstance(board, Mapping)
    return Appearance(
        ground=str(board.get("ground") or default.ground),
        ink=str(board.get("ink") or default.ink),
        number=str(board.get("number") or default.number),
        panel=str(board.get("panel") or default.panel),
        muted=default.muted,
        logo=str(board.get("logo")) if board.get("logo") else default.logo,
    )
