"""A per-address limit on lookups, so that dossier codes cannot be enumerated."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds for each key (a client address).

    ``hit`` is given the time, so tests need no clock; old keys are forgotten as they go
    quiet, so memory stays bounded by the addresses seen within one window.
    """

    limit: int = 30
    window: float = 60.0
    _hits: dict[str, deque[float]] = field(default_factory=dict)

    def hit(self, key: str, now: float) -> float | None:
        """Count a request; None when allowed, else the seconds to wait before retrying."""
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1.0, math.ceil(hits[0] + self.window - now))
        hits.append(now)
        if len(self._hits) > 10_000:
            self._forget(now)
        return None

    def _forget(self, now: float) -> None:
        quiet = [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]
        for key in quiet:
            del self._hits[key]
