"""The site in the database: a site file's content written to the tables, and read back with
the services the console gave the counters."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import sqlite_utils

from queue_core.domain import Site


def write_site(db: sqlite_utils.Database, site: Site, toml_text: str, now: str) -> None:
    conn = db.conn
    previous = conn.execute("SELECT toml FROM site_source WHERE id = 1").fetchone()
    if previous is not None and previous[0] == toml_text:
        return
    db.table("site_source").upsert({"id": 1, "toml": toml_text, "imported_at": now}, pk="id")
    db.table("agencies").delete_where()
    db.table("agencies").insert_all(
        {"id": a.id, "name": a.name, "name_en": a.name_en, "ord": a.order} for a in site.agencies
    )
    db.table("services").delete_where()
    db.table("services").insert_all(
        {
            "id": s.id,
            "agency_id": s.agency_id,
            "name": s.name,
            "name_en": s.name_en,
            "target_wait_minutes": s.target_wait_minutes,
        }
        for s in site.services
    )
    db.table("counters").delete_where()
    db.table("counters").insert_all(
        {"number": c.number, "name": c.name, "services": json.dumps(c.services), "zone": c.zone}
        for c in site.counters
    )
    for counter in site.counters:
        conn.execute(
            "INSERT OR IGNORE INTO counter_status(number, state, priority_streak) "
            "VALUES (?, 'closed', 0)",
            (counter.number,),
        )
    for person in site.staff:
        conn.execute(
            "INSERT INTO staff(username, display_name, role, title, active, failed_pins) "
            "VALUES (?, ?, ?, ?, 1, 0) ON CONFLICT(username) DO UPDATE SET "
            "display_name = excluded.display_name, role = excluded.role, title = excluded.title",
            (person.username, person.display_name, person.role.value, person.title),
        )
    bump_site_version(conn)


def bump_site_version(conn: sqlite3.Connection) -> None:
    """The site changed: every process re-reads it at its next read of ``Store.site``."""
    version = conn.execute("SELECT value FROM meta WHERE key = 'site_version'").fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('site_version', ?)",
        (str(int(version[0]) + 1 if version else 1),),
    )


def with_counter_services(conn: sqlite3.Connection, site: Site) -> Site:
    """The site with the counters' services as the console last set them."""
    rows = conn.execute("SELECT number, services FROM counter_services").fetchall()
    if not rows:
        return site
    changed = {int(n): tuple(json.loads(s)) for n, s in rows}
    counters = tuple(
        replace(c, services=changed[c.number]) if c.number in changed else c for c in site.counters
    )
    return replace(site, counters=counters)
