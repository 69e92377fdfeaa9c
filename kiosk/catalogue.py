"""What the kiosk offers, read from GET /services: the site, agencies, services, procedures.

Plain frozen data (no Qt, no I/O): the view-models hold one ``Catalogue`` and replace it
when the core's figures change.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kiosk.search import search
from queue_core.client import AgencyInfo, Procedure, ServiceStatus, SiteInfo, WaitRange
from ui_common.texts import Lang, in_lang

__all__ = ["AgencyEntry", "Catalogue", "Closed", "KioskSite", "ServiceEntry"]


class Closed(enum.StrEnum):
    """Why a service takes no ticket now (the core's ``reason`` codes)."""

    CLOSED_NOW = "closed_now"
    CLOSED_TODAY = "closed_today"
    DAILY_CAP_REACHED = "daily_cap_reached"
    OTHER = "unavailable"

    @classmethod
    def of(cls, code: str | None) -> Closed:
        try:
            return cls(code or cls.OTHER.value)
        except ValueError:
            return cls.OTHER

    @property
    def text_key(self) -> str:
        return f"kiosk_reason_{self.value}"


def documents_for(procedure: Procedure, lang: Lang) -> tuple[str, ...]:
    english = lang is Lang.EN and procedure.documents_en
    return procedure.documents_en if english else procedure.documents


def processing_time_for(procedure: Procedure, lang: Lang) -> str:
    return in_lang(lang, procedure.processing_time, procedure.processing_time_en)


def fee_for(procedure: Procedure, lang: Lang) -> str:
    return in_lang(lang, procedure.fee, procedure.fee_en)


@dataclass(frozen=True)
class ServiceEntry:
    id: str
    name: str
    name_en: str
    agency_id: str
    waiting: int
    estimate_minutes: int
    available: bool
    closed: Closed | None = None
    procedure: Procedure = field(default_factory=Procedure)
    estimate_range: WaitRange | None = None
    """For a new ticket now; None from a core that gives none."""

    @classmethod
    def from_status(cls, agency_id: str, status: ServiceStatus) -> ServiceEntry:
        return cls(
            id=status.id,
            name=status.name,
            name_en=status.name_en,
            agency_id=agency_id,
            waiting=status.waiting,
            estimate_minutes=status.estimate_minutes,
            available=status.available,
            closed=None if status.available else Closed.of(status.reason),
            procedure=status.procedure,
            estimate_range=status.estimate_range,
        )

    def title(self, lang: Lang) -> str:
        return in_lang(lang, self.name, self.name_en)


@dataclass(frozen=True)
class AgencyEntry:
    id: str
    name: str
    name_en: str
    services: tuple[ServiceEntry, ...]

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services)

    @property
    def available(self) -> bool:
        """An agency's tile is live when at least one of its services takes tickets."""
        return any(s.available for s in self.services)

    def title(self, lang: Lang) -> str:
        return in_lang(lang, self.name, self.name_en)


@dataclass(frozen=True)
class KioskSite:
    """What the kiosk shows and prints of its site (the ``site`` block of GET /services)."""

    name: str = ""
    name_en: str = ""
    footer: str = ""
    public_url: str = ""
    paperless_tickets: bool = False
    sms: bool = False
    """The centre texts citizens near their turn: the ticket screen offers it."""

    @classmethod
    def from_info(cls, site: SiteInfo | None, fallback_name: str = "") -> KioskSite:
        if site is None:
            return cls(name=fallback_name)
        return cls(
            name=site.name or fallback_name,
            name_en=site.name_en,
            footer=site.footer,
            public_url=site.public_url,
            paperless_tickets=site.paperless_tickets,
            sms=site.sms,
        )

    def title(self, lang: Lang) -> str:
        return in_lang(lang, self.name, self.name_en)


@dataclass(frozen=True)
class Catalogue:
    site: KioskSite = field(default_factory=KioskSite)
    agencies: tuple[AgencyEntry, ...] = ()

    @classmethod
    def from_agencies(cls, agencies: Sequence[AgencyInfo], fallback_name: str = "") -> Catalogue:
        entries = tuple(
            AgencyEntry(
                a.id,
                a.name,
                a.name_en,
                tuple(ServiceEntry.from_status(a.id, s) for s in a.services),
            )
            for a in agencies
        )
        site = agencies[0].site if agencies else None
        return cls(KioskSite.from_info(site, fallback_name), entries)

    @property
    def services(self) -> Iterable[ServiceEntry]:
        return (s for a in self.agencies for s in a.services)

    def agency(self, agency_id: str | None) -> AgencyEntry | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def service(self, service_id: str | None) -> ServiceEntry | None:
        return next((s for s in self.services if s.id == service_id), None)

    def search(self, query: str) -> list[ServiceEntry]:
        """Services whose Vietnamese or English name matches ``query`` without diacritics."""
        services = list(self.services)
        texts = [f"{s.name} {s.name_en}" for s in services]
        return search(query, services, texts)
