"""The values the client returns: the contract's JSON read into frozen dataclasses.

Each type keeps the JSON it was read from in ``raw`` (fields the contract may add
later stay reachable). A missing key or a wrong type is a CoreFault: the core
broke the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from queue_core.client.errors import CoreFault
from queue_core.domain import CounterState, Procedure, TicketStatus

__all__ = [
    "AgencyInfo",
    "Board",
    "CoreEvent",
    "CounterInfo",
    "Health",
    "Named",
    "Pairing",
    "ServiceStatus",
    "Session",
    "TicketInfo",
]

CoreEvent = dict[str, Any]
"""One message of the event stream, as the contract shapes it; always has ``seq``."""

T = TypeVar("T")
Json = Mapping[str, Any]


class _Reader:
    """Typed access to one JSON object; any surprise becomes a CoreFault naming the key."""

    def __init__(self, data: object, what: str) -> None:
        if not isinstance(data, Mapping):
            raise CoreFault(f"{what}: expected a JSON object, got {type(data).__name__}")
        self.data: Json = data
        self.what = what

    def get(self, key: str, kind: type[T] | tuple[type, ...], optional: bool = False) -> Any:
        if key not in self.data or self.data[key] is None:
            if optional:
                return None
            raise CoreFault(f"{self.what}: missing {key!r}")
        value = self.data[key]
        if (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
            raise CoreFault(f"{self.what}: {key!r} is {value!r}, not {kind}")
        return value

    def text(self, key: str) -> str:
        return str(self.get(key, str))

    def opt_text(self, key: str) -> str | None:
        value = self.get(key, str, optional=True)
        return None if value is None else str(value)

    def integer(self, key: str) -> int:
        return int(self.get(key, int))

    def opt_int(self, key: str) -> int | None:
        value = self.get(key, int, optional=True)
        return None if value is None else int(value)

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool))

    def moment(self, key: str) -> datetime | None:
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise CoreFault(f"{self.what}: {key!r} is not an ISO 8601 time: {value!r}") from None

    def obj(self, key: str) -> _Reader:
        return _Reader(self.get(key, Mapping), f"{self.what}.{key}")

    def items(self, key: str, parse: Callable[[object], T]) -> tuple[T, ...]:
        return tuple(parse(item) for item in self.get(key, list))

    def enum(self, key: str, kind: Callable[[str], T]) -> T:
        value = self.text(key)
        try:
            return kind(value)
        except ValueError:
            raise CoreFault(f"{self.what}: {key!r} has unknown value {value!r}") from None


@dataclass(frozen=True)
class Named:
    """An agency or a service as a ticket names it."""

    id: str
    name: str
    name_en: str = ""

    @classmethod
    def from_json(cls, data: object, what: str = "name") -> Named:
        r = _Reader(data, what)
        return cls(r.text("id"), r.text("name"), r.opt_text("name_en") or "")


@dataclass(frozen=True)
class Health:
    status: str
    site_id: str
    site_name: str
    version: str
    seq: int
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> Health:
        r = _Reader(data, "health")
        site = r.obj("site")
        return cls(
            r.text("status"),
            site.text("id"),
            site.text("name"),
            r.text("version"),
            r.integer("seq"),
            r.data,
        )


@dataclass(frozen=True)
class Pairing:
    """What a newly paired device keeps: its token, its role and its id."""

    token: str
    role: str
    device_id: str
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> Pairing:
        r = _Reader(data, "pairing")
        device_id = r.get("device_id", (str, int))
        return cls(r.text("token"), r.text("role"), str(device_id), r.data)


@dataclass(frozen=True)
class Session:
    """A clerk's session at one counter."""

    token: str
    staff: Json
    counter: int | None
    """None for a supervisor's session, which is at no counter."""
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> Session:
        r = _Reader(data, "session")
        return cls(r.text("token"), r.obj("staff").data, r.opt_int("counter"), r.data)


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as the core shows it, with its live ``ahead`` and ``estimate_minutes``."""

    id: int
    number: str
    service: Named
    agency: Named
    priority: bool
    status: TicketStatus
    issued_at: datetime
    called_at: datetime | None
    counter: int | None
    ahead: int
    estimate_minutes: int
    public_token: str
    recalls: int
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> TicketInfo:
        r = _Reader(data, "ticket")
        issued_at = r.moment("issued_at")
        if issued_at is None:
            raise CoreFault("ticket: missing 'issued_at'")
        return cls(
            id=r.integer("id"),
            number=r.text("number"),
            service=Named.from_json(r.get("service", Mapping), "ticket.service"),
            agency=Named.from_json(r.get("agency", Mapping), "ticket.agency"),
            priority=r.flag("priority"),
            status=r.enum("status", TicketStatus),
            issued_at=issued_at,
            called_at=r.moment("called_at"),
            counter=r.opt_int("counter"),
            ahead=r.opt_int("ahead") or 0,
            estimate_minutes=r.opt_int("estimate_minutes") or 0,
            public_token=r.text("public_token"),
            recalls=r.opt_int("recalls") or 0,
            raw=r.data,
        )


@dataclass(frozen=True)
class CounterInfo:
    number: int
    name: str
    state: CounterState
    services: tuple[str, ...]
    ticket: TicketInfo | None
    staff: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> CounterInfo:
        r = _Reader(data, "counter")
        ticket = r.get("ticket", Mapping, optional=True)
        return cls(
            number=r.integer("number"),
            name=r.text("name"),
            state=r.enum("state", CounterState),
            services=tuple(str(s) for s in r.get("services", list)),
            ticket=None if ticket is None else TicketInfo.from_json(ticket),
            staff=r.opt_text("staff"),
            raw=r.data,
        )


@dataclass(frozen=True)
class ServiceStatus:
    """A service as the kiosk offers it: waiting, estimate, and whether it takes tickets now."""

    id: str
    name: str
    waiting: int
    estimate_minutes: int
    available: bool
    reason: str | None = None
    procedure: Procedure = field(default_factory=Procedure)
    """Its catalogue entry (papers, time, fee); empty when the site file gives none."""
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> ServiceStatus:
        r = _Reader(data, "service")
        return cls(
            r.text("id"),
            r.text("name"),
            r.integer("waiting"),
            r.integer("estimate_minutes"),
            r.flag("available"),
            r.opt_text("reason"),
            _procedure(r.data.get("procedure")),
            r.data,
        )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _procedure(data: Any) -> Procedure:
    """``GET /services``' procedure block; a missing or malformed one is an empty entry."""
    if not isinstance(data, Mapping):
        return Procedure()
    return Procedure(
        _strings(data.get("documents")),
        str(data.get("processing_time") or ""),
        str(data.get("fee") or ""),
        _strings(data.get("documents_en")),
        str(data.get("processing_time_en") or ""),
        str(data.get("fee_en") or ""),
    )


@dataclass(frozen=True)
class AgencyInfo:
    id: str
    name: str
    services: tuple[ServiceStatus, ...]
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> AgencyInfo:
        r = _Reader(data, "agency")
        return cls(
            r.text("id"), r.text("name"), r.items("services", ServiceStatus.from_json), r.data
        )


@dataclass(frozen=True)
class Board:
    """The hall board's snapshot; ``seq`` is the last event it includes."""

    counters: tuple[CounterInfo, ...]
    recent_calls: tuple[Any, ...]
    waiting: Any
    today: Json
    notices: tuple[Any, ...]
    seq: int
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: object) -> Board:
        r = _Reader(data, "board")
        return cls(
            counters=r.items("counters", CounterInfo.from_json),
            recent_calls=tuple(r.get("recent_calls", list)),
            waiting=r.get("waiting", (list, Mapping)),
            today=r.obj("today").data,
            notices=tuple(r.get("notices", list)),
            seq=r.integer("seq"),
            raw=r.data,
        )
