"""How fast one kiosk may take tickets: a token bucket per device (the site's ``[kiosk]``), and
which devices it refused lately, for the console's ``device_flooding`` alert."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from queue_core.errors import ApiError

TICKETS_PER_MINUTE = 20
"""A kiosk's pace by default: a person takes one ticket every few seconds at most."""
TICKET_BURST = 5
"""Tickets one after the other before the pace holds (a family at the kiosk)."""
FLOODING_SECONDS = 600.0
"""A device refused within this long is shown as flooding (``device_flooding``)."""


@dataclass(frozen=True)
class KioskPace:
    """The site's ``[kiosk]`` section."""

    tickets_per_minute: int = TICKETS_PER_MINUTE
    ticket_burst: int = TICKET_BURST

    @classmethod
    def of(cls, extra: dict[str, Any]) -> KioskPace:
        section = extra.get("kiosk")
        return cls(**section) if isinstance(section, dict) else cls()


@dataclass
class _Bucket:
    tokens: float
    at: float


class IssueRate:
    """A bucket of ``ticket_burst`` tickets per kiosk device, filled at ``tickets_per_minute``:
    a ticket takes one, and a device with none left is refused (429 ``too_many_tickets``)
    until the next comes. A captured token spent 150 tickets, a service's whole day, in 0.2 s.

    Times are the core's clock in seconds (a simulated day runs its kiosk at its own pace).
    ``take`` runs on the writer thread and ``flooding`` on the event loop: a lock keeps them
    apart. Memory is one bucket per paired kiosk.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[int, _Bucket] = {}
        self._refused: dict[int, float] = {}

    def take(self, device: int, now: float, pace: KioskPace) -> None:
        """One ticket for ``device``, or ``ApiError`` 429 with the seconds to wait."""
        if pace.tickets_per_minute == 0:
            return
        rate = pace.tickets_per_minute / 60.0
        with self._lock:
            bucket = self._buckets.get(device)
            if bucket is None:
                bucket = self._buckets[device] = _Bucket(pace.ticket_burst, now)
            else:  # a clock set back refills nothing
                bucket.tokens = min(
                    pace.ticket_burst, bucket.tokens + max(0.0, now - bucket.at) * rate
                )
                bucket.at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            self._refused[device] = now
            wait = (1 - bucket.tokens) / rate
        seconds = max(1, math.ceil(wait))
        raise ApiError(
            429,
            "too_many_tickets",
            "This kiosk is taking tickets faster than a person can; "
            f"try again in {seconds} second{'s' if seconds > 1 else ''}.",
            retry_after=seconds,
        )

    def flooding(self, now: float) -> list[int]:
        """The devices refused within the last FLOODING_SECONDS, in order of id."""
        with self._lock:
            for device, at in list(self._refused.items()):
                if at <= now - FLOODING_SECONDS:
                    del self._refused[device]
            return sorted(self._refused)
