"""`luot-core bookings import`, `list` and `cancel`: a portal's export taken whole, the day's
bookings, one cancelled (audited)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from queue_core.bookings import booking_json, import_file
from queue_core.cli.common import Commands, acting_at, open_store, operator, run, show
from queue_core.domain import CancelBooking
from queue_core.domain.appointments import normalise_booking_code
from queue_core.errors import UsageError
from queue_core.store import booking_facts, booking_figures, bookings_of_day


def cmd_bookings_import(args: argparse.Namespace) -> None:
    store = open_store(args)
    made = import_file(store, Path(args.file), acting_at(args), operator())
    print(f"{args.file}: {len(made)} booking(s) taken")


def cmd_bookings_list(args: argparse.Namespace) -> None:
    store = open_store(args)
    site = store.site
    try:
        day = date.fromisoformat(args.day) if args.day else site.business_day(acting_at(args))
    except ValueError:
        raise UsageError(f"--day {args.day!r} is not a day like 2026-11-25") from None
    rows = [booking_json(site, b, whole=True) for b in bookings_of_day(store.conn, day)]
    lines = [
        f"{r['code']}  {r['slot_at'][11:16]}  {r['service']['id']:<12} {r['status']:<10} "
        f"{r['holder']}{'  ' + r['phone'] if r['phone'] else ''}"
        for r in rows
    ]
    f = booking_figures(booking_facts(store, day, day))
    punctual = "—" if f["punctuality"] is None else f"{f['punctuality']:.0%}"
    lines.append(
        f"{day.isoformat()}: {f['booked']} booked, {f['checked_in']} checked in, "
        f"{f['missed']} missed, {f['cancelled']} cancelled; called within 10 min of the slot: "
        f"{punctual} ({f['called_on_time']}/{f['judged']})"
    )
    show(args, {"bookings": rows, "figures": f}, "\n".join(lines))


def cmd_bookings_cancel(args: argparse.Namespace) -> None:
    code = normalise_booking_code(args.code)
    if code is None:
        raise UsageError(f"{args.code!r} is not a booking code")
    _store, cancelled = run(args, CancelBooking(code, args.reason))
    print(f"{cancelled.code}: cancelled ({cancelled.cancel_reason})")


def add_commands(commands: Commands) -> None:
    group = commands.add_parser(
        "bookings",
        help="appointments: a portal's export, the day's bookings, cancel one",
        description="appointments: a portal's export, the day's bookings, cancel one",
    )
    sub = group.add_subparsers(dest="booking_command", required=True, metavar="ACTION")
    p = sub.add_parser(
        "import",
        help="import a CSV, JSON or XLSX export of bookings (whole or not at all)",
        description="import a CSV, JSON or XLSX export of bookings (whole or not at all)",
    )
    p.set_defaults(func=cmd_bookings_import)
    p.add_argument("file")
    p = sub.add_parser("list", help="a day's bookings", description="a day's bookings")
    p.set_defaults(func=cmd_bookings_list)
    p.add_argument("--day", help="YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("cancel", help="cancel one booking", description="cancel one booking")
    p.set_defaults(func=cmd_bookings_cancel)
    p.add_argument("code")
    p.add_argument("reason")
