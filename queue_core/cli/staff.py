"""`luot-core staff`: add an account (its PIN read from stdin), disable one, give one a new PIN,
assign a clerk to a counter for today; each by the operator, audited."""

from __future__ import annotations

import argparse
import sys

from queue_core.cli.common import Commands, acting_at, open_store, operator
from queue_core.domain import Actor, Role
from queue_core.store import assign_counter, create_staff, disable_staff, get_account, reset_pin


def _operator() -> Actor:
    # whoever can write the database file is above every account (docs/security.md)
    return Actor.operator(operator())


def cmd_staff_add(args: argparse.Namespace) -> None:
    store = open_store(args)
    pin = sys.stdin.readline().strip()
    with store.transaction() as conn:
        create_staff(
            conn, _operator(), acting_at(args), args.username, args.name, Role(args.role), pin,
            args.title,
        )  # fmt: skip
        account = get_account(conn, args.username)
    print(f"{account.username}: {account.display_name} ({account.role.value}), PIN set")


def cmd_staff_disable(args: argparse.Namespace) -> None:
    store = open_store(args)
    with store.transaction() as conn:
        disable_staff(conn, _operator(), acting_at(args), args.username)
    print(f"{args.username}: disabled, its sessions ended")


def cmd_staff_pin(args: argparse.Namespace) -> None:
    store = open_store(args)
    pin = sys.stdin.readline().strip()
    with store.transaction() as conn:
        reset_pin(conn, _operator(), acting_at(args), args.username, pin)
    print(f"{args.username}: PIN set")


def cmd_staff_assign(args: argparse.Namespace) -> None:
    store = open_store(args)
    at = acting_at(args)
    with store.transaction() as conn:
        assign_counter(
            conn, _operator(), at, store.site, args.username, args.counter,
            assigned=not args.remove,
        )  # fmt: skip
    day = store.site.business_day(at).isoformat()
    said = "no longer assigned to" if args.remove else "assigned to"
    print(f"{args.username}: {said} counter {args.counter} on {day}")


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
    p = staff_sub.add_parser(
        "disable",
        help="a staff member can no longer sign in; their sessions end",
        description="a staff member can no longer sign in; their sessions end at once",
    )
    p.set_defaults(func=cmd_staff_disable, json=False)
    p.add_argument("username")
    p = staff_sub.add_parser(
        "pin",
        help="a new PIN for a staff member, read from stdin",
        description="a new PIN for a staff member, read from stdin; a lockout is cleared",
    )
    p.set_defaults(func=cmd_staff_pin, json=False)
    p.add_argument("username")
    p = staff_sub.add_parser(
        "assign",
        help="let a clerk sign in at a counter for the rest of today",
        description="let a clerk sign in at a counter until the business day ends (beside "
        "the counters the site file lists them for); --remove takes it back",
    )
    p.set_defaults(func=cmd_staff_assign, json=False)
    p.add_argument("username")
    p.add_argument("counter", type=int)
    p.add_argument("--remove", action="store_true", help="take today's assignment back")
