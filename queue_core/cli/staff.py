"""`luot-core staff add`: a staff account and its PIN, read from stdin."""

from __future__ import annotations

import argparse
import sys

from queue_core.cli.common import Commands, acting_at, open_store, operator
from queue_core.domain import Role
from queue_core.store import create_staff, get_account


def cmd_staff_add(args: argparse.Namespace) -> None:
    store = open_store(args)
    pin = sys.stdin.readline().strip()
    with store.transaction() as conn:
        create_staff(
            conn, operator(), acting_at(args), args.username, args.name, Role(args.role), pin,
            args.title,
        )  # fmt: skip
        account = get_account(conn, args.username)
    print(f"{account.username}: {account.display_name} ({account.role.value}), PIN set")


def add_commands(commands: Commands) -> None:
    staff = commands.add_parser("staff", help="manage staff accounts", description="staff accounts")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    p = staff_sub.add_parser(
        "add",
        help="add or update a staff member; the PIN is read from stdin",
        description="add or update a staff member; the PIN is read from stdin",
    )
    p.set_defaults(func=cmd_staff_add, json=False)
    p.add_argument("username")
    p.add_argument("--name", required=True, help="the name shown on counter displays")
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value)
    p.add_argument("--title", default="", help="job title, e.g. Chuyên viên")
