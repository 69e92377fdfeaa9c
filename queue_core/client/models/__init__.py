"""The values the client returns: the contract's JSON read once, into frozen dataclasses."""

from queue_core.client.models.board import (
    Board,
    BoardAgency,
    BoardLook,
    BoardSite,
    RatingRules,
    ServiceWaiting,
    TodayFigures,
)
from queue_core.client.models.catalogue import AgencyInfo, ServiceStatus, SiteInfo
from queue_core.client.models.devices import (
    DossierPull,
    Health,
    Heartbeat,
    Pairing,
    Session,
    Staff,
)
from queue_core.client.models.dossiers import (
    AgencyDossiers,
    DossierFigures,
    DossierInfo,
    DossierResult,
)
from queue_core.client.models.events import (
    AlertEvent,
    CounterEvent,
    DayReset,
    KnownEvent,
    NoticesChanged,
    ServiceChanged,
    TicketEvent,
    Transfer,
    UnknownEvent,
)
from queue_core.client.models.stats import (
    HourFigures,
    Minutes,
    Ratings,
    Stats,
    StatsFigures,
    StatsGroup,
)
from queue_core.client.models.stream import CoreEvent, StreamSnapshot, parse_event
from queue_core.client.models.tickets import CounterFigures, CounterInfo, Named, TicketInfo

__all__ = [
    "AgencyDossiers",
    "AgencyInfo",
    "AlertEvent",
    "Board",
    "BoardAgency",
    "BoardLook",
    "BoardSite",
    "CoreEvent",
    "CounterEvent",
    "CounterFigures",
    "CounterInfo",
    "DayReset",
    "DossierFigures",
    "DossierInfo",
    "DossierPull",
    "DossierResult",
    "Health",
    "Heartbeat",
    "HourFigures",
    "KnownEvent",
    "Minutes",
    "Named",
    "NoticesChanged",
    "Pairing",
    "RatingRules",
    "Ratings",
    "ServiceChanged",
    "ServiceStatus",
    "ServiceWaiting",
    "Session",
    "SiteInfo",
    "Staff",
    "Stats",
    "StatsFigures",
    "StatsGroup",
    "StreamSnapshot",
    "TicketEvent",
    "TicketInfo",
    "TodayFigures",
    "Transfer",
    "UnknownEvent",
    "parse_event",
]
