"""A supervisor's figures over business days (``GET /stats``): per group, in total, per hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from queue_core.client.models.reading import Reader

__all__ = [
    "AppointmentFigures",
    "HourFigures",
    "Minutes",
    "Ratings",
    "Stats",
    "StatsFigures",
    "StatsGroup",
]


@dataclass(frozen=True)
class Minutes:
    """Minutes (a wait, or a service): mean, median, 90th percentile; None without any."""

    mean: float | None = None
    p50: float | None = None
    p90: float | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "minutes") -> Minutes:
        r = Reader(data, what)
        return cls(r.opt_number("mean"), r.opt_number("p50"), r.opt_number("p90"))


@dataclass(frozen=True)
class Ratings:
    """How many rated, the mean score, and how many gave each score (1 = most satisfied)."""

    count: int
    mean: float | None
    levels: tuple[tuple[int, int], ...]
    """(score, how many) for every score of the site's levels, in order."""

    @classmethod
    def from_json(cls, data: object, what: str = "ratings") -> Ratings:
        r = Reader(data, what)
        levels = r.obj("levels")
        pairs = []
        for score in levels.data:
            if not score.isdigit():
                raise r.fault("levels", f"has {score!r}, not a score")
            pairs.append((int(score), levels.integer(score)))
        return cls(r.integer("count"), r.opt_number("mean"), tuple(sorted(pairs)))


@dataclass(frozen=True)
class AppointmentFigures:
    """The bookings of the days: made (whatever became of them), checked in, missed, cancelled,
    still to come; the holders called within 10 minutes of their slot over those judged
    (called, or left uncalled), that share (punctuality), and the mean check-in against the
    slot (minutes, early negative)."""

    booked: int
    checked_in: int
    missed: int
    cancelled: int
    to_come: int
    called_on_time: int
    judged: int
    punctuality: float | None
    arrival_minutes: float | None

    @classmethod
    def from_json(cls, data: object, what: str = "appointments") -> AppointmentFigures:
        r = Reader(data, what)
        return cls(
            booked=r.integer("booked"),
            checked_in=r.integer("checked_in"),
            missed=r.integer("missed"),
            cancelled=r.integer("cancelled"),
            to_come=r.integer("to_come"),
            called_on_time=r.integer("called_on_time"),
            judged=r.integer("judged"),
            punctuality=r.opt_number("punctuality"),
            arrival_minutes=r.opt_number("arrival_minutes"),
        )


@dataclass(frozen=True)
class StatsFigures:
    """Issued, served, no-show, cancelled, wait and service minutes, the share called within
    the target wait, and the ratings, of one group of tickets; the bookings' figures in total
    and per service (None for a counter or a clerk, whom bookings do not belong to)."""

    issued: int
    served: int
    no_show: int
    cancelled: int
    wait_minutes: Minutes
    service_minutes: Minutes
    within_target_share: float | None
    ratings: Ratings
    appointments: AppointmentFigures | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "figures") -> StatsFigures:
        r = Reader(data, what)
        return cls(
            issued=r.integer("issued"),
            served=r.integer("served"),
            no_show=r.integer("no_show"),
            cancelled=r.integer("cancelled"),
            wait_minutes=r.one("wait_minutes", Minutes.from_json),
            service_minutes=r.one("service_minutes", Minutes.from_json),
            within_target_share=r.opt_number("within_target_share"),
            ratings=r.one("ratings", Ratings.from_json),
            appointments=r.opt_one("appointments", AppointmentFigures.from_json),
        )


_GROUP_KEYS = {"service": "id", "counter": "number", "staff": "username"}


@dataclass(frozen=True)
class StatsGroup:
    """One service, counter or clerk (``key``: its id, number or username) and its figures."""

    key: str
    name: str
    figures: StatsFigures

    @classmethod
    def from_json(cls, data: object, what: str = "group", by: str = "service") -> StatsGroup:
        r = Reader(data, what)
        label = r.obj(by)
        key = label.get(_GROUP_KEYS[by], (str, int))
        return cls(str(key), label.text("name"), StatsFigures.from_json(data, what))


@dataclass(frozen=True)
class HourFigures:
    """One local hour of the day: tickets issued in it, how many were called, their wait."""

    hour: int
    issued: int
    called: int
    wait_minutes: Minutes

    @classmethod
    def from_json(cls, data: object, what: str = "hour") -> HourFigures:
        r = Reader(data, what)
        return cls(
            r.integer("hour"),
            r.integer("issued"),
            r.integer("called"),
            r.one("wait_minutes", Minutes.from_json),
        )


@dataclass(frozen=True)
class Stats:
    """The figures from ``start`` to ``end`` (business days, both included), ``by`` service,
    counter or staff: per group, in total, and per hour for the whole centre."""

    start: date
    end: date
    by: str
    groups: tuple[StatsGroup, ...]
    total: StatsFigures
    hours: tuple[HourFigures, ...]

    @classmethod
    def from_json(cls, data: object, what: str = "stats") -> Stats:
        r = Reader(data, what)
        by = r.text("by")
        if by not in _GROUP_KEYS:
            raise r.fault("by", f"is {by!r}, not one of {sorted(_GROUP_KEYS)}")
        return cls(
            start=r.day("from"),
            end=r.day("to"),
            by=by,
            groups=r.items("groups", lambda data, where: StatsGroup.from_json(data, where, by)),
            total=r.one("total", StatsFigures.from_json),
            hours=r.items("hours", HourFigures.from_json),
        )
