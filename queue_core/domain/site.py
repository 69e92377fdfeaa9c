"""The centre as configured: site, agencies, services, counters, staff, and when each is open."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo


class CounterState(enum.StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Role(enum.StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class PriorityKind(enum.StrEnum):
    """Who is served first, as the law on priority reception names them."""

    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    MERIT = "merit"


@dataclass(frozen=True)
class NumberRange:
    """Where a service's printed numbers come from: ``1001..1999`` or ``A001..A999``."""

    first: int
    last: int
    prefix: str = ""
    digits: int = 0

    def format(self, value: int) -> str:
        return f"{self.prefix}{value:0{self.digits}d}" if self.digits else f"{self.prefix}{value}"

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def overlaps(self, other: NumberRange) -> bool:
        if self.prefix != other.prefix:
            return False
        return self.first <= other.last and other.first <= self.last

    def describe(self) -> str:
        return f"{self.format(self.first)}–{self.format(self.last)}"


@dataclass(frozen=True)
class OpeningHours:
    """Weekdays (0 = Monday) and the periods of a day when tickets may be issued."""

    weekdays: frozenset[int] = frozenset(range(5))
    periods: tuple[tuple[time, time], ...] = ((time(7, 30), time(17, 0)),)

    def is_open(self, local: datetime) -> bool:
        if local.weekday() not in self.weekdays:
            return False
        now = local.time()
        return any(start <= now < end for start, end in self.periods)

    def next_opening(self, local: datetime) -> datetime | None:
        """The next moment, at or after ``local``, when this opens (within a week)."""
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            if day.weekday() not in self.weekdays:
                continue
            for start, _end in self.periods:
                candidate = datetime.combine(day, start, tzinfo=local.tzinfo)
                if candidate >= local:
                    return candidate
        return None


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    name_en: str
    order: int = 0


@dataclass(frozen=True)
class Procedure:
    """What the kiosk's lookup shows for a service: papers to bring, time, fee."""

    documents: tuple[str, ...] = ()
    processing_time: str = ""
    fee: str = ""
    documents_en: tuple[str, ...] = ()
    processing_time_en: str = ""
    fee_en: str = ""

    @property
    def known(self) -> bool:
        """Whether the site file says anything about it."""
        return bool(self.documents or self.processing_time or self.fee)


@dataclass(frozen=True)
class Service:
    id: str
    agency_id: str
    name: str
    name_en: str
    numbers: NumberRange
    target_wait_minutes: int = 30
    average_service_minutes: float = 8.0
    hours: OpeningHours = OpeningHours()
    daily_cap: int | None = None
    procedure: Procedure = Procedure()


@dataclass(frozen=True)
class Counter:
    number: int
    name: str
    services: tuple[str, ...]
    zone: str = ""
    staff: tuple[str, ...] | None = None
    """The clerks who may open it; None: not listed, so any clerk whom no counter lists
    (``roles.may_open``)."""


@dataclass(frozen=True)
class Staff:
    username: str
    display_name: str
    role: Role = Role.CLERK
    title: str = ""


@dataclass(frozen=True)
class QueueRules:
    """The site's rules of calling."""

    priority_ratio: int = 2
    """Priority tickets called for each normal one while both kinds wait."""
    recalls_before_no_show: int = 1
    """Recalls a counter must make before it may mark a ticket no-show."""
    rating_levels: tuple[str, ...] = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng")
    rating_reasons: tuple[str, ...] = ()
    paperless_tickets: bool = False


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    timezone: tzinfo
    day_reset_hour: int = 0
    name_en: str = ""
    rules: QueueRules = QueueRules()
    agencies: tuple[Agency, ...] = ()
    services: tuple[Service, ...] = ()
    counters: tuple[Counter, ...] = ()
    staff: tuple[Staff, ...] = ()
    notices: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)

    def business_day(self, moment: datetime) -> date:
        """The business day a moment belongs to (days turn at ``day_reset_hour`` local)."""
        return (self.local(moment) - timedelta(hours=self.day_reset_hour)).date()

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def counter(self, number: int) -> Counter | None:
        return next((c for c in self.counters if c.number == number), None)

    def counters_serving(self, service_id: str) -> tuple[Counter, ...]:
        return tuple(c for c in self.counters if service_id in c.services)
