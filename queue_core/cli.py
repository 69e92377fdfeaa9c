"""`luot-core`: set up a centre's database and run its queue from a terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from queue_core import __version__, clock
from queue_core.config import SAMPLE_SITE, load_logo, load_site
from queue_core.domain import (
    CallNext,
    Command,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    PriorityKind,
    Recall,
    ResetDay,
    Role,
    ScheduleNotice,
    SetCounterState,
    SetNotices,
    Site,
    StartService,
    Ticket,
    WithdrawNotice,
)
from queue_core.dossiers import agency_figures
from queue_core.dossiers import service as dossier_service
from queue_core.errors import LuotError, UsageError
from queue_core.reports import Report, build
from queue_core.shapes import counter_json, services_json, ticket_json, today_figures
from queue_core.store import (
    MAX_DAYS,
    Device,
    DeviceRole,
    GroupBy,
    Store,
    TicketView,
    add_staff,
    create_pairing_code,
    list_devices,
    revoke_device,
    too_long,
)

DEFAULT_DB = "var/luot.db"


def _now(args: argparse.Namespace) -> datetime:
    if args.at is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(args.at)
    except ValueError:
        raise UsageError(f"--at {args.at!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError("--at needs an offset, e.g. 2026-11-25T09:00+07:00")
    return moment


_OPENED: list[Store] = []
"""Stores a command opened; ``main`` closes them, so the WAL is folded into the file."""


def _open_store(args: argparse.Namespace, must_exist: bool = True) -> Store:
    path = Path(args.db)
    if must_exist and not path.exists():
        raise UsageError(f"no database at {path}: run `luot-core --db {path} init` first")
    store = Store.open(path)
    _OPENED.append(store)
    return store


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


# --- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> None:
    site_path = Path(args.site) if args.site else SAMPLE_SITE
    site, text = load_site(site_path)
    if Path(args.db).parent != Path():
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    logo = load_logo(site_path, site)
    store = _open_store(args, must_exist=False)
    store.import_site(text, _now(args), str(site_path), logo)
    print(
        f"{args.db}: {site.name} — {len(site.agencies)} agencies, {len(site.services)} services, "
        f"{len(site.counters)} counters"
    )


def cmd_import(args: argparse.Namespace) -> None:
    site, text = load_site(args.site)
    logo = load_logo(args.site, site)
    store = _open_store(args)
    store.import_site(text, _now(args), args.site, logo)
    print(f"{args.db}: imported {args.site} ({site.name})")


def cmd_staff_add(args: argparse.Namespace) -> None:
    store = _open_store(args)
    pin = sys.stdin.readline().strip()
    with store.transaction() as conn:
        account = add_staff(conn, args.username, args.name, Role(args.role), pin, args.title)
    print(f"{account.username}: {account.display_name} ({account.role.value}), PIN set")


def _run(args: argparse.Namespace, command: Command) -> Any:
    store = _open_store(args)
    return store, store.execute(command, _now(args)).result


def cmd_issue(args: argparse.Namespace) -> None:
    command = IssueTicket(
        args.service,
        priority=args.priority is not None,
        priority_kind=args.priority,
        channel="cli",
    )
    store, view = _run(args, command)
    assert isinstance(view, TicketView)
    data = ticket_json(store.site, view.ticket, view.ahead, view.estimate_minutes)
    _print(
        args,
        data,
        f"{view.ticket.number}  {data['service']['name']}  "
        f"({view.ahead} ahead, ~{view.estimate_minutes} min)",
    )


def _ticket_action(command_type: Callable[[int], Command]) -> Callable[[argparse.Namespace], None]:
    def action(args: argparse.Namespace) -> None:
        store, ticket = _run(args, command_type(args.counter))
        if ticket is None:
            _print(args, None, f"counter {args.counter}: nobody is waiting")
            return
        assert isinstance(ticket, Ticket)
        data = ticket_json(store.site, ticket)
        _print(args, data, f"counter {args.counter}: {ticket.number} {ticket.status.value}")

    return action


def _counter_action(state: CounterState) -> Callable[[argparse.Namespace], None]:
    def action(args: argparse.Namespace) -> None:
        _run(args, SetCounterState(args.counter, state))
        print(f"counter {args.counter}: {state.value}")

    return action


def cmd_reset_day(args: argparse.Namespace) -> None:
    _store, closed = _run(args, ResetDay(args.reason))
    print(f"business day ended: {closed} unserved ticket(s) closed")


def cmd_notice(args: argparse.Namespace) -> None:
    if args.withdraw is not None:
        _store, count = _run(args, WithdrawNotice(args.withdraw))
        print(f"withdrawn; {count} notice(s) on the boards")
        return
    if args.show_at is None and args.hide_at is None:
        _store, count = _run(args, SetNotices(tuple(args.text)))
        print(f"{count} notice(s) on the boards")
        return
    if len(args.text) != 1:
        raise UsageError("schedule one notice at a time: give its text once")
    start = _moment(args.show_at, "--show-at") if args.show_at else _now(args)
    end = _moment(args.hide_at, "--hide-at") if args.hide_at else None
    _run(args, ScheduleNotice(args.text[0], start, end))
    until = f" until {end.isoformat()}" if end else ""
    print(f"notice scheduled from {start.isoformat()}{until}")


def _moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError(f"{option} needs an offset, e.g. 2026-11-25T09:00+07:00")
    return moment


def cmd_status(args: argparse.Namespace) -> None:
    store = _open_store(args)
    now = _now(args)
    site = store.site
    agencies = services_json(store, now)
    counters = [counter_json(store, s) for s in store.counter_statuses()]
    figures = today_figures(store, site.business_day(now))
    if args.json:
        _print(
            args,
            {
                "site": {"id": site.id, "name": site.name},
                "agencies": agencies,
                "counters": counters,
                "today": figures,
                "seq": store.last_seq(),
            },
            "",
        )
        return
    print(f"{site.name} — {site.local(now):%d/%m/%Y %H:%M}   seq {store.last_seq()}")
    print(
        f"today: {figures['issued']} issued, {figures['served']} served, "
        f"{figures['waiting']} waiting"
    )
    print(f"\n{'SERVICE':<58} {'WAITING':>7} {'EST':>5}  STATE")
    for agency in agencies:
        print(f"{agency['name']}")
        for s in agency["services"]:
            state = "open" if s["available"] else s["reason"]
            print(
                f"  {_clip(s['name'], 56):<56} {s['waiting']:>7} {s['estimate_minutes']:>4}m"
                f"  {state}"
            )
    pull = dossier_service.pull_status(store)
    if pull.last_success or pull.last_error:
        print(
            f"dossiers: last pull {pull.last_success or 'never'}"
            + (f"; last error {pull.last_error}" if pull.last_error else "")
        )
    print(f"\n{'COUNTER':<46} {'STATE':<7} {'TICKET':<8} STAFF")
    for c in counters:
        ticket = c["ticket"]
        shown = f"{ticket['number']}" if ticket else "—"
        print(
            f"{c['number']:>3} {_clip(c['name'], 42):<42} {c['state']:<7} {shown:<8} "
            f"{c['staff'] or ''}"
        )


def cmd_serve(args: argparse.Namespace) -> None:
    from queue_core.api.server import run

    _open_store(args).close()  # a clear message when there is no database
    if args.at is not None or args.speed != 1.0:
        if args.speed <= 0:
            raise UsageError("--speed must be positive")
        clock.use(clock.simulated_clock(_now(args), args.speed))
    run(Path(args.db), args.host, args.port, mdns=not args.no_mdns)


def cmd_pair(args: argparse.Namespace) -> None:
    store = _open_store(args)
    role = DeviceRole(args.role)
    with store.transaction() as conn:
        code, expires = create_pairing_code(conn, role, args.name or f"{role.value}", _now(args))
    expires_text = store.site.local(expires).isoformat(timespec="seconds")
    _print(
        args,
        {"code": code, "expires_at": expires_text},
        f"pairing code for a {role.value}: {code} (valid until {expires_text[11:16]}, once)",
    )


def _device_json(store: Store, device: Device) -> dict[str, Any]:
    def when(moment: datetime | None) -> str | None:
        return None if moment is None else store.site.local(moment).isoformat(timespec="seconds")

    return {
        "id": device.id,
        "name": device.name,
        "role": device.role.value,
        "paired_at": when(device.paired_at),
        "revoked_at": when(device.revoked_at),
        "last_seen": when(device.last_seen),
        "version": device.version,
        "uptime_seconds": device.uptime_seconds,
        "printer": device.printer,
    }


def cmd_devices(args: argparse.Namespace) -> None:
    store = _open_store(args)
    if args.action == "revoke":
        if args.id is None:
            raise UsageError("devices revoke needs the device's id")
        with store.transaction() as conn:
            device = revoke_device(conn, args.id, _now(args))
        print(f"device {device.id} ({device.name}) revoked: its token no longer works")
        return
    devices = [_device_json(store, d) for d in list_devices(store.conn)]
    if args.json:
        _print(args, devices, "")
        return
    print(f"{'ID':>4} {'ROLE':<8} {'NAME':<28} {'LAST SEEN':<20} STATE")
    for d in devices:
        state = "revoked" if d["revoked_at"] else "active"
        seen = (d["last_seen"] or "—")[:19].replace("T", " ")
        print(f"{d['id']:>4} {d['role']:<8} {_clip(d['name'], 28):<28} {seen:<20} {state}")


def cmd_discover(args: argparse.Namespace) -> None:
    from zeroconf import InterfaceChoice

    from queue_core.discovery import browse_sync

    interfaces = args.interface or InterfaceChoice.All
    cores = browse_sync(args.timeout, args.site, interfaces=interfaces)
    data = [
        {
            "name": c.name,
            "site": c.site_id,
            "url": c.url,
            "addresses": list(c.addresses),
            "port": c.port,
            "txt": dict(c.txt),
        }
        for c in cores
    ]
    if args.json:
        _print(args, data, "")
        return
    if not cores:
        print(f"no core answered within {args.timeout:g} s")
    for c in cores:
        print(f"{c.url:<28} {c.site_id:<20} {c.name}")


def cmd_dossiers_import(args: argparse.Namespace) -> None:
    store = _open_store(args)
    summary = dossier_service.import_file(store, Path(args.file), _now(args))
    print(
        f"{args.file}: {summary.added} new, {summary.changed} changed, "
        f"{summary.unchanged} unchanged"
    )


def cmd_dossiers_show(args: argparse.Namespace) -> None:
    store = _open_store(args)
    answer = dossier_service.public_answer(store, args.code, _now(args))
    if answer is None:
        raise UsageError(f"no dossier {args.code!r}")
    _print(
        args,
        answer,
        f"{answer['code']}  {answer['status_text']}  {answer['procedure']} "
        f"({answer['agency']['name']}), hẹn trả {answer['due_at']}",
    )


REPORT_BY = ("service", "counter", "staff", "agency")
REPORT_LANGS = ("vi", "en")


def cmd_report(args: argparse.Namespace) -> None:
    if args.by not in REPORT_BY:
        raise UsageError(f"--by is one of {', '.join(REPORT_BY)}, not {args.by!r}")
    if args.lang not in REPORT_LANGS:
        raise UsageError(f"--lang is vi or en, not {args.lang!r}")
    if args.by == "agency":
        if args.csv or args.xlsx or args.charts:
            raise UsageError("--csv, --xlsx and --charts are for --by service, counter or staff")
        _report_dossiers(args)
        return
    _report_tickets(args)


def _report_tickets(args: argparse.Namespace) -> None:
    from queue_core.reports.output import OutputError, write_all

    store = _open_store(args)
    first, last = _days(args, store.site)
    if too_long(first, last):
        raise UsageError(f"ask for at most {MAX_DAYS} days at a time")
    try:
        _check_outputs(args)
        report = build(store, first, last, GroupBy(args.by))
        files = _report_files(args, report)
        write_all(files)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        figures = {"groups": report.rows, "total": report.total, "hours": report.hours}
        dates = {"from": first.isoformat(), "to": last.isoformat()}
        _print(args, {**dates, "by": args.by, **figures}, "")
        return
    from queue_core.reports.terminal import render

    print(render(report, args.lang))
    for path in files:
        print(f"→ {path}")


def _check_outputs(args: argparse.Namespace) -> None:
    """Before anything is drawn: each path asked for can be written."""
    from queue_core.reports.output import check_file, check_folder

    for option in (args.csv, args.xlsx):
        if option:
            check_file(Path(option))
    if args.charts:
        from queue_core.reports.charts import file_names

        check_folder(Path(args.charts))
        if Path(args.charts).is_dir():
            for name in file_names(args.by):
                check_file(Path(args.charts) / name)


def _report_files(args: argparse.Namespace, report: Report) -> dict[Path, bytes]:
    from queue_core.reports import files

    out: dict[Path, bytes] = {}
    if args.csv:
        out[Path(args.csv)] = files.to_csv(report, args.lang)
    if args.xlsx:
        out[Path(args.xlsx)] = files.to_xlsx(report, args.lang)
    if args.charts:
        from queue_core.reports import charts  # matplotlib only when charts are asked for

        for name, png in charts.render(report, args.lang).items():
            out[Path(args.charts) / name] = png
    return out


def _report_dossiers(args: argparse.Namespace) -> None:
    store = _open_store(args)
    site = store.site
    start, end = _day_range(args, site)
    figures = agency_figures(store.conn, start, end, _now(args), site.timezone)
    rows: list[dict[str, Any]] = []
    for agency in site.agencies:
        f = figures.get(agency.id)
        share = f.on_time_share if f else None
        rows.append(
            {
                "agency": agency.id,
                "name": agency.name,
                "received": f.received if f else 0,
                "resolved": f.resolved if f else 0,
                "early": f.early if f else 0,
                "on_time": f.on_time if f else 0,
                "late": f.late if f else 0,
                "on_time_share": None if share is None else round(share, 4),
            }
        )
    if args.json:
        _print(args, {"from": args.start, "to": args.end, "by": "agency", "rows": rows}, "")
        return
    print(f"Dossiers by agency, {start:%d/%m/%Y} – {end:%d/%m/%Y} (end excluded)")
    print(
        f"{'AGENCY':<44} {'RECEIVED':>8} {'RESOLVED':>8} {'EARLY':>6} {'ON TIME':>7} "
        f"{'LATE':>5} {'SHARE':>6}"
    )
    for r in rows:
        shown = "—" if r["on_time_share"] is None else f"{r['on_time_share']:.0%}"
        print(
            f"{_clip(r['name'], 44):<44} {r['received']:>8} {r['resolved']:>8} "
            f"{r['early']:>6} {r['on_time']:>7} {r['late']:>5} {shown:>6}"
        )


def _days(args: argparse.Namespace, site: Site) -> tuple[date, date]:
    """``--from`` and ``--to`` as business days, inclusive; this month when not given."""
    today = site.business_day(_now(args))
    try:
        first = date.fromisoformat(args.start) if args.start else today.replace(day=1)
        last = date.fromisoformat(args.end) if args.end else today
    except ValueError as exc:
        raise UsageError(f"dates are YYYY-MM-DD: {exc}") from None
    if last < first:
        raise UsageError("--to is before --from")
    return first, last


def _day_range(args: argparse.Namespace, site: Site) -> tuple[datetime, datetime]:
    """``_days`` as the moments the first starts and the day after the last starts."""
    first, last = _days(args, site)
    hour = time(site.day_reset_hour)
    start = datetime.combine(first, hour, tzinfo=site.timezone)
    return start, datetime.combine(last + timedelta(days=1), hour, tzinfo=site.timezone)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the parser ----------------------------------------------------------------------------


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
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str,
        func: Callable[[argparse.Namespace], None],
        help_text: str,
        json_flag: bool = False,
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON")
        else:
            p.set_defaults(json=False)
        return p

    p = add("init", cmd_init, "create the database from a site file (the sample site if none)")
    p.add_argument("site", nargs="?", help="the site file (TOML)")
    p = add("import", cmd_import, "update the database from a site file (idempotent)")
    p.add_argument("site", help="the site file (TOML)")

    staff = sub.add_parser("staff", help="manage staff accounts", description="staff accounts")
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

    p = add("issue", cmd_issue, "issue a ticket for a service", json_flag=True)
    p.add_argument("service", help="the service id")
    p.add_argument(
        "--priority",
        nargs="?",
        const=PriorityKind.ELDERLY.value,
        choices=[k.value for k in PriorityKind],
        help="a priority ticket",
    )
    for name, command_type, help_text in (
        ("next", CallNext, "call the next ticket at a counter"),
        ("recall", Recall, "call the counter's ticket again"),
        ("start", StartService, "start serving the counter's ticket"),
        ("finish", FinishService, "finish serving the counter's ticket"),
        ("no-show", MarkNoShow, "mark the counter's ticket as not present"),
    ):
        p = add(name, _ticket_action(command_type), help_text, json_flag=True)
        p.add_argument("counter", type=int, help="the counter number")
    for name, state in (
        ("open", CounterState.OPEN),
        ("pause", CounterState.PAUSED),
        ("close", CounterState.CLOSED),
    ):
        p = add(name, _counter_action(state), f"{name} a counter")
        p.add_argument("counter", type=int, help="the counter number")
    p = add("reset-day", cmd_reset_day, "end the business day: unserved tickets are cancelled")
    p.add_argument("--reason", default="day ended by hand")
    p = add("notice", cmd_notice, "replace, schedule or withdraw the notices on the hall boards")
    p.add_argument("text", nargs="*", help="each notice (none clears them)")
    p.add_argument("--show-at", help="schedule the one notice from this time (ISO 8601)")
    p.add_argument("--hide-at", help="and take it down at this time (ISO 8601)")
    p.add_argument("--withdraw", metavar="TEXT", help="take this one notice down")
    add("status", cmd_status, "services, waiting and counters, as a table", json_flag=True)
    p = add("serve", cmd_serve, "serve the HTTP + WebSocket API on the LAN")
    p.add_argument("--host", default="0.0.0.0", help="the address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=8470, help="the port (default 8470)")
    p.add_argument("--no-mdns", action="store_true", help="do not advertise on mDNS/DNS-SD")
    p.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="run the core's clock this many times faster, from --at (simulations and demos)",
    )
    p = add("pair", cmd_pair, "print a one-time code (10 minutes) to pair a device", json_flag=True)
    p.add_argument("--role", required=True, choices=[r.value for r in DeviceRole])
    p.add_argument("--name", help="the device's name, e.g. 'Kiosk sảnh A'")
    p = add("devices", cmd_devices, "list paired devices, or revoke one", json_flag=True)
    p.add_argument("action", nargs="?", choices=["list", "revoke"], default="list")
    p.add_argument("id", nargs="?", type=int, help="the device to revoke")
    p = add(
        "discover", cmd_discover, "list the cores seen on the LAN (mDNS/DNS-SD)", json_flag=True
    )
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to listen (default 3)")
    p.add_argument("--site", help="only the cores of this site id")
    p.add_argument(
        "--interface",
        action="append",
        metavar="ADDRESS",
        help="listen on this address only (repeatable; default: every interface)",
    )
    dossiers = sub.add_parser(
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
    p = add(
        "report",
        cmd_report,
        "figures over business days: tickets by service, counter or clerk, dossiers by agency",
        json_flag=True,
    )
    p.add_argument(
        "--by", default="service", metavar="|".join(REPORT_BY), help="the groups (default service)"
    )
    p.add_argument("--from", dest="start", help="first business day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", help="last business day, YYYY-MM-DD")
    p.add_argument("--csv", metavar="FILE", help="also write the tables as CSV (UTF-8, for Excel)")
    p.add_argument("--xlsx", metavar="FILE", help="also write an Excel workbook")
    p.add_argument("--charts", metavar="DIR", help="also draw the charts as PNG files in DIR")
    p.add_argument("--lang", default="vi", metavar="vi|en", help="the words (default vi)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run_command(args)
    finally:
        while _OPENED:
            _OPENED.pop().close()


EXIT_REFUSED = 2
"""The exit code of a refusal whose code the table below does not name."""
EXIT_BY_CODE: dict[str, int] = {}
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


if __name__ == "__main__":
    sys.exit(main())
