"""The one client library every app uses to talk to the core: REST calls, the event stream
with resume, discovery. No Qt here; ``ui_common`` runs it on a worker thread."""

from queue_core.client.core import CoreClient
from queue_core.client.errors import CoreError, CoreFault, CoreRefused, CoreUnavailable
from queue_core.client.events import Backoff, ConnectionState, EventStream, StateCallback
from queue_core.client.locate import Discovered, Via, discover
from queue_core.client.models import (
    AgencyInfo,
    Board,
    CoreEvent,
    CounterInfo,
    Health,
    Named,
    Pairing,
    ServiceStatus,
    Session,
    TicketInfo,
)

__all__ = [
    "AgencyInfo",
    "Backoff",
    "Board",
    "ConnectionState",
    "CoreClient",
    "CoreError",
    "CoreEvent",
    "CoreFault",
    "CoreRefused",
    "CoreUnavailable",
    "CounterInfo",
    "Discovered",
    "EventStream",
    "Health",
    "Named",
    "Pairing",
    "ServiceStatus",
    "Session",
    "StateCallback",
    "TicketInfo",
    "Via",
    "discover",
]
