"""The site file's sections as typed models, each field with its default and its own rules."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from queue_core.domain import (
    MAX_BATCH_EVENTS,
    BackupPlan,
    NumberRange,
    OpeningHours,
    ProvinceLink,
    Retention,
    Role,
)

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


_RANGE = re.compile(r"^(?P<prefix>[A-Z]*)(?P<first>\d+)\s*-\s*(?P=prefix)?(?P<last>\d+)$")


_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HoursModel(Strict):
    days: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    periods: list[str] = Field(default_factory=lambda: ["07:30-11:30", "13:30-17:00"])

    @field_validator("days")
    @classmethod
    def _known_days(cls, days: list[str]) -> list[str]:
        unknown = [d for d in days if d not in _WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown day {unknown[0]!r}; use mon, tue, wed, thu, fri, sat, sun")
        return days

    @field_validator("periods")
    @classmethod
    def _periods(cls, periods: list[str]) -> list[str]:
        for period in periods:
            match = _PERIOD.match(period)
            if not match:
                raise ValueError(f"period {period!r} is not like 07:30-11:30")
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2)):
                raise ValueError(f"period {period!r} does not end after it starts")
        return periods

    def to_domain(self) -> OpeningHours:
        periods = []
        for period in self.periods:
            h1, m1, h2, m2 = (int(g) for g in _PERIOD.match(period).groups())  # type: ignore[union-attr]
            end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
            periods.append((time(h1, m1), end))
        return OpeningHours(frozenset(_WEEKDAYS[d] for d in self.days), tuple(periods))


class RulesModel(Strict):
    priority_ratio: Annotated[int, Field(ge=1, le=10)] = 2
    recalls_before_no_show: Annotated[int, Field(ge=0, le=5)] = 1
    rating_levels: list[str] = Field(
        default_factory=lambda: ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"],
        min_length=3,
        max_length=5,
    )
    rating_levels_en: list[str] = Field(default_factory=list)
    rating_reasons: list[str] = Field(default_factory=list)
    paperless_tickets: bool = False


class SiteModel(Strict):
    id: Annotated[str, Field(pattern=_ID)]
    name: Annotated[str, Field(min_length=1)]
    name_en: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    day_reset_hour: Annotated[int, Field(ge=0, le=23)] = 0
    footer: str = ""
    notices: list[str] = Field(default_factory=list)
    public_url: str = ""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Ho_Chi_Minh)") from None
        return value


class AgencyModel(Strict):
    id: Annotated[str, Field(pattern=_ID)]
    name: Annotated[str, Field(min_length=1)]
    name_en: str = ""


class ProcedureModel(Strict):
    documents: list[str] = Field(default_factory=list)
    processing_time: str = ""
    fee: str = ""
    documents_en: list[str] = Field(default_factory=list)
    processing_time_en: str = ""
    fee_en: str = ""


class ServiceModel(Strict):
    id: Annotated[str, Field(pattern=_ID)]
    agency: str
    name: Annotated[str, Field(min_length=1)]
    name_en: str = ""
    numbers: str
    target_wait_minutes: Annotated[int, Field(ge=1, le=600)] = 30
    average_service_minutes: Annotated[float, Field(gt=0, le=240)] = 8.0
    daily_cap: Annotated[int, Field(ge=1)] | None = None
    hours: HoursModel | None = None
    procedure: ProcedureModel = Field(default_factory=ProcedureModel)

    @field_validator("numbers")
    @classmethod
    def _range(cls, value: str) -> str:
        number_range(value)
        return value


class CounterModel(Strict):
    number: Annotated[int, Field(ge=1, le=999)]
    name: str = ""
    services: list[str] = Field(min_length=1)
    zone: str = ""
    staff: list[Annotated[str, Field(pattern=_ID)]] | None = None
    """The clerks (usernames) who may open it; absent: any clerk whom no counter lists."""


class StaffModel(Strict):
    username: Annotated[str, Field(pattern=_ID)]
    display_name: Annotated[str, Field(min_length=1)]
    role: Role = Role.CLERK
    title: str = ""


class ConsoleModel(Strict):
    """The supervisor console's alert limits (``[console]``); each has a sane default."""

    paused_minutes: Annotated[int, Field(ge=1, le=480)] = 15
    """A counter paused longer than this raises an alert."""
    idle_minutes: Annotated[int, Field(ge=1, le=480)] = 20
    """An open counter with no ticket for longer than this raises an alert."""
    device_lost_seconds: Annotated[int, Field(ge=10, le=86400)] = 180
    """A paired device silent longer than this is shown as lost (and raises an alert)."""
    check_seconds: Annotated[int, Field(ge=1, le=600)] = 10
    """How often the core checks for alerts (and shows scheduled notices)."""


class KioskModel(Strict):
    """How fast one kiosk may take tickets (``[kiosk]``): a person takes one every few
    seconds at most; a device's token used faster is refused and raises an alert."""

    tickets_per_minute: Annotated[int, Field(ge=0, le=1_000_000)] = 20
    """Tickets one kiosk may take a minute, kept up; 0: no limit (a load test)."""
    ticket_burst: Annotated[int, Field(ge=1, le=1000)] = 5
    """Tickets it may take one after the other before that pace holds it."""


class BackupModel(Strict):
    """The core's own backups (``[backup]``): where, how often, how many to keep."""

    enabled: bool = True
    """False: the core takes none by itself (``luot-core backup`` still does)."""
    folder: str = ""
    """Another disk or a mounted share; empty: ``backups/`` beside the database; a relative
    path is taken from the database's folder."""
    every_minutes: Annotated[int, Field(ge=1, le=1440)] = 15
    """While the centre is open; one more each time it closes."""
    keep_last: Annotated[int, Field(ge=1, le=1000)] = 8
    """The newest this many are kept…"""
    keep_days: Annotated[int, Field(ge=0, le=3650)] = 14
    """…and the newest of each of this many most recent days that have one."""

    def to_domain(self) -> BackupPlan:
        return BackupPlan(
            self.enabled, self.folder, self.every_minutes, self.keep_last, self.keep_days
        )


class RetentionModel(Strict):
    """How long the core keeps what says who someone is (``[retention]``), in days; then it
    removes it itself, at a business day's end."""

    holder_name_days: Annotated[int, Field(ge=1, le=3650)] = Retention.holder_name_days
    """A dossier's holder name, after its last step (the dossier stays, for the figures)."""
    rating_reason_days: Annotated[int, Field(ge=1, le=3650)] = Retention.rating_reason_days
    """What a citizen wrote with a rating (the score stays)."""
    audit_days: Annotated[int, Field(ge=1, le=3650)] = Retention.audit_days
    """A row of the audit log."""

    def to_domain(self) -> Retention:
        return Retention(self.holder_name_days, self.rating_reason_days, self.audit_days)


_TOKEN = re.compile(r"^[\x21-\x7e]+$")
"""A token as it goes into the Authorization header: printable ASCII, no space."""


class ProvinceModel(Strict):
    """Where the event log is shipped (``[province]``): the province's URL, this centre's id
    there, and its token, inline or in a file. Its messages never repeat the token."""

    url: str
    centre: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S+$")]
    token: str = ""
    token_file: str = ""
    batch_events: Annotated[int, Field(ge=1, le=MAX_BATCH_EVENTS)] = MAX_BATCH_EVENTS
    timeout_seconds: Annotated[int, Field(ge=1, le=300)] = 10
    unreachable_minutes: Annotated[int, Field(ge=1, le=1440)] = 15

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        problem = province_url_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value.rstrip("/")

    @field_validator("token")
    @classmethod
    def _token(cls, value: str) -> str:
        if value and not _TOKEN.match(value):
            raise ValueError(
                "the token is printable ASCII with no space (as `luot-province centre add` "
                "printed it)"
            )
        return value

    @field_validator("token_file")
    @classmethod
    def _token_file(cls, value: str) -> str:
        if value and not value.startswith("/"):
            raise ValueError(f"{value!r} is not an absolute path (e.g. /etc/luot/province.token)")
        return value

    @model_validator(mode="after")
    def _one_token(self) -> ProvinceModel:
        if bool(self.token) == bool(self.token_file):
            raise ValueError(
                "give the centre's token as token or token_file (a file only the core reads), "
                "one of them"
            )
        return self

    def to_domain(self) -> ProvinceLink:
        return ProvinceLink(
            self.url, self.centre, self.token, self.token_file, self.batch_events,
            self.timeout_seconds, self.unreachable_minutes,
        )  # fmt: skip


def province_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the province service's base URL, or None."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not an http(s) address with a host (e.g. https://province.example)"
    if parts.username is not None or parts.password is not None:
        return "the address holds a user or password; the token goes in token or token_file"
    if parts.query or parts.fragment:
        return f"{value!r} has a query or fragment; give the service's base address only"
    return None


def number_range(text: str) -> NumberRange:
    """``"1001-1999"`` or ``"A001-A999"`` -> a NumberRange; anything else is a ValueError."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a number range like 1001-1999 or A001-A999")
    prefix, first, last = match["prefix"], match["first"], match["last"]
    if int(first) > int(last):
        raise ValueError(f"{text!r} ends before it starts")
    return NumberRange(int(first), int(last), prefix, len(first) if prefix else 0)
