"""What a ticket printer needs to know: the ticket (as the client read it, or JSON) and the site."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from printers.texts import Lang

__all__ = ["PrintableTicket", "TicketFacts", "TicketSite"]


class NameFacts(Protocol):
    """A service or agency as a ticket names it."""

    @property
    def name(self) -> str: ...

    @property
    def name_en(self) -> str: ...


class RangeFacts(Protocol):
    """The wait as a range of whole minutes."""

    @property
    def low(self) -> int: ...

    @property
    def high(self) -> int: ...


class TicketFacts(Protocol):
    """What is printed of a ticket, as any ticket value carries it (the client's TicketInfo
    does): printers reads it without importing the client."""

    @property
    def number(self) -> str: ...

    @property
    def service(self) -> NameFacts: ...

    @property
    def agency(self) -> NameFacts: ...

    @property
    def priority(self) -> bool: ...

    @property
    def issued_at(self) -> datetime: ...

    @property
    def ahead(self) -> int: ...

    @property
    def estimate_minutes(self) -> int: ...

    @property
    def estimate_range(self) -> RangeFacts | None: ...

    @property
    def public_token(self) -> str | None: ...

    @property
    def lang(self) -> str: ...

    @property
    def appointment_at(self) -> datetime | None: ...


def _nfc(value: str) -> str:
    """Precomposed Vietnamese, so every diacritic sits on its letter with any font engine."""
    return unicodedata.normalize("NFC", value).strip()


def _field(d: Mapping[str, Any], key: str, kind: type, where: str = "ticket") -> Any:
    if key not in d or d[key] is None:
        raise ValueError(f"{where} field {key!r} is missing")
    value = d[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        raise ValueError(f"{where} field {key!r} must be {kind.__name__}, not {value!r}")
    return value


def _name_pair(d: Mapping[str, Any], key: str) -> tuple[str, str | None]:
    part = _field(d, key, dict)
    name = _field(part, "name", str, f"ticket {key}")
    name_en = part.get("name_en")
    if name_en is not None and not isinstance(name_en, str):
        raise ValueError(f"ticket {key} field 'name_en' must be str, not {name_en!r}")
    return name, name_en


def _nfc_or_none(value: str | None) -> str | None:
    return (_nfc(value) or None) if value else None


def _pair(wait: RangeFacts | None) -> tuple[int, int] | None:
    return None if wait is None else (wait.low, wait.high)


def _range_json(d: Mapping[str, Any]) -> tuple[int, int] | None:
    if d.get("estimate_range") is None:
        return None
    part = _field(d, "estimate_range", dict)
    return (
        _field(part, "low", int, "ticket estimate_range"),
        _field(part, "high", int, "ticket estimate_range"),
    )


def _lang(value: str | None) -> Lang:
    try:
        return Lang(value or "vi")
    except ValueError:
        raise ValueError(f"ticket field 'lang' must be 'vi' or 'en', not {value!r}") from None


@dataclass(frozen=True)
class PrintableTicket:
    """One ticket as printed; build it from a ticket read by the client with
    :meth:`from_ticket`, or from the API's ticket JSON with :meth:`from_api`."""

    number: str
    service_name: str
    service_name_en: str | None
    agency_name: str
    agency_name_en: str | None
    priority: bool
    issued_at: datetime
    ahead: int
    estimate_minutes: int | None
    public_token: str
    lang: Lang = Lang.VI
    estimate_range: tuple[int, int] | None = None
    """(low, high) minutes: about 80 % in this position are called within; None: none given."""
    appointment_at: datetime | None = None
    """A booked holder's ticket: their slot, printed in a badge."""

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("ticket number is empty")
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("ticket issued_at must carry its UTC offset")
        if self.ahead < 0:
            raise ValueError(f"ticket ahead must not be negative, not {self.ahead}")
        if self.estimate_minutes is not None and self.estimate_minutes < 0:
            raise ValueError(
                f"ticket estimate_minutes must not be negative: {self.estimate_minutes}"
            )
        if (
            self.estimate_range is not None
            and not 0 <= self.estimate_range[0] <= (self.estimate_range[1])
        ):
            raise ValueError(f"ticket estimate_range is not a range: {self.estimate_range}")
        if not self.public_token or "/" in self.public_token:
            raise ValueError(f"ticket public_token is not usable in a URL: {self.public_token!r}")

    @classmethod
    def from_ticket(cls, ticket: TicketFacts) -> PrintableTicket:
        """A ticket as the client read it (its ``TicketInfo``)."""
        return cls._of(
            ticket.number,
            (ticket.service.name, ticket.service.name_en),
            (ticket.agency.name, ticket.agency.name_en),
            ticket.priority,
            ticket.issued_at,
            ticket.ahead,
            ticket.estimate_minutes,
            ticket.public_token or "",  # refused below: a ticket read without its token
            _lang(ticket.lang),
            _pair(ticket.estimate_range),
            ticket.appointment_at,
        )

    @classmethod
    def _of(
        cls,
        number: str,
        service: tuple[str, str | None],
        agency: tuple[str, str | None],
        priority: bool,
        issued_at: datetime,
        ahead: int,
        estimate_minutes: int | None,
        public_token: str,
        lang: Lang,
        estimate_range: tuple[int, int] | None = None,
        appointment_at: datetime | None = None,
    ) -> PrintableTicket:
        """The ticket with its words in precomposed Unicode, however they came."""
        return cls(
            number=_nfc(number),
            service_name=_nfc(service[0]),
            service_name_en=_nfc_or_none(service[1]),
            agency_name=_nfc(agency[0]),
            agency_name_en=_nfc_or_none(agency[1]),
            priority=priority,
            issued_at=issued_at,
            ahead=ahead,
            estimate_minutes=estimate_minutes,
            public_token=public_token,
            lang=lang,
            estimate_range=estimate_range,
            appointment_at=appointment_at,
        )

    @classmethod
    def from_api(cls, d: Mapping[str, Any]) -> PrintableTicket:
        """Read the contract's ticket JSON (``POST /api/v1/tickets``'s answer).

        Raises ValueError naming the field when the JSON breaks the contract.
        """
        if not isinstance(d, Mapping):
            raise ValueError(f"ticket must be a JSON object, not {type(d).__name__}")
        number = d.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if not isinstance(number, str):
            raise ValueError(f"ticket field 'number' must be a string, not {number!r}")
        raw_time = _field(d, "issued_at", str)
        try:
            issued_at = datetime.fromisoformat(raw_time)
        except ValueError:
            raise ValueError(f"ticket field 'issued_at' is not ISO 8601: {raw_time!r}") from None
        estimate = d.get("estimate_minutes")
        if estimate is not None:
            estimate = _field(d, "estimate_minutes", int)
        priority = d.get("priority", False)
        if not isinstance(priority, bool):
            raise ValueError(f"ticket field 'priority' must be true or false, not {priority!r}")
        return cls._of(
            number,
            _name_pair(d, "service"),
            _name_pair(d, "agency"),
            priority,
            issued_at,
            _field(d, "ahead", int),
            estimate,
            _field(d, "public_token", str),
            _lang(d.get("lang")),
            _range_json(d),
        )


@dataclass(frozen=True)
class TicketSite:
    """What the centre prints on every ticket: its name, a footer notice, its public URL.

    ``footer_en`` is printed on English tickets when given.
    ``public_base_url`` is where phones reach the core, e.g. ``http://192.168.1.10:8470``;
    the QR code encodes ``{public_base_url}/t/{public_token}``.
    """

    centre_name: str
    public_base_url: str
    footer: str | None = None
    footer_en: str | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.public_base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"public_base_url must be an http(s) URL: {self.public_base_url!r}")
        object.__setattr__(self, "public_base_url", self.public_base_url.rstrip("/"))
        object.__setattr__(self, "centre_name", _nfc(self.centre_name))
        for name in ("footer", "footer_en"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _nfc(value) or None)

    def footer_for(self, lang: Lang) -> str | None:
        """The footer notice for a ticket in ``lang`` (the Vietnamese one when no English)."""
        return (self.footer_en or self.footer) if lang is Lang.EN else self.footer

    def ticket_url(self, ticket: PrintableTicket) -> str:
        """The phone page of ``ticket``, which its QR code opens."""
        return f"{self.public_base_url}/t/{ticket.public_token}"
