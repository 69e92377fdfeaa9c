"""`luot-demo`: a whole hall on this machine (the core, a kiosk, two counters with their
displays, a hall board), each a process, started, described in one block, stopped on Ctrl-C.

The apps find the core by zeroconf on loopback only and pair by themselves with codes the
launcher makes: demo mode only, with demo staff whose PINs it prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType

from demo.children import Running, start, stop_all, tail
from demo.database import (
    CLERKS,
    SUPERVISOR,
    SetupError,
    newest_ticket,
    pairing_code,
    prepare,
)
from demo.hall import LOOPBACK, Hall, Pace
from harness.child import NotAnswering, until_answering
from queue_core.domain import Ticket
from queue_core.store import DeviceRole, Store, StoreError

__all__ = ["main"]

READY_LINE = "Ctrl-C stops all."
POLL_S = 0.25
CORE_START_S = 30.0


class Stopped(Exception):
    """SIGINT or SIGTERM: stop the hall."""


class HallError(Exception):
    """The hall could not start, or one of its processes stopped: the message says which."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="luot-demo",
        description="A whole hall of Lượt on this machine: the core, a kiosk, two counters with "
        "their displays and a hall board, paired by themselves (demo mode). Ctrl-C stops all.",
    )
    parser.add_argument("--var", type=Path, default=Path("var"), help="its files (default var)")
    parser.add_argument("--port", type=int, default=8470, help="the core's port (default 8470)")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="no display: the apps run offscreen and save a screenshot every few seconds",
    )
    parser.add_argument(
        "--autopilot",
        action=argparse.BooleanOptionalAction,
        help="tickets taken and counters worked by themselves (default: when headless)",
    )
    pace = Pace()
    for flag, default, what in (
        ("--shot-every", pace.shot_every_s, "between screenshots (headless)"),
        ("--ticket-every", pace.ticket_every_s, "between the autopilot's tickets at the kiosk"),
        ("--press-every", pace.press_every_s, "between the autopilot's presses at a counter"),
    ):
        parser.add_argument(flag, type=float, default=default, metavar="S", help=f"seconds {what}")
    parser.add_argument("--start-timeout", type=float, default=120.0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def headless_wanted(asked: bool) -> bool:
    """Asked for, or no display to show windows on (then said, rather than crashing)."""
    if asked or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return True
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("No display (DISPLAY and WAYLAND_DISPLAY are unset): running headless.")
        return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    headless = headless_wanted(args.headless)
    pace = Pace(args.shot_every, args.ticket_every, args.press_every)
    autopilot = headless if args.autopilot is None else args.autopilot
    hall = Hall(args.var, args.port, headless, autopilot, pace)
    running: list[Running] = []
    with _stop_signals():
        try:
            _run(hall, running, args.start_timeout)
            return 1  # _run returns only when a process stopped by itself
        except Stopped:
            print("\nStopping the hall…")
            return 0
        except (HallError, SetupError, StoreError) as error:
            print(f"luot-demo: {error}", file=sys.stderr)
            return 1
        finally:
            for number in (signal.SIGINT, signal.SIGTERM):
                signal.signal(number, signal.SIG_IGN)
            for line in stop_all(running):
                print(f"  {line}")


@contextmanager
def _stop_signals() -> Iterator[None]:
    def stop(signum: int, _frame: FrameType | None) -> None:
        for number in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the stop
            signal.signal(number, signal.SIG_IGN)
        raise Stopped(signal.Signals(signum).name)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- starting -------------------------------------------------------------------------------


def _run(hall: Hall, running: list[Running], start_timeout: float) -> None:
    _check_port(hall.port)
    prepared = prepare(hall.db, hall.site_folder)
    if prepared.created:
        shutil.rmtree(hall.config, ignore_errors=True)
    hall = replace(hall, timezone=prepared.timezone)
    for old in hall.shots.glob("*.png"):
        old.unlink()
    running.append(start(hall.core()))
    _wait_core(hall, running[0])
    apps = [
        hall.kiosk(pairing_code(hall.db, DeviceRole.KIOSK, "Kiosk sảnh (demo)")),
        *(hall.counter(n, pairing_code(hall.db, DeviceRole.COUNTER, f"Quầy {n}, cán bộ (demo)"))
          for n in (1, 2)),
        *(hall.display(n, pairing_code(hall.db, DeviceRole.COUNTER_DISPLAY, f"Quầy {n} (demo)", n))
          for n in (1, 2)),
        hall.board(pairing_code(hall.db, DeviceRole.BOARD, "Bảng sảnh (demo)")),
    ]  # fmt: skip
    running.extend(start(app) for app in apps)
    _wait_ready(running, start_timeout)
    store = Store.open(hall.db)
    try:
        print(describe(hall, newest_ticket(store)), flush=True)
        _watch(hall, running, store)
    finally:
        store.close()


def _check_port(port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            raise HallError(
                f"port {port} on {LOOPBACK} is taken (a core already running?); "
                "stop it, or choose another with --port (make run PORT=…)"
            ) from None


def _wait_core(hall: Hall, core: Running) -> None:
    try:
        until_answering(core.process, hall.url, CORE_START_S)
    except NotAnswering as failed:
        if failed.returncode is not None:
            raise HallError(_ended(core, failed.returncode)) from None
        said = f"the core did not answer in {CORE_START_S:g} s; see {core.child.log}"
        raise HallError(said) from None
    print(f"core serving {hall.url}", flush=True)


def _wait_ready(running: Sequence[Running], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = [r for r in running if r.child.ready_file is not None]
    while waiting:
        for item in list(waiting):
            _fail_if_ended(item)
            if item.ready:
                waiting.remove(item)
                took = time.monotonic() - item.started
                print(f"{item.child.name} ready ({took:.1f} s)", flush=True)
        if time.monotonic() > deadline:
            names = ", ".join(r.child.name for r in waiting)
            raise HallError(f"not ready after {timeout:g} s: {names}; see {waiting[0].child.log}")
        time.sleep(POLL_S)


def _fail_if_ended(item: Running) -> None:
    code = item.process.poll()
    if code is not None:
        raise HallError(_ended(item, code))


def _ended(item: Running, code: int) -> str:
    child = item.child
    said = f"{child.title} ({child.name}) stopped with exit code {code}; {child.log} ends:"
    return f"{said}\n{tail(child.log) or '(empty)'}"


# --- running --------------------------------------------------------------------------------


def describe(hall: Hall, last: Ticket | None) -> str:
    """The block that says where everything is."""
    mode = "headless" if hall.headless else "in windows"
    pilot = ", on autopilot" if hall.autopilot else ""
    rows = [
        ("core", f"{hall.url}  ({hall.db}: the sample site, open around the clock)"),
        ("", f"every app found it by zeroconf on {LOOPBACK} only and paired by itself"),
        ("hall board", f"{hall.shot('board')}" if hall.headless else "its own window"),
        ("kiosk", f"tickets print to preview://{hall.tickets} (a PNG and the ESC/POS bytes)"),
    ]
    rows += [
        (f"counter {c.counter}", f"its display; its panel: {c.name}, {c.username}, PIN {c.pin}")
        for c in CLERKS
    ]
    rows += [
        ("phone page", _phone_page(hall, last)),
        ("console", f"{hall.url}/console  as {SUPERVISOR.username}, PIN {SUPERVISOR.pin}"),
    ]
    if hall.headless:
        every = hall.pace.shot_every_s
        rows.append(("screenshots", f"{hall.shots}/<app>.png, every {every:g} s"))
    rows.append(("logs", f"{hall.logs}/<process>.log"))
    lines = [f"Lượt: the hall is up ({mode}{pilot}). Demo staff and PINs: this demo only.", ""]
    lines += [f"  {label:<12} {text}" for label, text in rows]
    return "\n".join([*lines, "", READY_LINE])


def _phone_page(hall: Hall, ticket: Ticket | None) -> str:
    if ticket is not None:
        return f"{hall.url}/t/{ticket.public_token}  (ticket {ticket.number}, the last one)"
    if hall.autopilot:
        every = hall.pace.ticket_every_s
        return f"none yet: the kiosk's autopilot takes a ticket every {every:g} s"
    return "none yet: take a ticket at the kiosk; its page is printed here"


def _watch(hall: Hall, running: Sequence[Running], store: Store) -> None:
    """Until a process stops by itself: say each new ticket and where its phone page is."""
    last = newest_ticket(store)
    while True:
        for item in running:
            code = item.process.poll()
            if code is not None:
                print(f"luot-demo: {_ended(item, code)}\nStopping the rest.", file=sys.stderr)
                return
        ticket = newest_ticket(store)
        if ticket is not None and (last is None or ticket.id != last.id):
            last = ticket
            where = store.site.service(ticket.service_id)
            service = where.name if where else ticket.service_id
            print(f"ticket {ticket.number} · {service} · {ticket.channel}: "
                  f"{hall.url}/t/{ticket.public_token}", flush=True)  # fmt: skip
        time.sleep(POLL_S * 2)


if __name__ == "__main__":
    sys.exit(main())
