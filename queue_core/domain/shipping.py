"""The event log shipped to the province, pure: the site file's ``[province]``, what the shipper
knows of how far the province holds the log (what the console shows), how long it waits while
the link is down, and when the console should worry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

MAX_BATCH_EVENTS = 2000
"""The contract's most events in one batch…"""
MAX_BATCH_BYTES = 4 * 1024 * 1024
"""…and most bytes of its JSON, before gzip."""

BACKOFF_FIRST_SECONDS = 1.0
"""While the province cannot be reached, the first wait before trying again…"""
BACKOFF_CAP_SECONDS = 60.0
"""…doubling with each failure up to this: a core offline for days tries once a minute, and
catches up within a minute of the link's return."""


@dataclass(frozen=True)
class ProvinceLink:
    """The site file's ``[province]``: where the centre's event log goes, and as whom. The token
    is a secret: it is never in a repr, a log or a page (``token_file``, when given, is read by
    the shipper, not here)."""

    url: str
    """The province service's base URL, without a trailing ``/``."""
    centre: str
    """This centre's id at the province."""
    token: str = field(default="", repr=False)
    token_file: str = ""
    """An absolute path to a file holding the token, instead of ``token``."""
    batch_events: int = MAX_BATCH_EVENTS
    timeout_seconds: int = 10
    unreachable_minutes: int = 15
    """The log not getting through for longer raises ``province_unreachable``."""

    @property
    def ingest_url(self) -> str:
        return f"{self.url}/api/v1/ingest"

    @property
    def state_url(self) -> str:
        return f"{self.url}/api/v1/ingest/state"


@dataclass(frozen=True)
class ShippingState:
    """What the serving core's shipper knows, for the console's hall and its alerts."""

    url: str
    centre: str
    unreachable_minutes: int = 15
    """The site's limit: the log not getting through for longer is ``province_unreachable``."""
    acked_seq: int | None = None
    """The province holds this centre's log up to here, as it last said (None: not heard yet)."""
    last_seq: int = 0
    """The last seq of this core's log, as the shipper last read it."""
    behind: int | None = None
    """Events of the log after ``acked_seq`` (None while ``acked_seq`` is); beyond 20,000, told
    from the seqs."""
    last_contact: datetime | None = None
    """When the province last answered."""
    down_since: datetime | None = None
    """Since when the log has not been getting through (the link down, the province failing or
    turning batches down); None while it goes through."""
    error: str | None = None
    """The last failure, in one line; None after a batch went through."""
    refused: str | None = None
    """Why the province refused this centre (401 ``unknown_centre``, 403 ``centre_revoked``, or
    a token that cannot be read): the shipper sends nothing until the token changes."""
    shipped: int = 0
    """Events the province has taken from this core since it started."""

    def stuck_minutes(self, now: datetime) -> int | None:
        """How long the log has not been getting through, when that is past the limit; None
        otherwise (going through, refused — an alert of its own — or not for long)."""
        if self.down_since is None or self.refused is not None:
            return None
        minutes = (now - self.down_since).total_seconds() / 60
        return int(minutes) if minutes > self.unreachable_minutes else None


def backoff_seconds(
    failures: int,
    jitter: float,
    first: float = BACKOFF_FIRST_SECONDS,
    cap: float = BACKOFF_CAP_SECONDS,
) -> float:
    """The wait before trying again after ``failures`` (≥ 1) in a row: doubling from ``first``
    up to ``cap``, its second half scaled by ``jitter`` (0 ≤ jitter < 1), so that the centres of
    a province coming back together do not knock at once."""
    delay = min(cap, first * 2 ** min(max(failures, 1) - 1, 32))
    return delay / 2 + delay / 2 * min(max(jitter, 0.0), 1.0)
