"""What the kiosk offers (``GET /services``): agencies, their services and procedures, the site."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from queue_core.client.models.reading import Reader
from queue_core.client.models.tickets import wait_range_from_json
from queue_core.domain import Procedure, WaitRange

__all__ = ["AgencyInfo", "ServiceStatus", "SiteInfo"]


@dataclass(frozen=True)
class ServiceStatus:
    """A service as the kiosk offers it: waiting, estimate, and whether it takes tickets now."""

    id: str
    name: str
    waiting: int
    estimate_minutes: int
    """For a new ticket now."""
    available: bool
    reason: str | None = None
    """Why it takes no ticket now: ``closed_now``, ``closed_today``, ``daily_cap_reached``."""
    procedure: Procedure = field(default_factory=Procedure)
    """Its catalogue entry (papers, time, fee); empty when the site file gives none."""
    name_en: str = ""
    open_counters: int = 0
    target_wait_minutes: int = 0
    reason_message: str | None = None
    """The reason in a sentence (Vietnamese), when there is one."""
    estimate_range: WaitRange | None = None
    """For a new ticket now (None from a core that gives none)."""

    @classmethod
    def from_json(cls, data: object, what: str = "service") -> ServiceStatus:
        r = Reader(data, what)
        return cls(
            id=r.text("id"),
            name=r.text("name"),
            waiting=r.integer("waiting"),
            estimate_minutes=r.integer("estimate_minutes"),
            available=r.flag("available"),
            reason=r.opt_text("reason"),
            procedure=_procedure(r.data.get("procedure")),
            name_en=r.text("name_en"),
            open_counters=r.integer("open_counters"),
            target_wait_minutes=r.integer("target_wait_minutes"),
            reason_message=r.opt_text("reason_message"),
            estimate_range=r.opt_one("estimate_range", wait_range_from_json),
        )


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _procedure(data: Any) -> Procedure:
    """A service's procedure block; a missing or malformed one is an empty entry (the
    catalogue is an aid: a service is offered without it)."""
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
class SiteInfo:
    """What a kiosk shows and prints of its site: names, ticket footer, public URL, paperless."""

    id: str
    name: str
    name_en: str = ""
    footer: str = ""
    public_url: str = ""
    """Where phones reach the core (the QR code's address); "" for the core's own."""
    paperless_tickets: bool = False
    sms: bool = False
    """The centre texts citizens near their turn: the kiosk offers it after a ticket."""

    @classmethod
    def from_json(cls, data: object, what: str = "site") -> SiteInfo:
        r = Reader(data, what)
        return cls(
            r.text("id"),
            r.text("name"),
            r.text("name_en"),
            r.text("footer"),
            r.text("public_url"),
            r.flag("paperless_tickets"),
            r.flag("sms"),
        )


@dataclass(frozen=True)
class AgencyInfo:
    """An agency with its services; each agency of the answer carries the same ``site``."""

    id: str
    name: str
    services: tuple[ServiceStatus, ...]
    name_en: str = ""
    waiting: int = 0
    site: SiteInfo | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "agency") -> AgencyInfo:
        r = Reader(data, what)
        return cls(
            id=r.text("id"),
            name=r.text("name"),
            services=r.items("services", ServiceStatus.from_json),
            name_en=r.text("name_en"),
            waiting=r.integer("waiting"),
            site=r.one("site", SiteInfo.from_json),
        )
