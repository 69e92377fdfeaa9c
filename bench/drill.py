"""The reliability drill: a busy hall while the core is SIGKILLed and restarted, the boards'
cables are cut and the kiosk's printer is switched off; then nothing may be lost.

    .venv/bin/python bench/drill.py [--tickets N | --seconds S] [--kills 5]
                                    [--subscribers 20] [--seed 1]

It starts its own core (`luot-core serve`, a temporary database, a free port on
127.0.0.1) and drives it through `queue_core.client`: kiosks issuing, clerks calling
(next, start), a printing kiosk that prints each ticket on a network printer the drill
owns, and hall boards that follow the event stream through a relay whose connections
the drill resets. Afterwards it holds what everyone saw against the database and prints
one line; exit status 0 for PASS, 1 for FAIL. See docs/drill.md.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drill_boards import Boards  # noqa: E402
from bench.drill_chaos import Chaos, ChaosPlan  # noqa: E402
from bench.drill_check import DrillRecord, Verdict, check  # noqa: E402
from bench.drill_kiosk import PrintLog, WatchedPrinter, printing_kiosk  # noqa: E402
from bench.drill_load import LoadLog, clerk, kiosk, sign_in  # noqa: E402
from bench.drill_printer import DrillPrinter  # noqa: E402
from bench.drill_proxy import CuttableProxy  # noqa: E402
from printers import TicketSite  # noqa: E402
from queue_core.client import CoreClient  # noqa: E402
from queue_core.store import Store  # noqa: E402
from tests.support.server import CoreServer, free_port  # noqa: E402

SERVICES = ("chung-thuc", "ly-lich", "ho-tich", "dat-dai")
PIN = "2468"
CATCH_UP_SECONDS = 60.0
"""After the load, how long the boards may take to reach the last event before it is a loss."""


def site_toml(counters: int) -> str:
    """Four services open all day and night; every counter serves all four, each counter
    putting another first."""
    head = """
[site]
id = "drill"
name = "Trung tâm diễn tập"
timezone = "Asia/Ho_Chi_Minh"

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[[agencies]]
id = "stp"
name = "Sở Tư pháp"
"""
    names = ("Chứng thực bản sao", "Lý lịch tư pháp", "Hộ tịch", "Đất đai")
    services = "".join(
        f'\n[[services]]\nid = "{sid}"\nagency = "stp"\nname = "{name}"\n'
        f'numbers = "{n + 1}00000-{n + 1}99999"\n'
        for n, (sid, name) in enumerate(zip(SERVICES, names, strict=True))
    )
    desks = "".join(
        f"\n[[counters]]\nnumber = {c}\nservices = {list(SERVICES[c % 4 :] + SERVICES[: c % 4])}\n"
        for c in range(1, counters + 1)
    )
    return head + services + desks


def prepare(directory: Path, counters: int) -> CoreServer:
    """The database (site, one clerk per counter) and the core that will serve it."""
    db = directory / "drill.db"
    store = Store.open(db)
    try:
        store.import_site(site_toml(counters), datetime.now(UTC))
    finally:
        store.close()
    core = CoreServer(db, free_port(), directory / "core.log")
    for n in range(1, counters + 1):
        core.add_staff(f"clerk{n}", PIN, "clerk")
    return core


def last_seq(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (seq,) = conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
    finally:
        conn.close()
    return int(seq)


class Stage:
    """How far the load has come (0..1), by tickets acknowledged or by time."""

    def __init__(self, args: argparse.Namespace, load: LoadLog, prints: PrintLog) -> None:
        self.tickets: int | None = args.tickets
        self.seconds: float = args.seconds or 0.0
        self.load = load
        self.prints = prints
        self.began = asyncio.get_running_loop().time()

    def progress(self) -> float:
        if self.tickets is not None:
            return (len(self.load.acks) + len(self.prints.acks)) / self.tickets
        return (asyncio.get_running_loop().time() - self.began) / self.seconds


async def exercise(core: CoreServer, args: argparse.Namespace, rng: random.Random) -> Verdict:
    """The hall under fire, then the check."""
    proxy = CuttableProxy(core.port)
    await proxy.start()
    printer = DrillPrinter()
    boards = Boards(proxy.url, args.subscribers)
    boards.start()
    kiosk_token = await asyncio.to_thread(core.pair_device, "kiosk", "Kiosk diễn tập")
    load, prints = LoadLog(), PrintLog()
    stage = Stage(args, load, prints)
    chaos = Chaos(ChaosPlan.spread(args.kills, args.printer_offline, rng), core, proxy, printer)
    kiosks = [CoreClient(core.base_url, kiosk_token) for _ in range(args.kiosks + 1)]
    clerks = [CoreClient(core.base_url) for _ in range(args.counters)]
    try:
        for n, client in enumerate(clerks, 1):
            await sign_in(client, f"clerk{n}", PIN, n)
        done: Callable[[], bool] = lambda: stage.progress() >= 1 and chaos.settled  # noqa: E731
        going = lambda: not done()  # noqa: E731
        pace = args.kiosks / args.rate
        work = [kiosk(c, SERVICES, load, going, pace, rng) for c in kiosks[1:]]
        work += [clerk(c, n, load, going, args.call_pace) for n, c in enumerate(clerks, 1)]
        ticket_printer = WatchedPrinter(printer.url)
        paper = TicketSite("Trung tâm diễn tập", core.base_url, "Diễn tập — không có giá trị")
        work.append(
            printing_kiosk(
                kiosks[0], ticket_printer, paper, SERVICES, (prints, load), going, 0.1, rng
            )
        )
        chaos_task = asyncio.ensure_future(chaos.run(stage.progress, rng))
        await asyncio.gather(*work)
        chaos.stop()
        await chaos_task
        final = last_seq(core.db_path)
        await boards.caught_up(final, asyncio.get_running_loop().time() + CATCH_UP_SECONDS)
    finally:
        await boards.stop()
        await proxy.close()
        printer.close()
        for client in kiosks + clerks:
            await client.aclose()
    record = DrillRecord(
        issued=load.issued,
        acks=load.acks + prints.acks,
        server_errors=load.server_errors + proxy.server_errors,
        boards=boards.logs,
        final_seq=final,
        kills_asked=args.kills,
        kills_done=chaos.kills,
        cuts=proxy.cuts,
        printer_offline=printer.offline_count,
        prints=prints,
        jobs=printer.jobs,
        in_flight=chaos.kills * (args.kiosks + 1),
    )
    connections = sum(log.connections for log in boards.logs)
    outcomes = {str(outcome): n for outcome, n in prints.outcomes.items()}
    print(
        f"drill: requests the core was away for {load.core_away}, refused {dict(load.refusals)}, "
        f"board connections {connections}, printing kiosk {outcomes}",
        file=sys.stderr,
    )
    return check(core.db_path, record)


async def drill(args: argparse.Namespace) -> Verdict:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="luot-drill-") as tmp:
        directory = Path(args.workdir) if args.workdir else Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        core = prepare(directory, args.counters)
        await asyncio.to_thread(core.start)
        try:
            return await exercise(core, args, rng)
        finally:
            await asyncio.to_thread(core.stop)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--tickets", type=int, help="acknowledged tickets to reach (default 3000)")
    size.add_argument("--seconds", type=float, help="or: how long the load runs")
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs of the core (default 5)")
    parser.add_argument("--subscribers", type=int, default=20, help="boards (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="for the moments and choices")
    parser.add_argument("--rate", type=float, default=100.0, help="tickets/s asked (default 100)")
    parser.add_argument("--kiosks", type=int, default=8, help="issuing kiosks (default 8)")
    parser.add_argument("--counters", type=int, default=8, help="calling counters (default 8)")
    parser.add_argument(
        "--call-pace", type=float, default=0.05, help="seconds a clerk waits between calls"
    )
    parser.add_argument(
        "--printer-offline", type=int, default=3, help="times the printer is switched off"
    )
    parser.add_argument("--workdir", help="keep the database and the core's log here")
    args = parser.parse_args(argv)
    if args.tickets is None and args.seconds is None:
        args.tickets = 3000
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
