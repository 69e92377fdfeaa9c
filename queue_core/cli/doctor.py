"""`luot-core doctor`: one line per check of what breaks a centre, exit 1 when any fails."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, acting_at, show
from queue_core.domain.health import Finding, Status
from queue_core.errors import MaintenanceError, UsageError
from queue_core.health import MDNS_SECONDS, Options, Probes, run_checks

PROBES = Probes()
"""What the checks read off this machine (a test gives its own)."""

DESCRIPTION = """\
Check what breaks a centre, one line each: status (ok, warn, FAIL, skip), the check, what it
found and, when it is not ok, what to do (after →). It only reads, so it may run while the core
serves: it never migrates, changes nor locks the database. Run it as root or as the core's user.

  clock        the kernel's clock is synchronised by NTP (adjtimex)
  time zone    the system's zone (/etc/localtime) has the site's offset now
  disk         free room by the database and by the backups: three copies of the
               database, at least 512 MiB, each (both, when they share a disk)
  backup       the newest in the site's [backup] folder: none for more than twice
               the interval while open fails (the console's backup_stale rule)
  device N     each paired device: last heartbeat within [console] device_lost_seconds
               (180 s: six of the kiosk's), and a kiosk's printer able to print
  mdns         exactly one core of this site answers on mDNS on the LAN, at an address
               the devices can reach (its health read there)
  database     the site can be read, the schema is this release's
  integrity    PRAGMA integrity_check on a read-only connection

Exit 0 when nothing fails (warnings included), 1 when any check fails, 2 for bad usage.
"""


def cmd_doctor(args: argparse.Namespace) -> None:
    db = Path(args.db)
    if not db.is_file():
        raise UsageError(f"no database at {db}: give the core's with --db (or $LUOT_DB)")
    if args.mdns_seconds <= 0:
        raise UsageError("--mdns-seconds must be positive")
    options = Options(not args.no_mdns, args.mdns_seconds, args.interface or [])
    findings = run_checks(db, acting_at(args), options, PROBES)
    show(
        args,
        {
            "ok": not any(f.failed for f in findings),
            "checks": [
                {"check": f.check, "status": f.status.value, "figure": f.figure, "action": f.action}
                for f in findings
            ],
        },
        "\n".join(report_lines(findings)),
    )
    failed = [f.check for f in findings if f.failed]
    if failed:
        raise MaintenanceError(
            "checks_failed", f"{len(failed)} of {len(findings)} checks failed: {', '.join(failed)}"
        )


def report_lines(findings: list[Finding]) -> list[str]:
    """One line a finding: the status and the check's name in columns, so a FAIL stands out."""
    width = max((len(f.check) for f in findings), default=0)
    lines = []
    for f in findings:
        line = f"{f.status.value:<4}  {f.check:<{width}}  {f.figure}"
        if f.action and f.status is not Status.OK:
            line += f" → {f.action}"
        lines.append(line)
    return lines


def add_commands(commands: Commands) -> None:
    what = "check the clock, disks, backups, devices, mDNS and the database; exit 1 on a failure"
    p = commands.add_parser(
        "doctor",
        help=what,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=cmd_doctor)
    p.add_argument("--json", action="store_true", help="print JSON: ok, and each check's line")
    p.add_argument(
        "--interface",
        action="append",
        metavar="ADDRESS",
        help="listen for the core on this address only (repeatable; default: "
        "$LUOT_MDNS_INTERFACES, else this machine's LAN addresses, not loopback)",
    )
    p.add_argument(
        "--mdns-seconds",
        type=float,
        default=MDNS_SECONDS,
        metavar="S",
        help=f"how long to listen for the core (default {MDNS_SECONDS:g}, as the apps at start)",
    )
    p.add_argument(
        "--no-mdns",
        action="store_true",
        help="skip the mDNS check (a core run with --no-mdns, its apps given --core)",
    )
