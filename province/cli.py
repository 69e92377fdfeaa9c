"""`luot-province`: the province's database, its centres, and its service.

A refusal is one line on stderr (``luot-province: …``) and exit code 2; ``migrate --check`` with
steps to run exits 1. ``--dsn`` (or ``$LUOT_PROVINCE_DSN``) names the PostgreSQL database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from province import __version__
from province.errors import DatabaseError, ProvinceError, UsageError

__all__ = ["build_parser", "main"]

DEFAULT_PORT = 8480
DSN_ENV = "LUOT_PROVINCE_DSN"
EXIT_REFUSED = 2
EXIT_BY_CODE = {"migrations_pending": 1}

DESCRIPTION = """\
Lượt province: every centre's event log, taken once into PostgreSQL (the shipping contract,
docs/province.md), and what is derived from it as it arrives: each centre's live state (waiting
per service, counters open, longest wait, last seen) and its day figures per agency and service
(issued, served, no-shows, gave up, wait p50/p90, share within target, ratings per level).

Setting up, once:
  createdb luot_province                        # a database of its own, on PostgreSQL 13 or newer
  export LUOT_PROVINCE_DSN='dbname=luot_province'
  luot-province migrate                         # its tables, by numbered steps
  luot-province centre add hcc-tinh --name "Trung tâm PVHCC tỉnh"   # prints the centre's token
  luot-province centre site hcc-tinh site.toml  # its services' target waits, from its site file
  luot-province serve                           # on 127.0.0.1:8480, behind the HTTPS proxy

Each centre's site file then names the province ([province] url, centre, token) and its core
ships its events. The provincial console is at http://HOST:PORT/province, for the province's
own staff:
  luot-province staff add thu.nguyen --name "Nguyễn Thị Thu" --role admin   # password on stdin"""


def need_dsn(args: argparse.Namespace) -> str:
    if not args.dsn:
        raise UsageError(
            f"no database: give --dsn 'dbname=… host=…' or set ${DSN_ENV} "
            "(a PostgreSQL connection string)"
        )
    return str(args.dsn)


def _connect(args: argparse.Namespace) -> Any:
    from province.db import connect

    return connect(need_dsn(args))


def _show(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str) if args.json else text)


# --- migrate -------------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace) -> None:
    from province.db import apply, describe_dsn, latest, pending, schema_version

    where = describe_dsn(need_dsn(args))
    with _connect(args) as conn:
        steps = pending(conn)
        version = schema_version(conn)
        if not steps:
            print(f"{where}: schema {version}, this release's; nothing to migrate")
            return
        if args.check:
            print(f"{where}: schema {version}; this release's is {latest()}; would run:")
            for step in steps:
                print(f"  {step.version:03d} {step.summary}")
            raise DatabaseError(
                f"{len(steps)} migration(s) to run: `luot-province migrate`",
                code="migrations_pending",
            )
        done = apply(conn)
        print(f"{where}: migrated from schema {version} to {schema_version(conn)}")
        for step in done:
            print(f"  {step.version:03d} {step.summary}")


# --- serve ---------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from province.api.workers import serve
    from province.console import ConsoleSettings
    from province.db import describe_dsn, pending, schema_version

    dsn = need_dsn(args)
    if args.pool < 2:
        raise UsageError("--pool must be at least 2")
    with _connect(args) as conn:
        steps = pending(conn)
        version = schema_version(conn)
    if steps:
        raise DatabaseError(
            f"{describe_dsn(dsn)} has schema {version}, this release's is {version + len(steps)}: "
            "run `luot-province migrate` first",
            code="migrations_pending",
        )
    try:
        ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone {args.timezone!r} is not a time zone") from None
    if args.silent_minutes < 1 or args.refresh_seconds < 1:
        raise UsageError("--silent-minutes and --refresh-seconds are at least 1")
    console = ConsoleSettings(
        silent_minutes=args.silent_minutes,
        refresh_seconds=args.refresh_seconds,
        timezone=args.timezone,
        title=args.title,
    )
    if not 1 <= args.workers <= 64:
        raise UsageError("--workers is 1 to 64")
    workers = f", {args.workers} workers" if args.workers > 1 else ""
    print(
        f"luot-province: serving on http://{args.host}:{args.port} "
        f"(database {describe_dsn(dsn)}, schema {version}{workers}); "
        f"the console at http://{args.host}:{args.port}/province",
        flush=True,
    )
    if serve(dsn, args.pool, console, args.host, args.port, args.workers) != 0:
        raise SystemExit(1)


# --- centre --------------------------------------------------------------------------------


def _actor() -> str:
    """Who a change made with the CLI is audited as: ``cli`` and the system's user."""
    from province.audit import CLI

    try:
        user = os.getlogin()
    except OSError:
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
    return f"{CLI}:{user}"


def cmd_centre_add(args: argparse.Namespace) -> None:
    from province import audit, centres

    with _connect(args) as conn:
        with conn.transaction():
            token = centres.add(conn, args.centre, args.name)
            audit.record(conn, _actor(), "centre.add", args.centre, None, {"name": args.name})
        loaded = None
        if args.site is not None:
            loaded = _load_site(conn, args.centre, Path(args.site))
    lines = [
        f"centre {args.centre!r} added; its token (shown this once, only its hash is kept):",
        token,
        "put it in the centre's site file: [province] centre = "
        f'"{args.centre}", token = "{token}"',
    ]
    if loaded is not None:
        lines.append(_loaded_line(loaded))
    _show(args, {"centre": args.centre, "token": token}, "\n".join(lines))


def _loaded_line(loaded: Any) -> str:
    return (
        f"centre {loaded.code!r}: site {loaded.site_id!r} ({loaded.site_name}): "
        f"{loaded.agencies} agencies, {loaded.services} services; "
        f"{loaded.groups} day figure(s) derived again"
    )


def _load_site(conn: Any, code: str, path: Path) -> Any:
    from province import audit, centres

    with conn.transaction():
        loaded = centres.load_site_file(conn, code, path)
        audit.record(
            conn,
            _actor(),
            "centre.site",
            code,
            None,
            {"site": loaded.site_id, "agencies": loaded.agencies, "services": loaded.services},
        )
    return loaded


def cmd_centre_site(args: argparse.Namespace) -> None:
    with _connect(args) as conn:
        loaded = _load_site(conn, args.centre, Path(args.site))
    _show(args, loaded.__dict__, _loaded_line(loaded))


def cmd_centre_revoke(args: argparse.Namespace) -> None:
    from province import audit, centres

    with _connect(args) as conn, conn.transaction():
        when, now = centres.revoke(conn, args.centre)
        if now:
            audit.record(
                conn, _actor(), "centre.revoke", args.centre, {"revoked": False}, {"revoked": True}
            )
    text = (
        f"centre {args.centre!r} revoked: its token is refused from now on"
        if now
        else f"centre {args.centre!r} was already revoked at {when:%Y-%m-%d %H:%M} UTC"
    )
    _show(args, {"centre": args.centre, "revoked_at": when.isoformat()}, text)


def cmd_centre_list(args: argparse.Namespace) -> None:
    from province import centres

    with _connect(args) as conn:
        rows = centres.listing(conn)
    if args.json:
        _show(args, [row.__dict__ for row in rows], "")
        return
    if not rows:
        print("no centres yet: luot-province centre add ID --name NAME")
        return
    print(
        f"{'centre':<20} {'state':<8} {'acked seq':>10}  {'last seen (UTC)':<16}  {'site':<12} name"
    )
    for row in rows:
        seen = "never" if row.last_seen_at is None else f"{row.last_seen_at:%Y-%m-%d %H:%M}"
        site = f"{row.services} services" if row.site_loaded_at else "no site"
        state = "revoked" if row.revoked_at else "active"
        print(f"{row.code:<20} {state:<8} {row.acked_seq:>10}  {seen:<16}  {site:<12} {row.name}")


# --- staff ---------------------------------------------------------------------------------


def read_password(prompt: str = "password: ") -> str:
    """A password from stdin: asked twice without echo on a terminal, else its first line."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt)
        if getpass.getpass("again: ") != first:
            raise UsageError("the two passwords differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise UsageError("no password on stdin: give it on the first line")
    return line.rstrip("\r\n")


def cmd_staff_add(args: argparse.Namespace) -> None:
    from province import staff

    password = read_password()
    with _connect(args) as conn:
        account = staff.add(conn, _actor(), args.username, args.name, args.role, password)
    _show(
        args,
        {"username": account.username, "name": account.name, "role": account.role},
        f"staff {account.username!r} ({account.name}) added as {account.role}: "
        "they log in at /province",
    )


def cmd_staff_password(args: argparse.Namespace) -> None:
    from province import staff

    password = read_password("new password: ")
    with _connect(args) as conn:
        staff.set_password(conn, _actor(), args.username, password)
    _show(args, {"username": args.username}, f"staff {args.username!r}: new password set; "
          "their sessions ended")  # fmt: skip


def cmd_staff_disable(args: argparse.Namespace) -> None:
    from province import staff

    with _connect(args) as conn:
        changed = staff.disable(conn, _actor(), args.username)
    said = "disabled; their sessions ended" if changed else "was already disabled"
    _show(args, {"username": args.username, "active": False}, f"staff {args.username!r} {said}")


def cmd_staff_enable(args: argparse.Namespace) -> None:
    from province import staff

    with _connect(args) as conn:
        changed = staff.enable(conn, _actor(), args.username)
    said = "may log in again" if changed else "was already active"
    _show(args, {"username": args.username, "active": True}, f"staff {args.username!r} {said}")


def cmd_staff_list(args: argparse.Namespace) -> None:
    from province import staff

    with _connect(args) as conn:
        rows = staff.listing(conn)
    if args.json:
        _show(args, [row.__dict__ for row in rows], "")
        return
    if not rows:
        print("no staff yet: luot-province staff add USER --name NAME --role viewer|admin")
        return
    print(f"{'username':<24} {'role':<7} {'state':<9} name")
    for row in rows:
        state = "active" if row.active else "disabled"
        print(f"{row.username:<24} {row.role:<7} {state:<9} {row.name}")


# --- the parser ----------------------------------------------------------------------------


def _command(
    commands: Any, name: str, func: Any, text: str, json_flag: bool = False
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = commands.add_parser(name, help=text, description=text)
    p.set_defaults(func=func)
    if json_flag:
        p.add_argument("--json", action="store_true", help="print JSON")
    else:
        p.set_defaults(json=False)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luot-province",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"luot-province {__version__}")
    parser.add_argument(
        "--dsn",
        default=os.environ.get(DSN_ENV),
        help=f"the PostgreSQL database: a connection string such as 'dbname=luot_province' or "
        f"'postgresql://luot@db.example/luot_province' (default: ${DSN_ENV})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(commands, "migrate", cmd_migrate, "bring the database's schema up to this release")
    p.add_argument(
        "--check",
        action="store_true",
        help="only say what would run; exit 0 when nothing would, 1 when something would",
    )

    p = _command(
        commands,
        "serve",
        cmd_serve,
        "serve the centres' ingest over HTTP (put the province's HTTPS proxy in front)",
    )
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port ({DEFAULT_PORT})")
    p.add_argument(
        "--pool",
        type=int,
        default=8,
        help="connections to PostgreSQL, at most, of each worker (default 8)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port, each with its own pool: one per core reads "
        "batches on every core (default 1)",
    )
    p.add_argument(
        "--silent-minutes",
        type=int,
        default=15,
        help="the console's alert: a centre not heard from for longer, in its opening hours (15)",
    )
    p.add_argument(
        "--refresh-seconds",
        type=int,
        default=15,
        help="how often the console's overview and alerts look again (15)",
    )
    p.add_argument(
        "--timezone",
        default="Asia/Ho_Chi_Minh",
        help="the zone the console shows times in (Asia/Ho_Chi_Minh)",
    )
    p.add_argument("--title", default="", help='the province\'s name atop the console ("Tỉnh …")')

    centre = commands.add_parser(
        "centre",
        help="the centres whose events are taken: add, site, revoke, list",
        description="the centres whose events are taken: add, site, revoke, list",
    )
    actions = centre.add_subparsers(dest="centre_command", required=True, metavar="ACTION")
    p = _command(
        actions,
        "add",
        cmd_centre_add,
        "register a centre and print its token, once (only its hash is kept)",
        json_flag=True,
    )
    p.add_argument("centre", metavar="ID", help="the centre's id, e.g. hcc-tinh")
    p.add_argument("--name", required=True, help="the centre's name")
    p.add_argument("--site", metavar="FILE", help="its site file (as `centre site`)")
    p = _command(
        actions,
        "site",
        cmd_centre_site,
        "take a centre's agencies, services, target waits and rating levels from its site "
        "file, and derive its day figures again with them",
        json_flag=True,
    )
    p.add_argument("centre", metavar="ID")
    p.add_argument("site", metavar="FILE", help="the centre's site file (TOML)")
    p = _command(
        actions,
        "revoke",
        cmd_centre_revoke,
        "refuse a centre's token from now on (what it sent is kept)",
        json_flag=True,
    )
    p.add_argument("centre", metavar="ID")
    _command(
        actions,
        "list",
        cmd_centre_list,
        "the centres: state, what is held, when last seen",
        json_flag=True,
    )

    people = commands.add_parser(
        "staff",
        help="the provincial console's staff: add, password, disable, enable, list",
        description="the provincial console's staff (a viewer reads; an admin also adds "
        "centres and staff): add, password, disable, enable, list. A password (10 to 128 "
        "characters) is read from stdin, asked twice on a terminal; only its scrypt hash is "
        "kept. Each change is audited.",
    )
    actions = people.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    p = _command(actions, "add", cmd_staff_add, "add a staff member; the password from stdin", True)
    p.add_argument("username", metavar="USER", help="lower case a-z, 0-9, . _ - (thu.nguyen)")
    p.add_argument("--name", required=True, help="the full name")
    p.add_argument("--role", required=True, choices=("viewer", "admin"))
    p = _command(
        actions,
        "password",
        cmd_staff_password,
        "give a staff member a new password, from stdin; their sessions end",
        True,
    )
    p.add_argument("username", metavar="USER")
    p = _command(
        actions, "disable", cmd_staff_disable, "no more logging in; their sessions end", True
    )
    p.add_argument("username", metavar="USER")
    p = _command(actions, "enable", cmd_staff_enable, "may log in again", True)
    p.add_argument("username", metavar="USER")
    _command(actions, "list", cmd_staff_list, "the staff: role, state", True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
        sys.stdout.flush()
    except ProvinceError as refused:
        print(f"luot-province: {refused.message}", file=sys.stderr)
        return EXIT_BY_CODE.get(refused.code, EXIT_REFUSED)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
