"""`luot-core serve`: the HTTP + WebSocket API on the LAN, on the wall clock or a simulated one."""

from __future__ import annotations

import argparse
from pathlib import Path

from queue_core import clock
from queue_core.cli.common import Commands, acting_at, command, open_store
from queue_core.errors import UsageError


def cmd_serve(args: argparse.Namespace) -> None:
    from queue_core.api.server import run

    open_store(args).close()  # a clear message when there is no database
    if args.at is not None or args.speed != 1.0:
        if args.speed <= 0:
            raise UsageError("--speed must be positive")
        clock.use(clock.simulated_clock(acting_at(args), args.speed))
    run(Path(args.db), args.host, args.port, mdns=not args.no_mdns)


def add_commands(commands: Commands) -> None:
    p = command(commands, "serve", cmd_serve, "serve the HTTP + WebSocket API on the LAN")
    p.add_argument("--host", default="0.0.0.0", help="the address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=8470, help="the port (default 8470)")
    p.add_argument("--no-mdns", action="store_true", help="do not advertise on mDNS/DNS-SD")
    p.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="run the core's clock this many times faster, from --at (simulations and demos)",
    )
