"""A paired device's state by its last heartbeat, pure: the one rule the console's device list and
alerts and `luot-core doctor` follow (heard, never heard, lost; what its printer's state means)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

__all__ = [
    "DEVICE_LOST_SECONDS",
    "PRINTER_OFFLINE_CODES",
    "QUIET_ROLES",
    "DeviceState",
    "device_state",
    "printer_code",
]

DEVICE_LOST_SECONDS = 180
"""The console's ``[console] device_lost_seconds`` by default: six heartbeats, which every
paired app sends every 30 s (``ui_common/timings.py``). A site may set its own."""

QUIET_ROLES = frozenset({"portal"})
"""Roles that run no app of ours and send no heartbeat (a portal pushing bookings now and then):
never lost for being silent."""

PRINTER_OFFLINE_CODES = frozenset({"offline", "timeout"})
"""A printer that cannot be reached or does not answer: switched off, unplugged, or in error."""


class DeviceState(enum.StrEnum):
    """What the console lists for a device; doctor judges each (``domain/health.py``)."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    """It prints; its roll is nearly out."""
    PAPER_OUT = "paper_out"
    PRINTER_OFFLINE = "printer_offline"
    """Its printer is off, unplugged, in error, or does not answer (``offline``, ``timeout``)."""
    PRINTER_FAULT = "printer_fault"
    """Its printer cannot print for another reason: the cover open, its setting wrong
    (``config``), or a state this release does not know."""
    NO_PRINTER = "no_printer"
    """A kiosk without a printer where every ticket must be printed: it refuses them."""
    NEVER = "never"
    """Paired, not heard from yet, and not for longer than the limit."""
    LOST = "lost"
    """Silent for longer than the limit, or never heard from since paired that long ago."""
    REVOKED = "revoked"

    @property
    def alerts(self) -> bool:
        """The states that raise a ``device_<state>`` alert: the device is gone, or it prints
        no ticket."""
        return self in _ALERTING

    @property
    def printer_problem(self) -> bool:
        """Its printer cannot print a ticket now."""
        return self in _PRINTER_PROBLEMS


_PRINTER_PROBLEMS = frozenset(
    {
        DeviceState.PAPER_OUT,
        DeviceState.PRINTER_OFFLINE,
        DeviceState.PRINTER_FAULT,
        DeviceState.NO_PRINTER,
    }
)
_ALERTING = _PRINTER_PROBLEMS | {DeviceState.LOST}


def printer_code(printer: str | None) -> str:
    """The printer state a heartbeat carried, as judged: ``""`` when it sent none (a counter, a
    board), else its code (``ok``, ``paper_low``, ``paper_out``, ``none``…) in lower case."""
    return (printer or "").strip().lower()


def device_state(
    role: str,
    paired_at: datetime,
    last_seen: datetime | None,
    printer: str | None,
    now: datetime,
    lost_after: timedelta,
    *,
    paperless: bool,
    revoked: bool = False,
) -> DeviceState:
    """A device by its last heartbeat (``last_seen``, with the ``printer`` state it carried).

    It is lost once silent for longer than ``lost_after``, counted from its pairing when it was
    never heard from. A printer state other than ``ok`` and ``paper_low`` is a problem; ``none``
    (a kiosk started without a printer) only for a kiosk whose site prints every ticket
    (``paperless`` false). A printer problem under paperless tickets is still one: the kiosk
    shows tickets on screen, but its printer wants seeing to.
    """
    if revoked:
        return DeviceState.REVOKED
    if role in QUIET_ROLES:
        return DeviceState.OK
    if last_seen is None:
        return DeviceState.LOST if now - paired_at > lost_after else DeviceState.NEVER
    if now - last_seen > lost_after:
        return DeviceState.LOST
    code = printer_code(printer)
    if code in ("", "ok"):
        return DeviceState.OK
    if code == "none":
        return DeviceState.NO_PRINTER if role == "kiosk" and not paperless else DeviceState.OK
    if code == "paper_low":
        return DeviceState.PAPER_LOW
    if code == "paper_out":
        return DeviceState.PAPER_OUT
    if code in PRINTER_OFFLINE_CODES:
        return DeviceState.PRINTER_OFFLINE
    return DeviceState.PRINTER_FAULT
