"""The centres the province takes events from: added with a token shown once (only its hash is
kept), revoked, listed, and told what their site files say (agencies, services and their target
waits, rating levels), read by the core's own reader of site files."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from province import dossiers
from province.derive import rederive
from province.errors import CentreError
from province.ingest import token_hash
from queue_core.config import ConfigError, load_site

__all__ = ["CentreRow", "SiteLoaded", "add", "listing", "load_site_file", "revoke"]

CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
TOKEN_PREFIX = "luot_p_"


@dataclass(frozen=True)
class CentreRow:
    code: str
    name: str
    added_at: datetime
    revoked_at: datetime | None
    acked_seq: int
    last_seen_at: datetime | None
    last_event_at: datetime | None
    current_day: date | None
    site_loaded_at: datetime | None
    services: int


@dataclass(frozen=True)
class SiteLoaded:
    code: str
    site_id: str
    site_name: str
    agencies: int
    services: int
    groups: int
    """(business day, service) figures derived again with the site's targets."""


def _centre_id(conn: psycopg.Connection, code: str, lock: bool = False) -> int:
    """The centre's row id; ``lock``: its row locked as a batch's ingest locks it."""
    row = conn.execute(
        "SELECT id FROM centres WHERE code = %s" + (" FOR UPDATE" if lock else ""), (code,)
    ).fetchone()
    if row is None:
        raise CentreError(
            f"there is no centre {code!r}: see `luot-province centre list`", code="no_such_centre"
        )
    return int(row[0])


def add(conn: psycopg.Connection, code: str, name: str) -> str:
    """Register a centre; its token, which is never shown again."""
    if not CODE.match(code):
        raise CentreError(
            f"{code!r} is not a centre id: lower-case letters, digits, '.', '_' and '-', "
            "at most 64, starting with a letter or digit (e.g. hcc-tinh)",
            code="invalid_centre_id",
        )
    if not name.strip():
        raise CentreError("--name is empty: give the centre's name", code="invalid_centre_name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        conn.execute(
            "INSERT INTO centres (code, name, token_hash) VALUES (%s, %s, %s)",
            (code, name.strip(), token_hash(token)),
        )
    except psycopg.errors.UniqueViolation:
        raise CentreError(
            f"there is already a centre {code!r}: see `luot-province centre list`",
            code="centre_exists",
        ) from None
    return token


def revoke(conn: psycopg.Connection, code: str) -> tuple[datetime, bool]:
    """Refuse the centre's token from now on; when, and whether it was revoked just now."""
    centre = _centre_id(conn, code)
    row = conn.execute(
        "UPDATE centres SET revoked_at = coalesce(revoked_at, now()) WHERE id = %s "
        "RETURNING revoked_at, revoked_at = now()",
        (centre,),
    ).fetchone()
    assert row is not None
    return row[0], bool(row[1])


def listing(conn: psycopg.Connection) -> list[CentreRow]:
    rows = conn.execute(
        "SELECT c.code, c.name, c.added_at, c.revoked_at, c.acked_seq, c.last_seen_at, "
        "c.last_event_at, c.current_day, c.site_loaded_at, "
        "(SELECT count(*) FROM services s WHERE s.centre_id = c.id) "
        "FROM centres c ORDER BY c.code"
    ).fetchall()
    return [CentreRow(*row) for row in rows]


def _hours(hours: Any) -> dict[str, Any]:
    """When a service takes tickets (the site's ``OpeningHours``), as ``services.hours`` keeps
    it."""
    return {
        "weekdays": sorted(hours.weekdays),
        "periods": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in hours.periods],
    }


def load_site_file(conn: psycopg.Connection, code: str, path: Path) -> SiteLoaded:
    """Take the centre's agencies, services (their target waits and opening hours) and rating
    levels from its site file (checked by the core's reader), and derive its day and dossier
    figures again with them; in one transaction."""
    try:
        site, _text = load_site(path)
    except ConfigError as bad:
        raise CentreError(bad.message, code="invalid_site_file") from None
    with conn.transaction():
        centre = _centre_id(conn, code, lock=True)  # no batch of the centre's meanwhile
        conn.execute("DELETE FROM services WHERE centre_id = %s", (centre,))
        conn.execute("DELETE FROM agencies WHERE centre_id = %s", (centre,))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO agencies (centre_id, agency_id, name, name_en, ord) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(centre, a.id, a.name, a.name_en, i) for i, a in enumerate(site.agencies)],
            )
            cur.executemany(
                "INSERT INTO services (centre_id, service_id, agency_id, name, name_en, "
                "target_wait_minutes, ord, hours) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        centre, s.id, s.agency_id, s.name, s.name_en, s.target_wait_minutes, i,
                        Jsonb(_hours(s.hours)),
                    )
                    for i, s in enumerate(site.services)
                ],
            )  # fmt: skip
        conn.execute(
            "UPDATE centres SET timezone = %s, rating_levels = %s, day_reset_hour = %s, "
            "site_loaded_at = now() WHERE id = %s",
            (str(site.timezone), list(site.rules.rating_levels), site.day_reset_hour, centre),
        )
        groups = rederive(conn, centre)
        dossiers.rederive(conn, centre)
    return SiteLoaded(code, site.id, site.name, len(site.agencies), len(site.services), groups)
