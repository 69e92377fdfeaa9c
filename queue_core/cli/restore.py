"""`luot-core restore FILE`: a backup back in place of the database, never while a core serves
it, today's numbers moved past those that may already be in the hall."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, acting_at, command, operator, show
from queue_core.domain import SkipBasis
from queue_core.store import restore_backup

_WHY = {
    SkipBasis.CLOSED: "closed since the backup",
    SkipBasis.ESTIMATE: "open {minutes} min since the backup, up to {rate}/h, twice over, + 10",
    SkipBasis.REPLACED: "the replaced database had handed out this far",
    SkipBasis.DAILY_CAP: "as far as the day's cap",
    SkipBasis.RANGE_END: "to the end of its range: no more numbers today",
}


def cmd_restore(args: argparse.Namespace) -> None:
    db = Path(args.db)
    done = restore_backup(db, Path(args.file), acting_at(args), operator())
    site_day = f"{done.business_day:%d/%m/%Y}"
    lines = [
        f"restored {done.backup} (taken {done.backup_at.isoformat(timespec='seconds')}, "
        f"schema {done.backup_schema}, up to seq {done.backup_seq}) into {db} "
        f"({done.site_name}, {done.site_id})",
        f"the replaced database is kept as {done.set_aside} (with its -wal and -shm)"
        if done.set_aside
        else "there was no database to replace",
        f"numbers of {site_day} skipped, so that none in the hall is handed out again"
        + ("" if done.replaced_readable else " (the replaced database could not be read)")
        + ":",
    ]
    for skip in done.skips:
        why = _WHY[skip.basis].format(minutes=skip.open_minutes, rate=skip.per_hour)
        shown = f"after {skip.printed_to}" if skip.printed_to is not None else "from the first"
        lines.append(f"  {skip.service_id:<20} {skip.skipped:>4} skipped, next {shown} ({why})")
    lines += [
        f"the event log goes on from seq {done.first_seq} (the backup's last was "
        f"{done.backup_seq})",
        "tickets issued after the backup are not in this database: their holders take new ones",
    ]
    show(
        args,
        {
            "backup": str(done.backup),
            "set_aside": None if done.set_aside is None else str(done.set_aside),
            "backup_seq": done.backup_seq,
            "first_seq": done.first_seq,
            "business_day": done.business_day.isoformat(),
            "skips": [
                {
                    "service": s.service_id,
                    "backed_up": s.printed_from,
                    "skip_to": s.printed_to,
                    "skipped": s.skipped,
                    "basis": s.basis.value,
                }
                for s in done.skips
            ],
        },
        "\n".join(lines),
    )


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
        "restore",
        cmd_restore,
        "put a backup back in place of the database (the core stopped)",
        json_flag=True,
    )
    p.add_argument("file", help="the backup file")
