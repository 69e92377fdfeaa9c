"""The site file (TOML) -> validated, typed settings of one centre, or a one-line error."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from queue_core.domain import (
    Agency,
    Counter,
    NumberRange,
    OpeningHours,
    Procedure,
    QueueRules,
    Role,
    Service,
    Site,
    Staff,
)
from queue_core.domain.contrast import MIN_TEXT_CONTRAST, contrast_ratio
from queue_core.domain.dossiers import DossierStatus
from queue_core.errors import ConfigError, DossierSettingsError

SAMPLE_SITE = Path(__file__).with_name("sample_site.toml")

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_RANGE = re.compile(r"^(?P<prefix>[A-Z]*)(?P<first>\d+)\s*-\s*(?P=prefix)?(?P<last>\d+)$")
_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HoursModel(_Strict):
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


class RulesModel(_Strict):
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


class SiteModel(_Strict):
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


class AgencyModel(_Strict):
    id: Annotated[str, Field(pattern=_ID)]
    name: Annotated[str, Field(min_length=1)]
    name_en: str = ""


class ProcedureModel(_Strict):
    documents: list[str] = Field(default_factory=list)
    processing_time: str = ""
    fee: str = ""
    documents_en: list[str] = Field(default_factory=list)
    processing_time_en: str = ""
    fee_en: str = ""


class ServiceModel(_Strict):
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


class CounterModel(_Strict):
    number: Annotated[int, Field(ge=1, le=999)]
    name: str = ""
    services: list[str] = Field(min_length=1)
    zone: str = ""


class StaffModel(_Strict):
    username: Annotated[str, Field(pattern=_ID)]
    display_name: Annotated[str, Field(min_length=1)]
    role: Role = Role.CLERK
    title: str = ""


_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class BoardModel(_Strict):
    """How the hall boards look and speak: the centre's colours, logo and number reading."""

    ground: Annotated[str, Field(pattern=_COLOUR)] = "#071A3D"
    ink: Annotated[str, Field(pattern=_COLOUR)] = "#FFFFFF"
    number: Annotated[str, Field(pattern=_COLOUR)] = "#FFD400"
    accent: Annotated[str, Field(pattern=_COLOUR)] = "#C8102E"
    logo: str | None = None
    """A PNG or SVG file, relative to the site file; the core serves it to the boards."""
    read_numbers: Literal["number", "digits"] = "number"
    zero_tens: Literal["linh", "lẻ"] = "linh"
    four: Literal["bốn", "tư"] = "bốn"
    english: bool = False


BOARD_FIXED_COLOURS = {
    "the board's panels": "#0E2A5C",
    "the board's grey text": "#B9C6DD",
    "the banner's words": "#FFFFFF",
}
"""The hall board's own colours that meet the site's (hall_board.state.Appearance's panel
and muted; the "reconnecting" banner's words in hall_board/widgets/panels.py)."""

BOARD_TEXT_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    ("ink", "ground", "ink", "the centre's name, the date"),
    ("number", "ground", "number", "the clock"),
    ("ink", "the board's panels", "ink", "calls, counters, figures"),
    ("number", "the board's panels", "number", "ticket numbers"),
    ("the banner's words", "accent", "accent", "the reconnecting banner"),
    ("the board's grey text", "ground", "ground", "the centre's English name"),
)
"""(text, ground, the field to blame, what it is) for each text the hall board draws on a
ground where the site's ``[board]`` colours take part: a BoardModel field or one of the
board's own colours."""


def board_contrast_problem(board: BoardModel) -> tuple[str, str] | None:
    """(field, reason) for the first board text below WCAG AA's 4.5:1, or None."""

    def named(name: str) -> tuple[str, str]:
        fixed = BOARD_FIXED_COLOURS.get(name)
        return (name, fixed) if fixed else (name, str(getattr(board, name)))

    for text_name, ground_name, blamed, what in BOARD_TEXT_PAIRS:
        (text_label, text), (ground_label, ground) = named(text_name), named(ground_name)
        ratio = contrast_ratio(text, ground)
        if ratio < MIN_TEXT_CONTRAST:
            return blamed, (
                f"{text_label} {text} on {ground_label} {ground} ({what}) is "
                f"{math.floor(ratio * 100) / 100:.2f}:1; "  # 4.499 must not read as 4.50
                f"text needs at least {MIN_TEXT_CONTRAST}:1 (WCAG AA)"
            )
    return None


class ConsoleModel(_Strict):
    """The supervisor console's alert limits (``[console]``); each has a sane default."""

    paused_minutes: Annotated[int, Field(ge=1, le=480)] = 15
    """A counter paused longer than this raises an alert."""
    idle_minutes: Annotated[int, Field(ge=1, le=480)] = 20
    """An open counter with no ticket for longer than this raises an alert."""
    device_lost_seconds: Annotated[int, Field(ge=10, le=86400)] = 180
    """A paired device silent longer than this is shown as lost (and raises an alert)."""
    check_seconds: Annotated[int, Field(ge=1, le=600)] = 10
    """How often the core checks for alerts (and shows scheduled notices)."""


class SiteFile(_Strict):
    site: SiteModel
    board: BoardModel = Field(default_factory=BoardModel)
    rules: RulesModel = Field(default_factory=RulesModel)
    hours: HoursModel = Field(default_factory=HoursModel)
    agencies: list[AgencyModel] = Field(min_length=1)
    services: list[ServiceModel] = Field(min_length=1)
    counters: list[CounterModel] = Field(min_length=1)
    staff: list[StaffModel] = Field(default_factory=list)
    dossiers: dict[str, Any] = Field(default_factory=dict)
    console: ConsoleModel = Field(default_factory=ConsoleModel)


# --- the [dossiers] section -----------------------------------------------------------
DOSSIER_FIELDS = (
    "code",
    "procedure",
    "agency",
    "holder",
    "received_at",
    "due_at",
    "status",
    "resolved_at",
    "returned_at",
)
DOSSIER_REQUIRED = ("code", "procedure", "agency", "holder", "received_at", "due_at", "status")

DEFAULT_COLUMNS = {
    "code": "Mã hồ sơ",
    "procedure": "Thủ tục",
    "agency": "Cơ quan",
    "holder": "Chủ hồ sơ",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "status": "Trạng thái",
    "resolved_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả",
}
DEFAULT_STATUSES = {
    "Đang xử lý": DossierStatus.PROCESSING,
    "Chờ bổ sung": DossierStatus.NEEDS_SUPPLEMENT,
    "Đã có kết quả": DossierStatus.READY,
    "Đã trả kết quả": DossierStatus.RETURNED,
    "Từ chối": DossierStatus.REJECTED,
}
DEFAULT_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")


@dataclass(frozen=True)
class DossierSettings:
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    """Our field -> the e-system's column name."""
    statuses: dict[str, DossierStatus] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    """The e-system's status words -> ours (our own codes are accepted too)."""
    agencies: dict[str, str] = field(default_factory=dict)
    """The e-system's agency names -> site agency ids (ids and site names match by themselves)."""
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    source: str | None = None
    pull_minutes: int = 10
    result_service: str | None = None
    """The service a citizen takes a ticket for to collect a result."""
    bring: str = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả; Căn cước công dân"
    bring_en: str = "The dossier receipt; your citizen identity card"


def dossier_settings(section: dict[str, Any]) -> DossierSettings:
    """Check the raw ``[dossiers]`` table of a site file."""
    known = {
        "columns",
        "statuses",
        "agencies",
        "date_formats",
        "source",
        "pull_minutes",
        "result_service",
        "bring",
        "bring_en",
    }
    unknown = set(section) - known
    if unknown:
        raise DossierSettingsError(f"unknown key {sorted(unknown)[0]!r}")
    columns = {**DEFAULT_COLUMNS, **section.get("columns", {})}
    bad = set(columns) - set(DOSSIER_FIELDS)
    if bad:
        raise DossierSettingsError(
            f"columns: unknown field {sorted(bad)[0]!r}; use {DOSSIER_FIELDS}"
        )
    statuses = dict(DEFAULT_STATUSES)
    for word, ours in section.get("statuses", {}).items():
        try:
            statuses[word] = DossierStatus(ours)
        except ValueError:
            raise DossierSettingsError(
                f"statuses: {word!r} maps to {ours!r}, which is not one of "
                f"{[s.value for s in DossierStatus]}"
            ) from None
    source = section.get("source")
    if source is not None and not str(source).startswith(("http://", "https://")):
        raise DossierSettingsError(f"source: {source!r} is not an http(s) URL")
    minutes = section.get("pull_minutes", 10)
    if not isinstance(minutes, int) or not 1 <= minutes <= 1440:
        raise DossierSettingsError("pull_minutes: a whole number of minutes from 1 to 1440")
    defaults = DossierSettings()
    return DossierSettings(
        columns=columns,
        statuses=statuses,
        agencies=dict(section.get("agencies", {})),
        date_formats=tuple(section.get("date_formats", DEFAULT_DATE_FORMATS)),
        source=source,
        pull_minutes=minutes,
        result_service=section.get("result_service"),
        bring=section.get("bring", defaults.bring),
        bring_en=section.get("bring_en", defaults.bring_en),
    )


def number_range(text: str) -> NumberRange:
    """``"1001-1999"`` or ``"A001-A999"`` -> a NumberRange; anything else is a ValueError."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a number range like 1001-1999 or A001-A999")
    prefix, first, last = match["prefix"], match["first"], match["last"]
    if int(first) > int(last):
        raise ValueError(f"{text!r} ends before it starts")
    return NumberRange(int(first), int(last), prefix, len(first) if prefix else 0)


def _entry(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """``services[3] (id "stp-lltp")`` for an error's location."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        section, index = loc[0], loc[1]
        label = f"{section}[{index}]"
        try:
            item = data[section][index]
            key = item.get("id") or item.get("number") or item.get("username")
            if key is not None:
                label += f" ({key!r})"
        except (KeyError, IndexError, AttributeError, TypeError):
            pass
        return label
    return str(loc[0]) if loc else "file"


def _fail(source: str, entry: str, field: str | None, reason: str) -> ConfigError:
    where = f"{entry}, field {field!r}" if field else entry
    return ConfigError(f"{source}: {where}: {reason}")


def parse_site(
    text: str, source: str = "site file", *, stored: bool = False
) -> tuple[Site, SiteFile]:
    """Parse and check a site file's text; raise ConfigError naming entry and field.

    ``stored``: the text comes from the database, where an earlier release accepted it. The
    rules that only judge taste (the board's colour contrast) are not applied to it then, so
    that an upgrade never stops a centre whose site was accepted before the rule existed; they
    apply again at the next ``luot-core import``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    try:
        model = SiteFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
        if len(loc) <= 1 or (len(loc) == 2 and isinstance(loc[1], int)):
            field_name = str(loc[0]) if len(loc) == 1 and first["type"] == "missing" else None
        reason = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            reason = "is missing"
        raise _fail(source, _entry(data, loc), field_name, reason) from None
    _cross_check(model, source, stored=stored)
    return _to_domain(model), model


LOGO_MAX_BYTES = 512 * 1024


def open_around_the_clock(text: str) -> str:
    """A site file's text whose ``[hours]`` table is open every day, all day, and whose
    services keep no hours of their own: for a demo or screenshots taken at any hour."""
    lines = [line for line in text.splitlines() if not line.startswith("hours = ")]
    start = lines.index("[hours]")  # ValueError: a site file has one
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    every_day = '"mon", "tue", "wed", "thu", "fri", "sat", "sun"'
    always = [f"days = [{every_day}]", 'periods = ["00:00-24:00"]']
    return "\n".join([*lines[: start + 1], *always, "", *lines[end:]]) + "\n"


def load_site(path: str | Path) -> tuple[Site, str]:
    """Read and check a site file; return the site and the text (kept in the database)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    site, _model = parse_site(text, str(path))
    return site, text


def load_logo(site_path: str | Path, site: Site) -> bytes | None:
    """The board logo named by the site file (relative to it), checked to be a PNG or SVG."""
    name = site.extra["board"]["logo"]  # type: ignore[index]
    if not name:
        return None
    path = Path(site_path).parent / str(name)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{site_path}: board, field 'logo': cannot read {path}: {exc.strerror}"
        ) from None
    if len(content) > LOGO_MAX_BYTES:
        raise ConfigError(f"{site_path}: board, field 'logo': {path} is larger than 512 KiB")
    if not (content.startswith(b"\x89PNG") or b"<svg" in content[:1024]):
        raise ConfigError(f"{site_path}: board, field 'logo': {path} is not a PNG or SVG file")
    return content


def _repeated_at(values: list[Any]) -> int | None:
    """Index of the first value that was seen before, or None."""
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            return index
        seen.add(value)
    return None


def public_url_problem(value: str) -> str | None:
    """Why ``public_url`` cannot be the address a ticket's QR code opens, or None."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"{value!r} is not an address a phone can open "
            "(e.g. https://hcc.example.gov.vn or http://192.168.1.10:8470)"
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        # the phone page asks for /api/v1/tickets/… and /d/… from the root of its host
        return f"{value!r} has a path; give the address at the root of its host only"
    return None


def _cross_check(model: SiteFile, source: str, *, stored: bool = False) -> None:
    for section, key in (
        ("agencies", "id"),
        ("services", "id"),
        ("counters", "number"),
        ("staff", "username"),
    ):
        keys = [getattr(item, key) for item in getattr(model, section)]
        index = _repeated_at(keys)
        if index is not None:
            dup = keys[index]
            raise _fail(source, f"{section}[{index}] ({dup!r})", key, f"duplicate {key} {dup!r}")
    agencies = {a.id for a in model.agencies}
    services = {s.id: s for s in model.services}
    for i, service in enumerate(model.services):
        if service.agency not in agencies:
            raise _fail(
                source,
                f"services[{i}] ({service.id!r})",
                "agency",
                f"unknown agency {service.agency!r}",
            )
        mine = number_range(service.numbers)
        for other in model.services[:i]:
            if mine.overlaps(number_range(other.numbers)):
                raise _fail(
                    source,
                    f"services[{i}] ({service.id!r})",
                    "numbers",
                    f"{service.numbers} overlaps {other.numbers} of service {other.id!r}; "
                    "two tickets in the hall would share a number",
                )
    if not stored:
        problem = board_contrast_problem(model.board)
        if problem is not None:
            raise _fail(source, "board", *problem)
        url_problem = public_url_problem(model.site.public_url)
        if url_problem is not None:
            raise _fail(source, "site", "public_url", url_problem)
    try:
        settings = dossier_settings(model.dossiers)
    except DossierSettingsError as exc:
        raise _fail(source, "dossiers", None, str(exc)) from None
    if settings.result_service is not None and settings.result_service not in services:
        raise _fail(
            source, "dossiers", "result_service", f"unknown service {settings.result_service!r}"
        )
    served: set[str] = set()
    for i, counter in enumerate(model.counters):
        for sid in counter.services:
            if sid not in services:
                raise _fail(
                    source,
                    f"counters[{i}] ({counter.number})",
                    "services",
                    f"unknown service {sid!r}",
                )
        served.update(counter.services)
    for i, service in enumerate(model.services):
        if service.id not in served:
            raise _fail(
                source,
                f"services[{i}] ({service.id!r})",
                "id",
                "no counter serves this service; add it to a counter's services",
            )


def _to_domain(model: SiteFile) -> Site:
    default_hours = model.hours.to_domain()
    rules = model.rules
    return Site(
        id=model.site.id,
        name=model.site.name,
        name_en=model.site.name_en,
        timezone=ZoneInfo(model.site.timezone),
        day_reset_hour=model.site.day_reset_hour,
        rules=QueueRules(
            priority_ratio=rules.priority_ratio,
            recalls_before_no_show=rules.recalls_before_no_show,
            rating_levels=tuple(rules.rating_levels),
            rating_reasons=tuple(rules.rating_reasons),
            paperless_tickets=rules.paperless_tickets,
        ),
        agencies=tuple(
            Agency(a.id, a.name, a.name_en or a.name, order)
            for order, a in enumerate(model.agencies)
        ),
        services=tuple(
            Service(
                id=s.id,
                agency_id=s.agency,
                name=s.name,
                name_en=s.name_en or s.name,
                numbers=number_range(s.numbers),
                target_wait_minutes=s.target_wait_minutes,
                average_service_minutes=s.average_service_minutes,
                hours=s.hours.to_domain() if s.hours else default_hours,
                daily_cap=s.daily_cap,
                procedure=Procedure(
                    documents=tuple(s.procedure.documents),
                    processing_time=s.procedure.processing_time,
                    fee=s.procedure.fee,
                    documents_en=tuple(s.procedure.documents_en),
                    processing_time_en=s.procedure.processing_time_en,
                    fee_en=s.procedure.fee_en,
                ),
            )
            for s in model.services
        ),
        counters=tuple(
            Counter(c.number, c.name or f"Quầy {c.number}", tuple(c.services), c.zone)
            for c in model.counters
        ),
        staff=tuple(Staff(s.username, s.display_name, s.role, s.title) for s in model.staff),
        notices=tuple(model.site.notices),
        extra={
            "footer": model.site.footer,
            "public_url": model.site.public_url,
            "rating_levels_en": tuple(rules.rating_levels_en),
            "dossiers": dossier_settings(model.dossiers),
            "board": model.board.model_dump(),
            "console": model.console.model_dump(),
        },
    )
