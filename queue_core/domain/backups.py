"""Backups and restores, pure: when a backup is due, which to keep, when to worry, and how far
a restore skips each service's numbers (and the event log's seq) past what was lost."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from queue_core.domain.numbering import DayNumbering
from queue_core.domain.site import OpeningHours, Service, Site

# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupPlan:
    """The site file's ``[backup]``: where, how often, how many."""

    enabled: bool = True
    folder: str = ""
    """Empty: ``backups/`` beside the database; relative: to the database's folder."""
    every_minutes: int = 15
    keep_last: int = 8
    keep_days: int = 14

    @property
    def every(self) -> timedelta:
        return timedelta(minutes=self.every_minutes)


def centre_open(site: Site, now: datetime) -> bool:
    """Whether any service of the centre takes tickets at ``now`` by its hours."""
    local = site.local(now)
    return any(service.hours.is_open(local) for service in site.services)


class Due(enum.StrEnum):
    """Why a backup is taken now."""

    INTERVAL = "interval"
    """Open, and the last good one is at least the interval old."""
    CLOSING = "closing"
    """The centre has just closed (at lunch, at the day's end)."""


def backup_due(
    now: datetime, last_good: datetime | None, every: timedelta, open_now: bool, was_open: bool
) -> Due | None:
    """Whether a backup should be taken now; a backup dated after ``now`` (another clock)
    does not count."""
    if was_open and not open_now:
        return Due.CLOSING
    if open_now and (last_good is None or last_good > now or now - last_good >= every):
        return Due.INTERVAL
    return None


@dataclass(frozen=True)
class BackupState:
    """What the serving core knows of its backups, for the console's alerts."""

    every: timedelta
    last_good: datetime | None = None
    """When the newest verified backup in the folder was taken."""
    last_failure: datetime | None = None
    failure: str | None = None
    """Why the last attempt failed, in one line."""
    open_since: datetime | None = None
    """When the centre last opened (or the core started, if open then); None while closed."""

    @property
    def failing(self) -> bool:
        """The last attempt failed and no good one came after it."""
        return self.last_failure is not None and (
            self.last_good is None or self.last_failure > self.last_good
        )

    def stale_minutes(self, now: datetime) -> int | None:
        """How long the centre has gone without a backup while open, when that is more than
        twice the interval; None otherwise (closed, or recent enough)."""
        if self.open_since is None:
            return None
        since = self.open_since
        if self.last_good is not None and self.open_since < self.last_good <= now:
            since = self.last_good
        if now - since <= 2 * self.every:
            return None
        return int((now - since).total_seconds() // 60)


# --- retention -------------------------------------------------------------------------------


def retained(
    taken: Iterable[datetime], keep_last: int, keep_days: int, day_of: Callable[[datetime], date]
) -> set[datetime]:
    """Which backups to keep: the newest ``keep_last``, and the newest of each of the
    ``keep_days`` most recent days that have one (days counted on the backups, not the
    calendar, so that a long closure does not empty the folder). Nothing else."""
    newest_first = sorted(set(taken), reverse=True)
    keep = set(newest_first[: max(0, keep_last)])
    newest_of_day: dict[date, datetime] = {}
    for moment in newest_first:
        newest_of_day.setdefault(day_of(moment), moment)
    for day in sorted(newest_of_day, reverse=True)[: max(0, keep_days)]:
        keep.add(newest_of_day[day])
    return keep


# --- a restore's skip-ahead ------------------------------------------------------------------

MARGIN = 2
"""The tickets a service may have issued after the backup: this many times its busiest hour…"""
MIN_TICKETS_PER_HOUR = 30
"""…taken as at least this many, for a service the backup saw little of…"""
EXTRA_NUMBERS = 10
"""…plus these, whenever it was open at all since the backup."""
MIN_EVENTS_PER_HOUR = 300
EXTRA_EVENTS = 1000
"""Likewise for the event log's seq, over every hour since the backup (a day's end, alerts
and notices write events while the centre is closed)."""


class SkipBasis(enum.StrEnum):
    """What decided how far a service's numbers were skipped."""

    CLOSED = "closed"
    """Not open since the backup, today: nothing can have been issued; nothing skipped."""
    ESTIMATE = "estimate"
    """Its busiest hour, the margin and its open minutes since the backup."""
    REPLACED = "replaced_database"
    """The replaced database, still readable, had handed out more than the estimate."""
    DAILY_CAP = "daily_cap"
    """Stopped at the day's cap: no more could have been handed out."""
    RANGE_END = "range_end"
    """Stopped at the range's last number: the service is out of numbers for today."""


@dataclass(frozen=True)
class NumberSkip:
    """One service's numbers of today after a restore."""

    service_id: str
    backed_up: int | None
    """The last number the backup had handed out today (None: none yet)."""
    skip_to: int | None
    """The last number now counted as handed out: the next ticket gets the one after it."""
    basis: SkipBasis
    per_hour: int
    """The rate the estimate used (the busiest hour seen, at least the minimum)."""
    open_minutes: int
    """How long the service was open today between the backup and the restore."""
    skipped: int
    """How many numbers are skipped (never handed out by the restored core)."""
    printed_from: str | None = None
    """``backed_up`` as printed on a ticket (``"A030"``)."""
    printed_to: str | None = None
    """``skip_to`` as printed."""


def busiest_hour(moments: Iterable[datetime]) -> int:
    """The most of ``moments`` that fall within any one hour (a sliding hour, not a clock
    hour, so that a burst across 10:00 counts whole)."""
    ordered = sorted(moments)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= timedelta(hours=1):
            start += 1
        best = max(best, end - start + 1)
    return best


def day_start(day: date, reset_hour: int, zone: tzinfo) -> datetime:
    """When the business day ``day`` begins, in local time."""
    return datetime.combine(day, time(reset_hour), tzinfo=zone)


def open_minutes(hours: OpeningHours, start: datetime, end: datetime) -> float:
    """Minutes between two local, aware moments during which ``hours`` are open (periods that
    overlap counted once)."""
    spans: list[tuple[datetime, datetime]] = []
    day = start.date()
    while day <= end.date():
        if day.weekday() in hours.weekdays:
            for begin, finish in hours.periods:
                opened = datetime.combine(day, begin, tzinfo=start.tzinfo)
                closed = datetime.combine(day, finish, tzinfo=start.tzinfo)
                if finish == time(23, 59, 59, 999999):  # "24:00": open to midnight
                    closed = datetime.combine(day + timedelta(days=1), time(), start.tzinfo)
                if min(closed, end) > max(opened, start):
                    spans.append((max(opened, start), min(closed, end)))
        day += timedelta(days=1)
    total, reached = timedelta(), None
    for opened, closed in sorted(spans):
        if reached is not None and opened < reached:
            opened = reached
        if closed > opened:
            total += closed - opened
        reached = closed if reached is None else max(reached, closed)
    return total.total_seconds() / 60


def skip_numbers(
    service: Service,
    backed_up: DayNumbering,
    per_hour_seen: int,
    minutes_open: float,
    replaced_last: int | None = None,
) -> NumberSkip:
    """How far a restore skips one service's numbers of today.

    The lost database may have handed out, after the backup, at most ``MARGIN`` times the
    service's busiest hour (at least ``MIN_TICKETS_PER_HOUR``) for each hour it was open
    since, plus ``EXTRA_NUMBERS``; what the replaced database still shows, when it can be
    read, counts if it is more. Never beyond the day's cap (no more can have been handed
    out) or the range's last number.
    """
    numbers = service.numbers
    rate = max(per_hour_seen, MIN_TICKETS_PER_HOUR)
    start = numbers.first - 1 if backed_up.last_value is None else backed_up.last_value
    minutes = max(0.0, minutes_open)
    estimate = start
    basis = SkipBasis.CLOSED
    if minutes > 0:
        estimate = start + math.ceil(MARGIN * rate * minutes / 60) + EXTRA_NUMBERS
        basis = SkipBasis.ESTIMATE
    if replaced_last is not None and replaced_last > estimate:
        estimate, basis = replaced_last, SkipBasis.REPLACED
    bound, bound_basis = numbers.last, SkipBasis.RANGE_END
    if service.daily_cap is not None and numbers.first + service.daily_cap - 1 < bound:
        bound, bound_basis = numbers.first + service.daily_cap - 1, SkipBasis.DAILY_CAP
    if estimate > bound:
        estimate, basis = max(bound, start), bound_basis
    skipped = max(0, estimate - start)
    skip_to = estimate if skipped else backed_up.last_value
    return NumberSkip(
        service_id=service.id,
        backed_up=backed_up.last_value,
        skip_to=skip_to,
        basis=basis,
        per_hour=rate,
        open_minutes=round(minutes),
        skipped=skipped,
        printed_from=None if backed_up.last_value is None else numbers.format(backed_up.last_value),
        printed_to=None if skip_to is None else numbers.format(skip_to),
    )


def restored_seq(
    backup_seq: int,
    events_per_hour_seen: int,
    hours_since_backup: float,
    replaced_seq: int | None = None,
) -> int:
    """The seq of the first event after a restore: past every seq the lost database may have
    given, so that no seq ever means two events (a subscriber that saw one from the lost
    database never takes a new event for it)."""
    rate = max(events_per_hour_seen, MIN_EVENTS_PER_HOUR)
    estimate = backup_seq + math.ceil(MARGIN * rate * max(0.0, hours_since_backup)) + EXTRA_EVENTS
    return max(estimate, replaced_seq or 0) + 1


def skips_by_service(
    services: Sequence[Service],
    backed_up: dict[str, DayNumbering],
    per_hour_seen: dict[str, int],
    minutes_open: dict[str, float],
    replaced_last: dict[str, int] | None,
) -> tuple[NumberSkip, ...]:
    """``skip_numbers`` for every service of the site, in the site's order."""
    return tuple(
        skip_numbers(
            s,
            backed_up.get(s.id, DayNumbering()),
            per_hour_seen.get(s.id, 0),
            minutes_open.get(s.id, 0.0),
            None if replaced_last is None else replaced_last.get(s.id),
        )
        for s in services
    )
