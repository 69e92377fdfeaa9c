"""Printed numbers: per service and business day, from the service's range, never twice."""

from __future__ import annotations

from dataclasses import dataclass

from queue_core.domain.site import Service
from queue_core.errors import Conflict


@dataclass(frozen=True)
class DayNumbering:
    """How far a service's numbering has gone today: the last value used and the count issued."""

    last_value: int | None = None
    issued: int = 0


def next_number(service: Service, today: DayNumbering) -> tuple[str, DayNumbering]:
    """The next printed number of ``service`` and the numbering after it.

    The range never wraps: when it is used up, or the daily cap is reached,
    the answer is a refusal, so two live tickets can never share a number.
    """
    if service.daily_cap is not None and today.issued >= service.daily_cap:
        raise Conflict(
            "daily_cap_reached",
            f"{service.name}: today's {service.daily_cap} tickets have all been issued; "
            "please come back on the next working day.",
        )
    value = service.numbers.first if today.last_value is None else today.last_value + 1
    if value > service.numbers.last:
        raise Conflict(
            "number_range_exhausted",
            f"{service.name}: every number of today's range {service.numbers.describe()} "
            "has been issued.",
        )
    return service.numbers.format(value), DayNumbering(last_value=value, issued=today.issued + 1)
