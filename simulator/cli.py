"""`luot-sim`: one simulated day in a centre, through the real core, and its figures."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from queue_core.client import CoreError
from queue_core.config import SAMPLE_SITE, ConfigError, load_site
from queue_core.domain import Site
from simulator import appointments, centre, ranges, report
from simulator.bound import VisitModel, best_intervals, clairvoyant_waits
from simulator.clerks import Clerk
from simulator.hall import SimEvent
from simulator.plan import DayPlan, Parameters, make_plan
from simulator.profile import Window, open_windows
from simulator.replay import idle_while_waiting
from simulator.results import DayResult, summarize
from simulator.runner import run_day

DEFAULT_DB = Path("var/sim/luot.db")
CLOCK_LEAD = timedelta(minutes=10)
"""The core's clock starts this long before the window: the clerks are in before the doors."""
PROGRESS_EVERY = timedelta(minutes=30)


class UsageError(Exception):
    """A command line that cannot be carried out; said in one line, exit 2."""


def _clock_time(text: str, option: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a time like 7:30 or 07:30") from None


def _day(text: str | None, site: Site) -> date:
    if text is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--date {text!r} is not a date like 2026-11-25") from None
    today = datetime.now(site.timezone).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if any(day.weekday() in s.hours.weekdays for s in site.services):
            return day
    raise UsageError("the site is never open: give --date")


def _window(args: argparse.Namespace, site: Site, day: date) -> tuple[time, time]:
    """``--from``/``--to``, by default the centre's opening hours that day."""
    stretches = [
        w
        for s in site.services
        for w in open_windows(site, s.id, day.weekday(), Window(0.0, 24 * 60.0))
    ]
    if not stretches and (args.start is None or args.end is None):
        raise UsageError(f"the centre is closed on {day.isoformat()}: choose another --date")

    def at(minute: float) -> time:
        minute = min(minute, 24 * 60 - 1)
        return time(int(minute // 60), int(minute % 60))

    start = _clock_time(args.start, "--from") if args.start else at(min(w.start for w in stretches))
    end = _clock_time(args.end, "--to") if args.end else at(max(w.end for w in stretches))
    if end <= start:
        raise UsageError("--to must be after --from")
    return start, end


def _clerks(specs: Sequence[str]) -> list[Clerk]:
    clerks = []
    for spec in specs:
        username, _, rest = spec.partition(":")
        pin, _, rest = rest.partition(":")
        counter, _, display = rest.partition(":")
        if not (username and pin and counter.isdigit()):
            raise UsageError(f"--clerk {spec!r} is not USER:PIN:COUNTER[:DISPLAY_TOKEN]")
        clerks.append(Clerk(username, pin, int(counter), display or None))
    return clerks


class Progress:
    """A line on stderr each simulated half hour: issued, served, waiting."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.issued = self.closed = 0
        self.next_line: datetime | None = None

    def __call__(self, event: SimEvent) -> None:
        if event.kind == "issued":
            self.issued += 1
        elif event.kind in ("finished", "no_show"):
            self.closed += 1
        if self.quiet or event.at is None:
            return
        if self.next_line is None:
            self.next_line = event.at.replace(minute=0, second=0, microsecond=0)
        if event.at >= self.next_line:
            local = event.at.strftime("%H:%M")
            waiting = self.issued - self.closed
            print(
                f"{local}  issued {self.issued:>4}  closed {self.closed:>4}  "
                f"in the hall {waiting:>3}",
                file=sys.stderr,
            )
            while self.next_line <= event.at:
                self.next_line += PROGRESS_EVERY


def _print_result(
    args: argparse.Namespace, site: Site, result: DayResult, db: Path | None = None
) -> None:
    summary = summarize(result.tickets, result.plan.targets, result.plan.names, site.timezone)
    clairvoyant = clairvoyant_waits(db, site) if db is not None else {}
    model = VisitModel.of(result.plan, _parameters(args))
    intervals = best_intervals(db, site, model) if db is not None else {}
    best = {ticket: b.median for ticket, b in intervals.items()}
    wait_ranges = ranges.day_figures(db, site, intervals) if db is not None else []
    if args.json:
        figures = report.as_json(result, summary)
        figures["clairvoyant_peak_mae_share"] = report.bound_share(result, summary, clairvoyant)
        figures["best_peak_mae_share"] = report.bound_share(result, summary, best)
        figures["range"] = [asdict(f) for f in wait_ranges]
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    plan = result.plan
    print(
        f"luot-sim — {site.name}, {plan.day.isoformat()} "
        f"{plan.start.strftime('%H:%M')}–{plan.end.strftime('%H:%M')}, "
        f"seed {plan.seed}, ×{args.speed:g}, {len(plan.citizens)} citizens planned, "
        f"{result.wall_seconds:.0f} s"
    )
    print()
    print(report.table(result, summary))
    if clairvoyant:
        print(report.yardstick(result, summary, clairvoyant, report.CLAIRVOYANT))
    if best:
        print(report.yardstick(result, summary, best, report.BEST))
    if wait_ranges:
        print()
        print(ranges.table(wait_ranges))
        print(ranges.LEGEND)
        print("\n".join(ranges.verdicts(wait_ranges)))


async def _simulate_own_core(args: argparse.Namespace, site_path: Path, site: Site) -> int:
    db = Path(args.db)
    if db.exists() and db.resolve().parent != DEFAULT_DB.resolve().parent:
        raise UsageError(f"{db} exists: luot-sim makes a fresh database; give a new path")
    day = _day(args.date, site)
    start, end = _window(args, site, day)
    plan = make_plan(site, day, args.seed, start, end, _parameters(args))
    if args.book_share <= 0:
        await _play(args, site_path, plan, db)
        return 0
    # the site as given, every service taking appointments unless it says which
    booking_site = db.with_name(f"{db.stem}-site.toml")
    booking_site.parent.mkdir(parents=True, exist_ok=True)
    text = site_path.read_text(encoding="utf-8")
    logo = str(site.extra["board"]["logo"])  # type: ignore[index]
    if logo:  # the copy is elsewhere: its logo named where it is
        text = text.replace(f'logo = "{logo}"', f'logo = "{(site_path.parent / logo).resolve()}"')
    text = appointments.with_appointments(text, site, args.walk_in_reserve, args.call_ahead)
    booking_site.write_text(text, encoding="utf-8")
    taking, _text = load_site(booking_site)
    booked = appointments.book_citizens(plan, taking, appointments.Habits(args.book_share))
    result = await _play(args, booking_site, booked, db)
    without = None
    idle = [idle_while_waiting(db, taking)]
    if args.compare:  # the same citizens, at the times they would come, none booked
        other = db.with_name(f"{db.stem}-walk-ins{db.suffix}")
        without = appointments.punctuality(await _play(args, booking_site, plan, other, False))
        idle.append(idle_while_waiting(other, taking))
    if not args.json:
        print("\n" + "\n".join(appointments.lines(appointments.punctuality(result), without)))
        print(
            "counters idle while someone they could call waited (the run's delays, not the "
            f"hall's): {' and '.join(f'{m:.0f}' for m in idle)} counter-minutes"
        )
    return 0


async def _play(
    args: argparse.Namespace, site_path: Path, plan: DayPlan, db: Path, show: bool = True
) -> DayResult:
    """One day on a fresh database and a core of its own; its figures printed when ``show``."""
    day = plan.day
    clock_start = plan.start - CLOCK_LEAD
    site = centre.fresh_database(db, site_path, clock_start)
    plan = appointments.make_bookings(db, plan, clock_start)
    clerks = centre.add_clerks(db, site)
    token = centre.device_token(db, clock_start)
    clerks = [replace(c, display=centre.device_token(db, clock_start, c.counter)) for c in clerks]
    core = centre.CoreProcess(db, clock_start, args.speed, db.with_suffix(".core.log"))
    async with core:
        result = await run_day(
            core.url,
            plan,
            speed=args.speed,
            kiosk_token=token,
            clerks=clerks,
            on_event=Progress(args.quiet or args.json),
        )
    if not show:
        return result
    _print_result(args, site, result, db)
    if not args.json:
        print(
            f"\nthe day in the core's report: luot-core --db {db} report "
            f"--from {day.isoformat()} --to {day.isoformat()}"
        )
    return result


async def _simulate_on(args: argparse.Namespace, site: Site) -> int:
    if not args.kiosk_token or not args.clerk:
        raise UsageError(
            "--core needs --kiosk-token and at least one --clerk USER:PIN:COUNTER[:DISPLAY_TOKEN]"
        )
    day = _day(args.date, site)
    start, end = _window(args, site, day)
    plan = make_plan(site, day, args.seed, start, end, _parameters(args))
    result = await run_day(
        args.core,
        plan,
        speed=args.speed,
        kiosk_token=args.kiosk_token,
        clerks=_clerks(args.clerk),
        on_event=Progress(args.quiet or args.json),
    )
    _print_result(args, site, result)
    return 0


def _parameters(args: argparse.Namespace) -> Parameters:
    return Parameters(scale=args.scale, service_sigma=args.spread)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luot-sim",
        description=(
            "One simulated day in a centre, played through the real core: citizens take "
            "tickets by an hourly profile, clerks call, serve, recall, transfer and finish; "
            "then the waits and the accuracy of the estimate printed on each ticket."
        ),
    )
    parser.add_argument(
        "--db", default=str(DEFAULT_DB), help=f"the fresh database to make (default {DEFAULT_DB})"
    )
    parser.add_argument("--site", help="the site file (default: the sample site)")
    parser.add_argument("--speed", type=float, default=60.0, help="times faster (default 60)")
    parser.add_argument("--seed", type=int, default=1, help="the plan's seed (default 1)")
    parser.add_argument("--date", help="the simulated day, YYYY-MM-DD (default the next open)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="citizens × this (default 1.0: a busy weekday)"
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=Parameters.service_sigma,
        help=f"log-normal sigma of service times (default {Parameters.service_sigma})",
    )
    parser.add_argument("--from", dest="start", help="start, HH:MM (default the opening)")
    parser.add_argument("--to", dest="end", help="end, HH:MM (default the closing)")
    parser.add_argument(
        "--book-share",
        type=float,
        default=0.0,
        help="of the citizens of services taking appointments, who book (while slots have "
        "room); every service takes them when the site says none (default 0: nobody books)",
    )
    parser.add_argument(
        "--walk-in-reserve",
        type=float,
        default=appointments.WALK_IN_RESERVE,
        help="with --book-share, on a site that names no appointments: the share of each "
        f"slot's visits kept for walk-ins (default {appointments.WALK_IN_RESERVE})",
    )
    parser.add_argument(
        "--call-ahead",
        type=int,
        default=0,
        metavar="MINUTES",
        help="with --book-share, on a site that names no appointments: a holder may be called "
        "this long before their slot (the site's call_ahead_minutes, default 0)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="with --book-share: play the same day again with nobody booked, and compare",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--core", help="drive this running core instead of starting one")
    parser.add_argument("--kiosk-token", help="with --core: a kiosk device's token")
    parser.add_argument(
        "--clerk",
        action="append",
        metavar="USER:PIN:COUNTER[:DISPLAY_TOKEN]",
        help="with --core: a clerk, and the token of the display paired to that counter "
        "(`luot-core pair --role counter-display --counter N`), which rates; without it "
        "nobody rates",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.speed <= 0 or args.scale <= 0 or args.spread < 0:
            raise UsageError("--speed and --scale must be positive, --spread not negative")
        if not 0 <= args.walk_in_reserve < 1 or not 0 <= args.call_ahead <= 30:
            raise UsageError("--walk-in-reserve must be in 0…1 (below 1), --call-ahead in 0…30")
        site_path = Path(args.site) if args.site else SAMPLE_SITE
        site, _text = load_site(site_path)
        if args.core:
            return asyncio.run(_simulate_on(args, site))
        return asyncio.run(_simulate_own_core(args, site_path, site))
    except (UsageError, ConfigError, CoreError) as exc:
        print(f"luot-sim: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
