"""`luot-core dossiers import` and `show`: an e-system export taken whole, one dossier shown."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core.cli.common import Commands, acting_at, open_store, operator, show
from queue_core.dossiers import service as dossier_service
from queue_core.errors import UsageError


def cmd_dossiers_import(args: argparse.Namespace) -> None:
    store = open_store(args)
    summary = dossier_service.import_file(store, Path(args.file), acting_at(args), operator())
    print(
        f"{args.file}: {summary.added} new, {summary.changed} changed, "
        f"{summary.unchanged} unchanged"
    )


def cmd_dossiers_show(args: argparse.Namespace) -> None:
    store = open_store(args)
    answer = dossier_service.public_answer(store, args.code, acting_at(args))
    if answer is None:
        raise UsageError(f"no dossier {args.code!r}")
    show(
        args,
        answer,
        f"{answer['code']}  {answer['status_text']}  {answer['procedure']} "
        f"({answer['agency']['name']}), hẹn trả {answer['due_at']}",
    )


def add_commands(commands: Commands) -> None:
    dossiers = commands.add_parser(
        "dossiers",
        help="dossiers from the one-stop e-system",
        description="dossiers from the one-stop e-system",
    )
    dossier_sub = dossiers.add_subparsers(dest="dossier_command", required=True, metavar="ACTION")
    p = dossier_sub.add_parser(
        "import",
        help="import a CSV, JSON or XLSX export (whole or not at all)",
        description="import a CSV, JSON or XLSX export (whole or not at all)",
    )
    p.set_defaults(func=cmd_dossiers_import, json=False)
    p.add_argument("file")
    p = dossier_sub.add_parser(
        "show",
        help="one dossier as the public sees it",
        description="one dossier as the public sees it",
    )
    p.set_defaults(func=cmd_dossiers_show)
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help="print JSON")
