"""What the board shows, as plain values read from the contract's JSON (snapshot and events)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

__all__ = [
    "AgencyDossiers",
    "AgencyWaiting",
    "Appearance",
    "Call",
    "CounterPhase",
    "CounterView",
    "DossierMonth",
    "EventKind",
    "LookOverrides",
    "TodayFigures",
    "VoiceChoices",
    "agencies_of",
    "agencies_waiting",
    "appearance_of",
    "call_from_event",
    "counter_from_json",
    "dossiers_from_json",
    "today_from_json",
    "voice_choices_of",
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
    """The URL of the site's logo on the core (``/api/v1/site/logo``), when it has one."""
    accent: str = "#C8102E"


@dataclass(frozen=True)
class LookOverrides:
    """What the command line says about the look; it wins over the site file."""

    ground: str | None = None
    ink: str | None = None
    number: str | None = None
    accent: str | None = None
    logo: bytes | None = field(default=None, repr=False)
    """PNG or SVG bytes of ``--logo``."""

    def over(self, look: Appearance) -> Appearance:
        return replace(
            look,
            ground=self.ground or look.ground,
            ink=self.ink or look.ink,
            number=self.number or look.number,
            accent=self.accent or look.accent,
        )


@dataclass(frozen=True)
class VoiceChoices:
    """How calls are said: the site file's ``[board]`` choices, or the command line's.

    None is "not said here": the command line's None falls back to the site's, the site's
    to the board's defaults (a number, "linh", "bốn", no English).
    """

    read_numbers: str | None = None
    zero_tens: str | None = None
    four: str | None = None
    english: bool | None = None

    def over(self, site: VoiceChoices) -> VoiceChoices:
        return VoiceChoices(
            read_numbers=self.read_numbers or site.read_numbers,
            zero_tens=self.zero_tens or site.zero_tens,
            four=self.four or site.four,
            english=site.english if self.english is None else self.english,
        )


@dataclass(frozen=True)
class AgencyDossiers:
    """One agency's dossiers this month, as the board shows them: figures and codes only."""

    id: str
    name: str
    name_en: str
    received: int
    resolved: int
    on_time_share: float | None
    ready_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DossierMonth:
    month: str = ""
    """``"2026-11"``."""
    agencies: tuple[AgencyDossiers, ...] = ()


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


def _board_of(site: Json) -> Json:
    board = site.get("board")
    return board if isinstance(board, Mapping) else {}


def appearance_of(site: Json, default: Appearance) -> Appearance:
    """The site's ``board`` colours and logo URL when its snapshot carries them."""
    board = _board_of(site)
    return Appearance(
        ground=str(board.get("ground") or default.ground),
        ink=str(board.get("ink") or default.ink),
        number=str(board.get("number") or default.number),
        panel=str(board.get("panel") or default.panel),
        muted=default.muted,
        logo=str(board.get("logo")) if board.get("logo") else None,
        accent=str(board.get("accent") or default.accent),
    )


def voice_choices_of(site: Json) -> VoiceChoices:
    """The site's ``board`` way of saying calls (what it leaves out stays None)."""
    board = _board_of(site)
    english = board.get("english")
    return VoiceChoices(
        read_numbers=str(board["read_numbers"]) if board.get("read_numbers") else None,
        zero_tens=str(board["zero_tens"]) if board.get("zero_tens") else None,
        four=str(board["four"]) if board.get("four") else None,
        english=english if isinstance(english, bool) else None,
    )


def agencies_of(rows: list[Json]) -> tuple[AgencyWaiting, ...]:
    """The snapshot's ``agencies``: each with its name and the people waiting for it."""
    return tuple(
        AgencyWaiting(
            str(row["id"]),
            str(row.get("name") or row["id"]),
            str(row.get("name_en") or ""),
            int(row.get("waiting") or 0),
        )
        for row in rows
    )


def _share(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def dossiers_from_json(data: Json) -> DossierMonth:
    """``GET /api/v1/dossiers``: counts, on-time share and ready codes per agency.

    Only these fields are taken: whatever else the core might send (a holder's name, say)
    never reaches the board.
    """
    agencies = tuple(
        AgencyDossiers(
            id=str(row["id"]),
            name=str(row.get("name") or row["id"]),
            name_en=str(row.get("name_en") or ""),
            received=int(row.get("received") or 0),
            resolved=int(row.get("resolved") or 0),
            on_time_share=_share(row.get("on_time_share")),
            ready_codes=tuple(str(c) for c in row.get("ready_codes") or ()),
        )
        for row in data.get("agencies") or ()
    )
    return DossierMonth(str(data.get("month") or ""), agencies)
