"""Reading a site file: its sections checked one by one, then across, into a Site; or a
ConfigError naming file, entry and field in one line."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError

from queue_core.config.appointments import AppointmentsModel
from queue_core.config.board import BoardModel, board_contrast_problem
from queue_core.config.logo import clean_svg, is_png, looks_like_svg
from queue_core.config.sections import (
    AgencyModel,
    BackupModel,
    ConsoleModel,
    CounterModel,
    HoursModel,
    KioskModel,
    ProvinceModel,
    RetentionModel,
    RulesModel,
    ServiceModel,
    SiteModel,
    StaffModel,
    Strict,
    number_range,
)
from queue_core.config.sms import SmsModel
from queue_core.domain import Agency, Counter, Procedure, QueueRules, Role, Service, Site, Staff
from queue_core.dossiers.settings import dossier_settings
from queue_core.errors import ConfigError, DossierSettingsError

SAMPLE_SITE = Path(__file__).parents[1] / "sample_site.toml"


class SiteFile(Strict):
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
    kiosk: KioskModel = Field(default_factory=KioskModel)
    backup: BackupModel = Field(default_factory=BackupModel)
    province: ProvinceModel | None = None
    retention: RetentionModel = Field(default_factory=RetentionModel)
    appointments: AppointmentsModel = Field(default_factory=AppointmentsModel)
    sms: SmsModel | None = None


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
    """The board logo named by the site file (relative to it): a PNG, or an SVG as
    ``logo.clean_svg`` rebuilds it (no script, handler or outside link)."""
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
    if is_png(content):
        return content
    if not looks_like_svg(content):
        raise ConfigError(f"{site_path}: board, field 'logo': {path} is not a PNG or SVG file")
    try:
        return clean_svg(content)
    except ValueError as why:
        raise ConfigError(
            f"{site_path}: board, field 'logo': {path} is not an SVG that can be used: {why}"
        ) from None


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
    if parts.query or parts.fragment:
        return f"{value!r} has a query or fragment; give the address the pages are under only"
    return None  # a path is a reverse proxy's prefix: the pages ask for everything relatively


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
    for sid in model.appointments.services:
        if sid not in services:
            raise _fail(source, "appointments", "services", f"unknown service {sid!r}")
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
        _check_counter_staff(model, source, i)
    for i, service in enumerate(model.services):
        if service.id not in served:
            raise _fail(
                source,
                f"services[{i}] ({service.id!r})",
                "id",
                "no counter serves this service; add it to a counter's services",
            )


def _check_counter_staff(model: SiteFile, source: str, index: int) -> None:
    """A counter's ``staff`` names each clerk once, and no one the file makes a supervisor or
    an administrator (they open any counter; listing them would suggest otherwise)."""
    counter = model.counters[index]
    names = counter.staff or []
    entry = f"counters[{index}] ({counter.number})"
    repeated = _repeated_at(names)
    if repeated is not None:
        raise _fail(source, entry, "staff", f"{names[repeated]!r} is listed twice")
    roles = {s.username: s.role for s in model.staff}
    for name in names:
        if roles.get(name, Role.CLERK) is not Role.CLERK:
            raise _fail(
                source,
                entry,
                "staff",
                f"{name!r} is a {roles[name].value}, who opens any counter; list clerks only",
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
            Counter(
                c.number,
                c.name or f"Quầy {c.number}",
                tuple(c.services),
                c.zone,
                None if c.staff is None else tuple(c.staff),
            )
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
            "kiosk": model.kiosk.model_dump(),
            "backup": model.backup.to_domain(),
            "province": None if model.province is None else model.province.to_domain(),
            "retention": model.retention.to_domain(),
            "appointments": model.appointments.to_domain(),
            "sms": None if model.sms is None else model.sms.to_domain(),
        },
    )
