"""How long the apps give the core (to be found, to answer again, while away), and their heartbeat.

One set for every app (kiosk, counter panel and display, hall board), so that a hall's
devices behave alike when the core is away; a test may pass its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from queue_core.client import Backoff

__all__ = ["TIMINGS", "Timings"]


@dataclass(frozen=True)
class Timings:
    discovery_s: float = 3.0
    """How long an app listens on the LAN for a core (zeroconf) at start, and when it looks
    for a core that moved."""
    retry: Backoff = field(default_factory=lambda: Backoff(initial=1.0, maximum=10.0))
    """Between attempts to read the core after a read failed, and before opening the event
    stream again after the core closed it (refused it, or ended it)."""
    refresh_ms: int = 300
    """Events come in bursts: what an app shows of the core is read again once, this long
    after the first event of a burst."""
    poll_ms: int = 3_000
    """While the event stream is away, an app that polls (the kiosk) asks the core this
    often; the first answer opens the stream again at once."""
    rediscover_after_polls: int = 10
    """Polls left unanswered before an app that may (no ``--core`` given) looks for the core
    on the LAN again, in case it moved."""
    trust_check_ms: int = 300_000
    """How often an app asks a TLS core for its certificates, to learn the next one a rotation
    announces before the core switches to it (the core waits 15 minutes, three asks:
    ``queue_core.tls.ROTATION_GRACE``)."""
    heartbeat_ms: int = 30_000
    """How often a paired app tells the core it is alive (``ui_common/heartbeat.py``): the
    console calls a device lost after six silent beats (``[console] device_lost_seconds``,
    180 s by default)."""


TIMINGS = Timings()
"""The apps' timings."""
