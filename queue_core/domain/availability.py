"""Whether a service takes tickets now, and if not, why, in words a citizen understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_core.domain.site import Service
from queue_core.errors import Conflict


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str | None = None
    """A code the apps translate: ``closed_now``, ``closed_today``, ``daily_cap_reached``."""
    message: str | None = None

    def require(self) -> None:
        if not self.available:
            raise Conflict(self.reason or "unavailable", self.message or "Unavailable.")


def service_availability(
    service: Service, local_now: datetime, issued_today: int, closed_reason: str | None = None
) -> Availability:
    if closed_reason is not None:
        return Availability(
            False, "closed_today", f"{service.name} takes no tickets today: {closed_reason}"
        )
    if service.daily_cap is not None and issued_today >= service.daily_cap:
        return Availability(
            False,
            "daily_cap_reached",
            f"{service.name}: today's {service.daily_cap} tickets have all been issued.",
        )
    if not service.hours.is_open(local_now):
        opening = service.hours.next_opening(local_now)
        when = f" It opens at {opening:%H:%M} on {opening:%d/%m}." if opening else ""
        return Availability(False, "closed_now", f"{service.name} is closed now.{when}")
    return Availability(True)
