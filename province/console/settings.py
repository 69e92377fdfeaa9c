"""What the provincial console is told at `luot-province serve`: its limits and its sense of now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ConsoleSettings:
    silent_minutes: int = 15
    """A centre not heard from for longer than this, in its opening hours, is silent (an
    alert)."""
    refresh_seconds: int = 15
    """How often the overview and the alerts look again, in the browser."""
    timezone: str = "Asia/Ho_Chi_Minh"
    """The zone times are shown in, and a centre's when its site file has not said."""
    title: str = ""
    """The province's name in the top bar (e.g. "Tỉnh Bắc Ninh")."""
    idle_minutes: int = 30
    """A session ends after this long without a page or a form."""
    session_hours: int = 12
    """A session ends this long after it began, whatever its use."""
    now: Callable[[], datetime] = field(default=_wall_clock)
    """The console's clock (UTC): the wall clock, or a fixed one for the tests."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
