"""Dossiers: this month's figures per agency (``GET /dossiers``) and one dossier's public status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_core.client.models.reading import Reader
from queue_core.client.models.tickets import Named
from queue_core.domain.dossiers import DossierStatus, Timeliness

__all__ = ["AgencyDossiers", "DossierFigures", "DossierInfo", "DossierResult"]


@dataclass(frozen=True)
class AgencyDossiers:
    """One agency's dossiers this month: figures and the codes ready, never a holder's name."""

    id: str
    name: str
    name_en: str
    received: int
    resolved: int
    early: int = 0
    on_time: int = 0
    late: int = 0
    on_time_share: float | None = None
    """Resolved early or on time, of those resolved; None before the first."""
    ready_codes: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: object, what: str = "agency") -> AgencyDossiers:
        r = Reader(data, what)
        return cls(
            id=r.text("id"),
            name=r.text("name"),
            name_en=r.text("name_en"),
            received=r.integer("received"),
            resolved=r.integer("resolved"),
            early=r.integer("early"),
            on_time=r.integer("on_time"),
            late=r.integer("late"),
            on_time_share=r.opt_number("on_time_share"),
            ready_codes=r.strings("ready_codes"),
        )


@dataclass(frozen=True)
class DossierFigures:
    """This month's dossiers, per agency that has any."""

    month: str = ""
    """``"2026-11"``."""
    agencies: tuple[AgencyDossiers, ...] = ()

    @classmethod
    def from_json(cls, data: object, what: str = "dossiers") -> DossierFigures:
        r = Reader(data, what)
        return cls(r.text("month"), r.items("agencies", AgencyDossiers.from_json))


@dataclass(frozen=True)
class DossierResult:
    """Where and how a ready dossier's result is collected."""

    service: str | None
    """The service whose counters hand results out, when the site names one."""
    counters: tuple[int, ...] = ()
    bring: str = ""
    bring_en: str = ""

    @classmethod
    def from_json(cls, data: object, what: str = "result") -> DossierResult:
        r = Reader(data, what)
        counters = r.get("counters", list)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in counters):
            raise r.fault("counters", f"is {counters!r}, not a list of counter numbers")
        return cls(r.opt_text("service"), tuple(counters), r.text("bring"), r.text("bring_en"))


@dataclass(frozen=True)
class DossierInfo:
    """One dossier as anyone may see it: its status in plain words, the holder masked."""

    code: str
    procedure: str
    agency: Named
    holder: str
    """Masked: ``Nguyễn V*** A**``."""
    status: DossierStatus
    status_text: str
    status_text_en: str
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    timeliness: Timeliness
    ready: bool
    result: DossierResult | None
    """When it is ready: where to collect it."""
    updated_at: datetime | None

    @classmethod
    def from_json(cls, data: object, what: str = "dossier") -> DossierInfo:
        r = Reader(data, what)
        return cls(
            code=r.text("code"),
            procedure=r.text("procedure"),
            agency=r.one("agency", Named.from_json),
            holder=r.text("holder"),
            status=r.enum("status", DossierStatus),
            status_text=r.text("status_text"),
            status_text_en=r.text("status_text_en"),
            received_at=r.opt_moment("received_at"),
            due_at=r.opt_moment("due_at"),
            resolved_at=r.opt_moment("resolved_at"),
            returned_at=r.opt_moment("returned_at"),
            timeliness=r.enum("timeliness", Timeliness),
            ready=r.flag("ready"),
            result=r.opt_one("result", DossierResult.from_json),
            updated_at=r.opt_moment("updated_at"),
        )
