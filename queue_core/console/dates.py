"""The dates and moments the console's forms and queries take: one parser, within bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from queue_core.domain import DomainError

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
"""The days a console form or query may name. Far from ``date.min`` and ``date.max``, so that
a time zone's offset, a week or a month added to one (a report's periods) stays a date: at
0001-01-01 or 9999-12-31 that arithmetic overflows."""

BOUNDS_MESSAGE = f"Give a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."


def _within(day: date, field: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DomainError("invalid_input", BOUNDS_MESSAGE, field)


def day_field(text: str, field: str) -> date:
    """A day written ``YYYY-MM-DD`` (as an ``<input type="date">`` sends it), within bounds."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DomainError("invalid_input", "Dates are like 2026-11-25.", field) from None
    _within(day, field)
    return day


def moment_field(text: str, field: str, zone: tzinfo) -> datetime:
    """A moment written ``YYYY-MM-DDTHH:MM`` (an ``<input type="datetime-local">``), read in the
    site's time zone ``zone`` unless it carries its own offset, within bounds; in UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError("invalid_input", "Give a date and time.", field) from None
    _within(moment.date(), field)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)
