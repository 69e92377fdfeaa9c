"""The reliability drill: a busy hall while the core is SIGKILLed and restarted, the boards'
cables are cut and the kiosk's printer is switched off; then nothing may be lost.

    .venv/bin/python bench/drill.py [--tickets N | --seconds S] [--kills 5]
                                    [--subscribers 20] [--seed 1] [--load sim|own]

It starts its own core (`luot-core serve`, a temporary database, a free port on
127.0.0.1) and drives it through `queue_core.client`: the day simulator's kiosk and
clerks on a day squeezed into the run (or, with ``--load own``, kiosks issuing at a
steady rate and clerks calling as fast as they may), a printing kiosk that prints each
ticket on a network printer the drill owns, and hall boards that follow the event
stream through a relay whose connections the drill resets. Afterwards it holds what
everyone saw against the database and prints one line; exit status 0 for PASS, 1 for
FAIL. See docs/drill.md.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drill_boards import Boards  # noqa: E402
from bench.drill_chaos import Chaos, ChaosPlan  # noqa: E402
from bench.drill_check import DrillRecord, Verdict, check  # noqa: E402
from bench.drill_core import (  # noqa: E402
    PIN,
    PRINT_SERVICE,
    DrillCore,
    prepare,
    simulated_part,
)
from bench.drill_kiosk import Outcome, PrintLog, WatchedPrinter, printing_kiosk  # noqa: E402
from bench.drill_load import Going, LoadLog, OwnLoad, clerk, sign_in  # noqa: E402
from bench.drill_printer import DrillPrinter  # noqa: E402
from bench.drill_sim import SimLoad  # noqa: E402
from harness.proxy import CuttableProxy  # noqa: E402
from printers import TicketSite  # noqa: E402
from queue_core.client import CoreClient  # noqa: E402
from queue_core.domain import Site  # noqa: E402
from simulator.clerks import Clerk  # noqa: E402

__all__ = ["main"]

CATCH_UP_SECONDS = 60.0
"""After the load, how long the boards may take to reach the last event before it is a loss."""
SIM_MINUTES_PER_CITIZEN = 6.0
"""A clerk's minutes per citizen in the simulator: the site's 4, the walk, recalls, and the
requests' own time, which counts hundreds of times over on the fast clock."""

PRINT_CALL_PACE = 0.2
"""Seconds between two calls at the printing kiosk's counter."""

Load = OwnLoad | SimLoad


def sim_counters(tickets: int) -> int:
    """Counters for the simulator's day: 10 hours, with room for the peaks (1.7 x the mean)."""
    return max(3, math.ceil(tickets * SIM_MINUTES_PER_CITIZEN / 600 * 1.5))


def make_load(args: argparse.Namespace, site: Site, rng: random.Random) -> Load:
    if args.load == "own":
        return OwnLoad(args.tickets, args.seconds, args.rate, args.kiosks, args.call_pace, rng)
    tickets = args.tickets or round(args.rate * args.seconds)
    seconds = args.seconds or tickets / args.rate
    return SimLoad(site, tickets, seconds, args.seed)


async def printing_corner(
    core_url: str,
    token: str,
    printer_url: str,
    desk: Clerk,
    logs: tuple[PrintLog, LoadLog],
    going: Going,
) -> None:
    """The printing kiosk, and the clerk at the one counter that serves its tickets."""
    prints, desk_log = logs
    paper = TicketSite("Trung tâm diễn tập", core_url, "Diễn tập — không có giá trị")
    printer = WatchedPrinter(printer_url)
    async with CoreClient(core_url, token) as kiosk, CoreClient(core_url) as clerk_app:
        await sign_in(clerk_app, desk)
        await asyncio.gather(
            printing_kiosk(kiosk, printer, paper, PRINT_SERVICE, prints, going),
            clerk(clerk_app, desk.counter, desk_log, going, PRINT_CALL_PACE),
        )


async def exercise(
    core: DrillCore, load: Load, args: argparse.Namespace, rng: random.Random
) -> Verdict:
    """The hall under fire, then the check."""
    proxy = CuttableProxy(core.port)
    await proxy.start()
    printer = DrillPrinter()
    now, _ = load.clock() if isinstance(load, SimLoad) else (datetime.now(UTC), 1.0)
    board = await asyncio.to_thread(core.pair_device, "board", "Bảng diễn tập", now)
    boards = Boards(proxy.url, args.subscribers, board)
    boards.start()
    prints, desk_log = PrintLog(), LoadLog()
    token = await asyncio.to_thread(core.pair_device, "kiosk", "Kiosk diễn tập", now)
    displays = [  # each counter's display rates there
        await asyncio.to_thread(core.pair_device, "counter-display", "", now, n)
        for n in range(1, args.counters + 2)
    ]
    clerks = [Clerk(f"clerk{n}", PIN, n, displays[n - 1]) for n in range(1, args.counters + 2)]
    chaos = Chaos(ChaosPlan.spread(args.kills, args.printer_offline, rng), core, proxy, printer)

    def going() -> bool:
        return not (load.progress() >= 1 and chaos.settled)

    try:
        loading = asyncio.ensure_future(load.run(core.base_url, token, clerks[:-1], going))
        corner = printing_corner(
            core.base_url,
            token,
            printer.url,
            clerks[-1],
            (prints, desk_log),
            lambda: not loading.done(),
        )
        chaos_task = asyncio.ensure_future(chaos.run(load.progress, rng))
        await asyncio.gather(loading, corner)
        chaos.stop()
        await chaos_task
        final = core.last_seq()
        waited = asyncio.get_running_loop().time()
        await boards.caught_up(final, waited + CATCH_UP_SECONDS)
        waited = asyncio.get_running_loop().time() - waited
    finally:
        await boards.stop()
        await proxy.close()
        printer.close()
    record = DrillRecord(
        issued=load.issued + prints.issued,
        acks=load.acks() + prints.acks,
        server_errors=[
            *load.server_errors(),
            *prints.server_errors,
            *desk_log.server_errors,
            *proxy.server_errors,
        ],
        boards=boards.logs,
        final_seq=final,
        kills_asked=args.kills,
        kills_done=chaos.kills,
        cuts=proxy.cuts,
        printer_offline=printer.offline_count,
        prints=prints,
        jobs=printer.jobs,
        in_flight=load.issues_lost + prints.outcomes[Outcome.CORE_AWAY],
    )
    connections = sum(log.connections for log in boards.logs)
    outcomes = {str(outcome): n for outcome, n in prints.outcomes.items()}
    print(
        f"drill: {load.summary()}; board connections {connections}; printing kiosk {outcomes}, "
        f"its counter called {desk_log.calls}; boards caught up in {waited:.1f} s",
        file=sys.stderr,
    )
    return check(core.db_path, record)


async def drill(args: argparse.Namespace) -> Verdict:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="luot-drill-") as tmp:
        directory = Path(args.workdir) if args.workdir else Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        if args.counters is None:
            tickets = args.tickets or round(args.rate * args.seconds)
            args.counters = 8 if args.load == "own" else sim_counters(tickets)
        core = prepare(directory, args.counters)
        load = make_load(args, simulated_part(core.site()), rng)
        if isinstance(load, SimLoad):
            core.clock_source = load.clock
        await asyncio.to_thread(core.start)
        try:
            return await exercise(core, load, args, rng)
        finally:
            await asyncio.to_thread(core.stop)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--tickets", type=int, help="tickets to issue (default 2000)")
    size.add_argument("--seconds", type=float, help="or: how long the load runs")
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs of the core (default 5)")
    parser.add_argument("--subscribers", type=int, default=20, help="boards (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="for the moments and choices")
    parser.add_argument(
        "--load",
        choices=["sim", "own"],
        default="sim",
        help="the day simulator (default), or the drill's own steady kiosks and clerks",
    )
    parser.add_argument(
        "--rate", type=float, default=40.0, help="tickets/s on average (default 40)"
    )
    parser.add_argument("--kiosks", type=int, default=8, help="own load: kiosks (default 8)")
    parser.add_argument(
        "--counters", type=int, help="counters (default: 8, or enough for the simulated day)"
    )
    parser.add_argument(
        "--call-pace", type=float, default=0.05, help="own load: seconds between a clerk's calls"
    )
    parser.add_argument(
        "--printer-offline", type=int, default=3, help="times the printer is switched off"
    )
    parser.add_argument("--workdir", help="keep the database and the core's log here")
    args = parser.parse_args(argv)
    if args.tickets is None and args.seconds is None:
        args.tickets = 2000
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        verdict = asyncio.run(drill(parse(argv)))
    except Exception as error:  # the drill itself broke: still one line, and a FAIL
        traceback.print_exc()
        print(f"drill: verdict=FAIL reason=the drill stopped: {error!r}", flush=True)
        return 1
    print(verdict.line(), flush=True)
    return 0 if verdict.passed else 1


if __name__ == "__main__":
    sys.exit(main())
