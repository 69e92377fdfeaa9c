"""`luot-core`: set up a centre's database and run its queue from a terminal.

One module per group of commands, each adding its own to the parser: site (init, import),
staff, queue (issue, a counter's moves, reset-day), notices, status, serve, devices (pair,
devices, discover), dossiers, bookings (a portal's export, the day's, cancel one), report,
deploy (the systemd units of one machine), backup, restore, migrate (the database as a file),
doctor (one line per check of what breaks a centre).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from queue_core import __version__
from queue_core.cli import (
    backup,
    bookings,
    deploy,
    devices,
    doctor,
    dossiers,
    migrate,
    notices,
    queue,
    report,
    restore,
    serve,
    site,
    staff,
    status,
)
from queue_core.cli.common import close_opened
from queue_core.errors import LuotError

__all__ = ["build_parser", "main"]

DEFAULT_DB = "var/luot.db"
GROUPS = (
    site, staff, queue, notices, status, serve, devices, dossiers, bookings, report, deploy,
    backup, restore, migrate, doctor,
)  # fmt: skip
"""In the order ``luot-core --help`` lists their commands."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luot-core", description="Lượt queue core: the centre's database and its queue."
    )
    parser.add_argument("--version", action="version", version=f"luot-core {__version__}")
    parser.add_argument(
        "--db",
        default=os.environ.get("LUOT_DB", DEFAULT_DB),
        help="the SQLite database file (default: $LUOT_DB or var/luot.db)",
    )
    parser.add_argument("--at", help="act as if it were this time (ISO 8601 with offset)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = _run_command(args)
        sys.stdout.flush()  # inside the try: a reader gone away shows here, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`luot-core status | head`): as Python's docs advise, stdout
        # goes to /dev/null so that the interpreter's last flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        close_opened()


EXIT_REFUSED = 2
"""The exit code of a refusal whose code the table below does not name."""
EXIT_BY_CODE: dict[str, int] = {"migrations_pending": 1, "checks_failed": 1}
"""Exit codes by error code. Every refusal exits 2 today, as the README promises; a code that
a script must tell apart gets its own exit here, not a new ``except``."""


def exit_code(error: LuotError) -> int:
    return EXIT_BY_CODE.get(error.code, EXIT_REFUSED)


def _run_command(args: argparse.Namespace) -> int:
    try:
        args.func(args)
    except LuotError as refused:
        for line in refused.lines():
            print(f"luot-core: {line}", file=sys.stderr)
        return exit_code(refused)
    return 0
