"""The schema's numbered migrations: ``NNN_name.sql`` files beside this module, each run once, in
order, in its own transaction, and recorded in ``schema_migrations``. Two `luot-province migrate`
at once wait for each other (an advisory lock); a failed step is rolled back whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

from province.errors import DatabaseError, MigrationError

FOLDER = Path(__file__).resolve().parent
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
LOCK_KEY = 0x4C756F7450726F76  # "LuotProv": the advisory lock migrations take
BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())"
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    summary: str
    """The file's first comment line: what the step makes."""
    sql: str


def steps() -> tuple[Migration, ...]:
    """Every step this release knows, in order; numbered 1, 2, 3… without a hole."""
    found = []
    for path in sorted(FOLDER.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: a migration is named NNN_name.sql")
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        found.append(Migration(int(match[1]), match[2], first.removeprefix("--").strip(), text))
    for index, step in enumerate(found, start=1):
        if step.version != index:
            raise MigrationError(f"migration {index:03d} is missing (found {step.version:03d})")
    return tuple(found)


def latest() -> int:
    return len(steps())


def schema_version(conn: psycopg.Connection) -> int:
    """The last step applied to this database; 0 for an empty one."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def pending(conn: psycopg.Connection) -> tuple[Migration, ...]:
    """The steps this database still needs; refused when its schema is newer than this
    release's."""
    version = schema_version(conn)
    known = steps()
    if version > len(known):
        raise DatabaseError(
            f"the database's schema is {version}, newer than this release's {len(known)}: "
            "run a newer luot-province",
            code="schema_newer",
        )
    return known[version:]


def apply(conn: psycopg.Connection) -> tuple[Migration, ...]:
    """Run what is pending, each step in its own transaction; the steps run."""
    conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
    try:
        conn.execute(BOOKKEEPING)
        done = []
        for step in pending(conn):
            try:
                with conn.transaction():
                    conn.execute(step.sql.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                        (step.version, step.name),
                    )
            except psycopg.Error as failed:
                reason = str(failed).strip().splitlines()[0]
                raise MigrationError(
                    f"migration {step.version:03d} ({step.name}) failed and was rolled back: "
                    f"{reason}"
                ) from None
            done.append(step)
        return tuple(done)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
