"""`luot-core backup [DIR]`: one verified backup now, while a core serves or not."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, acting_at, command, show
from queue_core.store import (
    backup_folder,
    plan_of,
    prune_backups,
    stored_site,
    take_backup,
)


def cmd_backup(args: argparse.Namespace) -> None:
    db = Path(args.db)
    site = stored_site(db)
    plan = plan_of(site)
    folder = Path(args.dir) if args.dir else backup_folder(db, plan)
    copied = take_backup(db, folder, acting_at(args))
    # The site's folder follows the site's plan; a folder named here is the technician's own.
    removed = [] if args.dir else prune_backups(folder, site.id, plan, site.business_day)
    show(
        args,
        {
            "path": str(copied.path),
            "seq": copied.seq,
            "events": copied.events,
            "bytes": copied.size,
            "copy_ms": round(copied.copy_seconds * 1000),
            "ms": round(copied.seconds * 1000),
            "integrity": "ok",
            "removed": [str(p) for p in removed],
        },
        f"backup: {copied.path}\n"
        f"  up to seq {copied.seq} ({copied.events} events), {copied.size / 1e6:.1f} MB; "
        f"copied in {copied.seconds * 1000:.0f} ms, integrity ok"
        + (
            f"\n  {len(removed)} older removed ([backup] keep_last = {plan.keep_last}, "
            f"keep_days = {plan.keep_days})"
            if removed
            else ""
        ),
    )


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
        "backup",
        cmd_backup,
        "take a verified backup now (while a core serves or not)",
        json_flag=True,
    )
    p.add_argument(
        "dir",
        nargs="?",
        help="the folder to write it to (default: the site's [backup] folder, whose "
        "retention then applies)",
    )
