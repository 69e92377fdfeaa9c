"""What a hall board shows (``GET /board``): counters, recent calls, waiting, today, the site."""

from __future__ import annotations

from dataclasses import dataclass, field

from queue_core.client.models.events import TicketEvent
from queue_core.client.models.reading import Reader
from queue_core.client.models.tickets import CounterInfo, Named

__all__ = [
    "Board",
    "BoardAgency",
    "BoardLook",
    "BoardSite",
    "RatingRules",
    "ServiceWaiting",
    "TodayFigures",
]


@dataclass(frozen=True)
class RatingRules:
    """The site's rating levels, the most satisfied first (score k is the k-th), and the
    reasons a citizen may pick when not satisfied."""

    levels: tuple[str, ...]
    levels_en: tuple[str, ...] = ()
    """Empty when the site file gives no English words."""
    reasons: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: object, what: str = "rating") -> RatingRules:
        r = Reader(data, what)
        return cls(r.strings("levels"), r.strings("levels_en"), r.strings("reasons"))


@dataclass(frozen=True)
class BoardLook:
    """The site file's ``[board]``: colours (``#RRGGBB``), the logo's URL on the core when
    it has one, and how calls are said."""

    ground: str
    ink: str
    number: str
    accent: str
    logo: str | None = None
    read_numbers: str = "number"
    zero_tens: str = "linh"
    four: str = "bốn"
    english: bool = False
    repeat_priority: bool = False
    """A priority ticket's call is said a second time."""

    @classmethod
    def from_json(cls, data: object, what: str = "board") -> BoardLook:
        r = Reader(data, what)
        return cls(
            ground=r.text("ground"),
            ink=r.text("ink"),
            number=r.text("number"),
            accent=r.text("accent"),
            logo=r.opt_text("logo"),
            read_numbers=r.text("read_numbers"),
            zero_tens=r.text("zero_tens"),
            four=r.text("four"),
            english=r.flag("english"),
            repeat_priority=r.opt_flag("repeat_priority"),
        )


@dataclass(frozen=True)
class BoardSite:
    """The site as its boards and counter screens follow it: names, rules, look."""

    id: str
    name: str
    name_en: str
    rating: RatingRules
    recalls_before_no_show: int
    look: BoardLook

    @classmethod
    def from_json(cls, data: object, what: str = "site") -> BoardSite:
        r = Reader(data, what)
        return cls(
            id=r.text("id"),
            name=r.text("name"),
            name_en=r.text("name_en"),
            rating=r.one("rating", RatingRules.from_json),
            recalls_before_no_show=r.integer("recalls_before_no_show"),
            look=r.one("board", BoardLook.from_json),
        )


@dataclass(frozen=True)
class BoardAgency:
    """An agency and how many wait for its services."""

    id: str
    name: str
    name_en: str
    waiting: int

    @classmethod
    def from_json(cls, data: object, what: str = "agency") -> BoardAgency:
        r = Reader(data, what)
        return cls(r.text("id"), r.text("name"), r.text("name_en"), r.integer("waiting"))


@dataclass(frozen=True)
class ServiceWaiting:
    """How many wait for one service, and its agency's id."""

    service: Named
    agency: str
    waiting: int

    @classmethod
    def from_json(cls, data: object, what: str = "waiting") -> ServiceWaiting:
        r = Reader(data, what)
        return cls(r.one("service", Named.from_json), r.text("agency"), r.integer("waiting"))


@dataclass(frozen=True)
class TodayFigures:
    """The business day so far: issued, served, waiting, no-show, the share called within
    its service's target wait and the average wait (None before the first call)."""

    issued: int = 0
    served: int = 0
    waiting: int = 0
    no_show: int = 0
    within_target_share: float | None = None
    average_wait_minutes: float | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "today") -> TodayFigures:
        r = Reader(data, what)
        return cls(
            issued=r.integer("issued"),
            served=r.integer("served"),
            waiting=r.integer("waiting"),
            no_show=r.integer("no_show"),
            within_target_share=r.opt_number("within_target_share"),
            average_wait_minutes=r.opt_number("average_wait_minutes"),
        )


@dataclass(frozen=True)
class Board:
    """The hall board's snapshot, consistent with its ``seq`` (the last event it includes)."""

    seq: int
    site: BoardSite
    counters: tuple[CounterInfo, ...]
    recent_calls: tuple[TicketEvent, ...] = ()
    """Today's last calls and recalls, newest first."""
    agencies: tuple[BoardAgency, ...] = ()
    waiting: tuple[ServiceWaiting, ...] = ()
    today: TodayFigures = field(default_factory=TodayFigures)
    notices: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: object, what: str = "board") -> Board:
        r = Reader(data, what)
        return cls(
            seq=r.integer("seq"),
            site=r.one("site", BoardSite.from_json),
            counters=r.items("counters", CounterInfo.from_json),
            recent_calls=r.items("recent_calls", TicketEvent.from_json),
            agencies=r.items("agencies", BoardAgency.from_json),
            waiting=r.items("waiting", ServiceWaiting.from_json),
            today=r.one("today", TodayFigures.from_json),
            notices=r.strings("notices"),
        )
