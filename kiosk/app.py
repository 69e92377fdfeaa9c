"""`luot-kiosk [--core URL] [--printer URL] [--fullscreen]`: finds the core, pairs, runs.

The demo hall's options (``--pair-code``, ``--shots``, ``--autopilot``…) are in ui_common.demo.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kiosk.autopilot import KioskAutopilot
from kiosk.flow import KioskFlow, Timeouts
from kiosk.heartbeat import Heartbeat
from kiosk.live import LiveCatalogue
from kiosk.taking import PrinterSeam, TicketTaker
from kiosk.wedge import ScanWedge, WedgeTimings
from kiosk.widgets import KioskWindow
from printers import PrinterError, TicketPrinter
from queue_core.client import CoreError, Via
from ui_common import theme
from ui_common.bridge import CoreBridge
from ui_common.connect import find_core, finder_from
from ui_common.demo import DemoHooks, DemoOptions, add_demo_options
from ui_common.device import DeviceSettings, load_settings, save_settings
from ui_common.live import Finder
from ui_common.logs import log_to_stderr
from ui_common.pairing import PairingScreen, PairingViewModel, start_pairing
from ui_common.qt import QtWidgets
from ui_common.quitting import quit_on_signals
from ui_common.texts import tr
from ui_common.timings import TIMINGS, Timings

__all__ = ["APP", "Kiosk", "build", "main"]

log = logging.getLogger(__name__)

APP = "kiosk"
PORTRAIT = (1080, 1920)


@dataclass
class Kiosk:
    """One running kiosk: its parts, to start and to close together."""

    bridge: CoreBridge
    live: LiveCatalogue
    taker: TicketTaker
    flow: KioskFlow
    window: KioskWindow
    heartbeat: Heartbeat
    wedge: ScanWedge

    def start(self) -> None:
        self.live.start()
        self.heartbeat.start()

    def close(self) -> None:
        self.wedge.remove()
        self.window.close()
        self.heartbeat.close()
        self.live.close()
        self.taker.close()


def build(
    bridge: CoreBridge,
    printer: PrinterSeam | None,
    *,
    finder: Finder | None = None,
    timeouts: Timeouts | None = None,
    timings: Timings = TIMINGS,
    wedge: WedgeTimings | None = None,
) -> Kiosk:
    """The kiosk's view-models and window over ``bridge`` and ``printer`` (not started);
    a scanner's code, on any screen, opens the dossier lookup."""
    live = LiveCatalogue(bridge, finder, timings)
    taker = TicketTaker(bridge, printer)
    flow = KioskFlow(live, taker, timeouts)
    window = KioskWindow(flow)
    scanner = ScanWedge(wedge)
    scanner.scanned.connect(flow.look_up_dossier)
    scanner.install()
    return Kiosk(bridge, live, taker, flow, window, Heartbeat(bridge, printer), scanner)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="luot-kiosk", description="Lượt kiosk: the touchscreen where citizens take a ticket."
    )
    parser.add_argument("--core", help="the core's URL (default: found on the LAN by zeroconf)")
    parser.add_argument(
        "--printer",
        default=os.environ.get("LUOT_PRINTER"),
        help="the ticket printer's URL, e.g. tcp://192.168.1.50:9100 or preview:///tmp/tickets"
        " (see docs/printing.md; default $LUOT_PRINTER)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen, no frame")
    parser.add_argument("--name", default="Kiosk", help="this kiosk's name when pairing")
    parser.add_argument("--discovery-timeout", type=float, default=3.0, help=argparse.SUPPRESS)
    add_demo_options(parser, pairs=True, autopilot=True)
    parser.add_argument(
        "--autopilot-service",
        action="append",
        default=[],
        metavar="ID",
        help="with --autopilot: a service it takes tickets for (repeat it: taken in turn)",
    )
    args = parser.parse_args(argv)
    if args.autopilot and not args.autopilot_service:
        parser.error("--autopilot needs at least one --autopilot-service")
    return args


def locate(args: argparse.Namespace, settings: DeviceSettings) -> tuple[str, Finder | None]:
    """The core's URL (said on stdout: found on the LAN or from the config) and, unless
    ``--core`` was given, how to look for it again later."""
    found = find_core(args.core, settings.core_url, args.discovery_timeout)
    if found.via is Via.ZEROCONF:
        print(tr("core_found_zeroconf", name=found.name or found.url))
    else:
        print(tr("core_from_config", url=found.url))
    if found.url != settings.core_url:
        save_settings(APP, replace(settings, core_url=found.url))
    return found.url, None if args.core else finder_from(found.url, args.discovery_timeout)


def open_printer(url: str | None) -> TicketPrinter | None:
    if not url:
        log.warning("no printer given (--printer): tickets are refused or shown on screen")
        return None
    return TicketPrinter(url)


def show(widget: QtWidgets.QWidget, fullscreen: bool) -> None:
    if fullscreen:
        widget.showFullScreen()
    else:
        widget.resize(*PORTRAIT)
        widget.show()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    log_to_stderr()
    app = QtWidgets.QApplication(sys.argv[:1])
    theme.apply(app)
    quit_on_signals(app)
    settings = load_settings(APP)
    try:
        url, finder = locate(args, settings)
        printer = open_printer(args.printer)
    except (CoreError, PrinterError) as error:
        print(f"luot-kiosk: {error}", file=sys.stderr)
        return 2
    bridge = CoreBridge(url, settings.token)
    demo = DemoOptions.of(args)
    hooks = DemoHooks(demo)
    kiosks: list[Kiosk] = []
    pilots: list[KioskAutopilot] = []

    def run() -> None:
        kiosk = build(bridge, printer, finder=finder)
        kiosks.append(kiosk)
        show(kiosk.window, args.fullscreen)
        kiosk.start()
        hooks.at_work(kiosk.window)
        if demo.autopilot_s:
            pilots.append(KioskAutopilot(kiosk.flow, args.autopilot_service, demo.autopilot_s))
            pilots[-1].start()

    if settings.token is None:
        model = PairingViewModel(bridge, APP, load_settings(APP), args.name)
        pairing = PairingScreen(model)

        def paired(_token: str) -> None:
            pairing.close()
            run()

        model.paired.connect(paired)
        start_pairing(model, lambda: show(pairing, args.fullscreen), demo.pair_code)
    else:
        run()
    code = app.exec()
    hooks.stop()
    for pilot in pilots:
        pilot.stop()
    for kiosk in kiosks:
        kiosk.close()
    bridge.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
