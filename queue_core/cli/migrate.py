"""`luot-core migrate [--check]`: what the database's schema needs, and running it."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, command
from queue_core.errors import MaintenanceError
from queue_core.store import DatabaseLock, describe, latest_schema, pending, schema_of, upgrade


def cmd_migrate(args: argparse.Namespace) -> None:
    db = Path(args.db)
    version = schema_of(db)
    steps = pending(version)
    if not steps:
        print(f"{db}: schema {version}, this release's; nothing to migrate")
        return
    if args.check:
        print(f"{db}: schema {version}; this release's is {latest_schema()}; would run:")
        for step in steps:
            print(f"  {describe(step)}")
        raise MaintenanceError(
            "migrations_pending", f"{len(steps)} migration(s) to run: `luot-core migrate`"
        )
    with DatabaseLock(db, "migrating"):
        found, reached, copy = upgrade(db)
    print(f"{db}: migrated from schema {found} to {reached}")
    for step in range(found + 1, reached + 1):
        print(f"  {describe(step)}")
    if copy is not None:
        print(f"the database as it was: {copy}")


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
        "migrate",
        cmd_migrate,
        "bring the database's schema up to this release (the core stopped)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="only say what would run; exit 0 when nothing would, 1 when something would",
    )
