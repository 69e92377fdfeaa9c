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
ships its events."""


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
    import uvicorn

    from province.api import create_app
    from province.db import describe_dsn, open_pool, pending, schema_version
    from province.ingest import Ingestor

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
    pool = open_pool(dsn, args.pool)
    try:
        app = create_app(Ingestor(pool))
        print(
            f"luot-province: serving on http://{args.host}:{args.port} "
            f"(database {describe_dsn(dsn)}, schema {version})",
            flush=True,
        )
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    finally:
        pool.close()


# --- centre --------------------------------------------------------------------------------


def cmd_centre_add(args: argparse.Namespace) -> None:
    from province import centres

    with _connect(args) as conn:
        token = centres.add(conn, args.centre, args.name)
        loaded = None
        if args.site is not None:
            loaded = centres.load_site_file(conn, args.centre, Path(args.site))
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


def cmd_centre_site(args: argparse.Namespace) -> None:
    from province import centres

    with _connect(args) as conn:
        loaded = centres.load_site_file(conn, args.centre, Path(args.site))
    _show(args, loaded.__dict__, _loaded_line(loaded))


def cmd_centre_revoke(args: argparse.Namespace) -> None:
    from province import centres

    with _connect(args) as conn:
        when, now = centres.revoke(conn, args.centre)
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
        "--pool", type=int, default=8, help="connections to PostgreSQL, at most (default 8)"
    )

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
