"""`luot-core report`: figures over business days, tickets by service, counter or clerk (as
tables, CSV, XLSX, charts), or dossiers by agency."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from queue_core.cli.common import Commands, acting_at, clip, command, open_store, show
from queue_core.domain import Site
from queue_core.dossiers.repository import agency_figures
from queue_core.errors import UsageError
from queue_core.reports import Report, build
from queue_core.store import MAX_DAYS, GroupBy, too_long

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

    store = open_store(args)
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
        show(args, {**dates, "by": args.by, **figures}, "")
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
    store = open_store(args)
    site = store.site
    start, end = _day_range(args, site)
    figures = agency_figures(store.conn, start, end, acting_at(args), site.timezone)
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
        show(args, {"from": args.start, "to": args.end, "by": "agency", "rows": rows}, "")
        return
    print(f"Dossiers by agency, {start:%d/%m/%Y} – {end:%d/%m/%Y} (end excluded)")
    print(
        f"{'AGENCY':<44} {'RECEIVED':>8} {'RESOLVED':>8} {'EARLY':>6} {'ON TIME':>7} "
        f"{'LATE':>5} {'SHARE':>6}"
    )
    for r in rows:
        shown = "—" if r["on_time_share"] is None else f"{r['on_time_share']:.0%}"
        print(
            f"{clip(r['name'], 44):<44} {r['received']:>8} {r['resolved']:>8} "
            f"{r['early']:>6} {r['on_time']:>7} {r['late']:>5} {shown:>6}"
        )


def _days(args: argparse.Namespace, site: Site) -> tuple[date, date]:
    """``--from`` and ``--to`` as business days, inclusive; this month when not given."""
    today = site.business_day(acting_at(args))
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


def add_commands(commands: Commands) -> None:
    p = command(
        commands,
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
