"""What the board shows of the hall, made from the client's typed snapshot and events: each
counter's line, a call, the look and the voice."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from queue_core.client import BoardLook, CounterInfo, CounterState, EventType, TicketEvent

__all__ = [
    "Appearance",
    "Call",
    "CounterView",
    "LookOverrides",
    "VoiceChoices",
    "appearance_of",
    "call_of",
    "counter_view",
    "voice_choices_of",
]


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    zone: str = ""
    phase: CounterState = CounterState.CLOSED
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
    appointment: str = ""
    """A booked holder's call: their slot (``09:15``), which the board marks."""
    priority: bool = False
    """A priority ticket (the elderly, people with disabilities): said twice if the site says."""


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
    to the board's defaults (a number, "linh", "bốn", no English, priority calls said once).
    """

    read_numbers: str | None = None
    zero_tens: str | None = None
    four: str | None = None
    english: bool | None = None
    repeat_priority: bool | None = None

    def over(self, site: VoiceChoices) -> VoiceChoices:
        return VoiceChoices(
            read_numbers=self.read_numbers or site.read_numbers,
            zero_tens=self.zero_tens or site.zero_tens,
            four=self.four or site.four,
            english=site.english if self.english is None else self.english,
            repeat_priority=(
                site.repeat_priority if self.repeat_priority is None else self.repeat_priority
            ),
        )


def counter_view(info: CounterInfo) -> CounterView:
    ticket = info.ticket
    return CounterView(
        number=info.number,
        name=info.name or str(info.number),
        zone=info.zone,
        phase=info.state,
        ticket=None if ticket is None else ticket.number,
        ticket_id=None if ticket is None else ticket.id,
    )


def call_of(event: TicketEvent) -> Call:
    """A ``ticket.called`` or ``ticket.recalled`` event (live, or from ``recent_calls``)."""
    assert event.counter is not None, "the client reads a call only with its counter"
    return Call(
        seq=event.seq,
        ticket=event.ticket.number,
        ticket_id=event.ticket.id,
        counter=event.counter,
        recall=event.kind is EventType.TICKET_RECALLED,
        service=event.ticket.service.name,
        service_en=event.ticket.service.name_en,
        at=event.at,
        appointment=slot_of(event.ticket.appointment_at),
        priority=event.ticket.priority,
    )


def slot_of(moment: datetime | None) -> str:
    """A booked holder's slot as the hall reads it (``09:15``), or empty."""
    return "" if moment is None else f"{moment:%H:%M}"


def appearance_of(look: BoardLook, default: Appearance) -> Appearance:
    """The site's ``[board]`` colours and logo URL; the board's own panel and grey."""
    return Appearance(
        ground=look.ground,
        ink=look.ink,
        number=look.number,
        panel=default.panel,
        muted=default.muted,
        logo=look.logo or None,
        accent=look.accent,
    )


def voice_choices_of(look: BoardLook) -> VoiceChoices:
    """The site's ``[board]`` way of saying calls."""
    return VoiceChoices(
        look.read_numbers, look.zero_tens, look.four, look.english, look.repeat_priority
    )
