"""`luot-kiosk [--core URL] [--printer URL] [--fullscreen] [--voice DIR]`: the kiosk's parts,
started by the one start-up (``ui_common.app``); `luot-kiosk voicepack ...` (kiosk.voice)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.flow import KioskFlow, Timeouts
from kiosk.guide import Speaker, VoiceGuide
from kiosk.live import LiveCatalogue
from kiosk.printer_state import printer_state
from kiosk.taking import PrinterSeam, TicketTaker
from kiosk.voice import (
    EspeakSpeaker,
    add_voice_options,
    load_recorded,
    voice_folder,
    voicepack_command,
)
from kiosk.wedge import ScanWedge, WedgeTimings
from kiosk.widgets import KioskWindow
from printers import PrinterError, TicketPrinter
from ui_common.app import AppSpec, AppStart, Attach, Device, StartOptions, add_start_options
from ui_common.bridge import CoreBridge
from ui_common.live import Finder
from ui_common.timings import TIMINGS, Timings
from ui_common.voicepack import VoicePackError

__all__ = ["APP", "Kiosk", "build", "launch", "main", "parser"]

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
    wedge: ScanWedge
    guide: VoiceGuide

    def start(self) -> None:
        self.live.start()

    def close(self) -> None:
        self.guide.speaker.close()
        self.wedge.remove()
        self.window.close()
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
    speaker: Speaker | None = None,
) -> Kiosk:
    """The kiosk's view-models and window over ``bridge`` and ``printer`` (not started);
    a scanner's code, on any screen, opens the dossier lookup; voice guidance speaks through
    ``speaker`` (espeak-ng and the audio output by default)."""
    live = LiveCatalogue(bridge, finder, timings)
    taker = TicketTaker(bridge, printer)
    flow = KioskFlow(live, taker, timeouts)
    window = KioskWindow(flow)
    scanner = ScanWedge(wedge)
    scanner.scanned.connect(flow.scanned)
    scanner.install()
    said = speaker if speaker is not None else EspeakSpeaker()
    guide = VoiceGuide(flow, window.describe, window.focus_shown, said, flow)
    return Kiosk(bridge, live, taker, flow, window, scanner, guide)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luot-kiosk", description="Lượt kiosk: the touchscreen where citizens take a ticket."
    )
    add_start_options(parser, pairs=True)
    parser.add_argument(
        "--printer",
        default=os.environ.get("LUOT_PRINTER"),
        help="the ticket printer's URL, e.g. tcp://192.168.1.50:9100 or preview:///tmp/tickets"
        " (see docs/printing.md; default $LUOT_PRINTER)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen, no frame")
    parser.add_argument("--name", default="Kiosk", help="this kiosk's name when pairing")
    add_voice_options(parser)
    return parser


def open_printer(url: str | None) -> TicketPrinter | None:
    if not url:
        log.warning("no printer given (--printer): tickets are refused or shown on screen")
        return None
    return TicketPrinter(url)


def launch(args: argparse.Namespace, attach: Attach[Kiosk] | None = None) -> int:
    """The kiosk as ``args`` say, through the one start-up; ``attach``: see ui_common.app."""
    if args.command == "voicepack":
        return voicepack_command(args)
    spec = AppSpec("luot-kiosk", APP, size=PORTRAIT, pair_as=args.name)
    start = AppStart(spec, StartOptions.of(args, fullscreen=args.fullscreen))
    try:
        printer = open_printer(args.printer)
        folder = voice_folder(args)
        recorded = load_recorded(folder) if folder is not None else {}
    except (PrinterError, VoicePackError) as error:
        return start.fail(error)

    def parts(device: Device) -> Kiosk:
        speaker = EspeakSpeaker(recorded=recorded)
        return build(device.bridge, printer, finder=device.finder, speaker=speaker)

    # the printer's state rides on the start-up's heartbeat: the console and doctor judge it
    return start.run(parts, attach, printer=printer_state(printer))


def main(argv: Sequence[str] | None = None) -> int:
    return launch(parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
