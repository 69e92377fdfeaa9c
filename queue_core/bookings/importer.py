"""A portal's bookings, read row by row: service, slot, name, phone, the portal's own id; every
problem named with its row, nothing raised until all are read."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from queue_core.domain import Site
from queue_core.domain.appointments import appointment_rules
from queue_core.dossiers.importer import Row

COLUMNS = ("service", "slot", "name", "phone", "id")
"""The columns of an export (a header row, or a JSON object's keys); ``phone`` may be empty."""
DATE_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class BookingRow:
    label: str
    service_id: str
    slot_at: datetime
    name: str
    phone: str | None
    external_id: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _slot(value: Any, timezone: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone)
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone)


def parse_bookings(rows: Iterable[Row], site: Site) -> tuple[list[BookingRow], list[str]]:
    """Every row as a booking to make, and the problems (``row 3, slot: …``) of the others."""
    rules = appointment_rules(site)
    services = {_fold(s.id): s.id for s in site.services}
    services.update({_fold(s.name): s.id for s in site.services})
    found: list[BookingRow] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for label, row in rows:
        values: Mapping[str, Any] = {_fold(str(k)): v for k, v in row.items() if k is not None}
        text = {c: "" if values.get(c) is None else str(values.get(c)).strip() for c in COLUMNS}
        mine: list[str] = []
        for column in ("service", "slot", "name", "id"):
            if not text[column]:
                mine.append(f"{label}, {column}: is missing")
        service = services.get(_fold(text["service"])) if text["service"] else None
        if text["service"] and service is None:
            mine.append(f"{label}, service: unknown service {text['service']!r}")
        elif service is not None and rules.service(service) is None:
            mine.append(f"{label}, service: {service!r} takes no appointments")
        slot = _slot(values.get("slot"), site.timezone) if text["slot"] else None
        if text["slot"] and slot is None:
            mine.append(f"{label}, slot: {text['slot']!r} is not a time (e.g. 25/11/2026 09:15)")
        if text["id"] in seen:
            mine.append(f"{label}, id: {text['id']} is also on {seen[text['id']]}")
        problems.extend(mine)
        if mine or service is None or slot is None:
            continue
        seen[text["id"]] = label
        found.append(
            BookingRow(label, service, slot, text["name"], text["phone"] or None, text["id"])
        )
    return found, problems
