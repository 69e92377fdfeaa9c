"""`luot-core notice`: the notices on the hall boards, replaced, scheduled or withdrawn."""

from __future__ import annotations

import argparse

from queue_core.cli.common import Commands, acting_at, command, parse_moment, run
from queue_core.domain import ScheduleNotice, SetNotices, WithdrawNotice
from queue_core.errors import UsageError


def cmd_notice(args: argparse.Namespace) -> None:
    if args.withdraw is not None:
        _store, count = run(args, WithdrawNotice(args.withdraw))
        print(f"withdrawn; {count} notice(s) on the boards")
        return
    if args.show_at is None and args.hide_at is None:
        _store, count = run(args, SetNotices(tuple(args.text)))
        print(f"{count} notice(s) on the boards")
        return
    if len(args.text) != 1:
        raise UsageError("schedule one notice at a time: give its text once")
    start = parse_moment(args.show_at, "--show-at") if args.show_at else acting_at(args)
    end = parse_moment(args.hide_at, "--hide-at") if args.hide_at else None
    run(args, ScheduleNotice(args.text[0], start, end))
    until = f" until {end.isoformat()}" if end else ""
    print(f"notice scheduled from {start.isoformat()}{until}")


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
        "notice",
        cmd_notice,
        "replace, schedule or withdraw the notices on the hall boards",
    )
    p.add_argument("text", nargs="*", help="each notice (none clears them)")
    p.add_argument("--show-at", help="schedule the one notice from this time (ISO 8601)")
    p.add_argument("--hide-at", help="and take it down at this time (ISO 8601)")
    p.add_argument("--withdraw", metavar="TEXT", help="take this one notice down")
