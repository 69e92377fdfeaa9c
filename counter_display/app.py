"""`luot-counter` and `luot-counter-display`: their command lines and their parts (the clerk's
panel, the counter's display, the LED line), started by the one start-up (``ui_common.app``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from counter_display.display import SIZE as DISPLAY_SIZE
from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.led import LedDisplay
from counter_display.live import CounterRead, counter_connection
from counter_display.panel import PanelWindow
from counter_display.panel_model import PanelViewModel
from ui_common.app import AppSpec, AppStart, Attach, Device, StartOptions, add_start_options
from ui_common.live import LiveConnection
from ui_common.texts import Lang

__all__ = [
    "CounterDisplay",
    "CounterPanel",
    "attach_led",
    "display_parser",
    "launch_display",
    "launch_panel",
    "main_display",
    "main_panel",
    "panel_parser",
]


def attach_led(model: DisplayViewModel, url: str) -> LedDisplay:
    """Send each call and recall of the display's counter to an LED line display."""
    led = LedDisplay.from_url(url)
    model.announced.connect(lambda number: led.show_call(number, model.counter))
    return led


@dataclass
class CounterPanel:
    """The clerk's panel at work; with ``--display`` the counter's display beside it, on the
    same connection; with ``--led`` the LED line."""

    live: LiveConnection[CounterRead]
    model: PanelViewModel
    window: PanelWindow
    display: DisplayViewModel | None = None
    display_window: DisplayWindow | None = None
    led: LedDisplay | None = None

    def start(self) -> None:
        if self.display_window is not None:
            self.display_window.show()
        self.model.reload()  # the first read opens the stream, for the display too

    def close(self) -> None:
        if self.led is not None:
            self.led.close()
        if self.display is not None:
            self.display.stop()
        self.model.stop()
        self.live.stop()


@dataclass
class CounterDisplay:
    """The counter's display at work, and its LED line (``--led``)."""

    model: DisplayViewModel
    window: DisplayWindow
    led: LedDisplay | None = None

    def start(self) -> None:
        self.model.reload()

    def close(self) -> None:
        if self.led is not None:
            self.led.close()
        self.model.stop()


def _counter_options(parser: argparse.ArgumentParser, counter_help: str, *, pairs: bool) -> None:
    parser.add_argument("--counter", type=int, required=True, help=counter_help)
    add_start_options(parser, pairs=pairs)
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.VI.value)


def panel_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="luot-counter", description=main_panel.__doc__)
    _counter_options(parser, "this counter's number", pairs=True)
    parser.add_argument(
        "--display", action="store_true", help="also open the counter-facing display window"
    )
    parser.add_argument("--led", help="an LED line display, e.g. serial:///dev/ttyUSB1?framing=stx")
    return parser


def launch_panel(args: argparse.Namespace, attach: Attach[CounterPanel] | None = None) -> int:
    """The clerk's panel as ``args`` say, through the one start-up (``attach``: see there)."""
    counter, lang = args.counter, Lang(args.lang)
    # the panel pairs at first start as a counter device: its stream listens with the
    # device's token, signed in or not; a clerk's session only carries the clerk's presses
    spec = AppSpec(
        "luot-counter",
        f"counter-{counter}",
        base_pixel_size=24,
        pair_as=f"Counter {counter} panel",
        lang=lang,
    )
    start = AppStart(spec, StartOptions.of(args))

    def parts(device: Device) -> CounterPanel:
        live = counter_connection(device.bridge)
        model = PanelViewModel(device.bridge, counter, lang, live=live)
        panel = CounterPanel(live, model, PanelWindow(model))
        if args.display or args.led:
            # beside the panel, on the clerk's session: it shows the number but asks no
            # rating (only a display paired to the counter rates: luot-counter-display)
            panel.display = DisplayViewModel(device.bridge, counter, lang, live=live, rates=False)
            if args.display:
                panel.display_window = DisplayWindow(panel.display)
            if args.led:
                panel.led = attach_led(panel.display, args.led)
        return panel

    return start.run(parts, attach)


def main_panel(argv: Sequence[str] | None = None) -> int:
    """``luot-counter --counter N [--core URL] [--lang en] [--display] [--led URL]``."""
    return launch_panel(panel_parser().parse_args(argv))


def display_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="luot-counter-display", description=main_display.__doc__)
    _counter_options(parser, "the counter it faces", pairs=True)
    parser.add_argument("--led", help="an LED line display, e.g. serial:///dev/ttyUSB1?framing=stx")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    return parser


def launch_display(args: argparse.Namespace, attach: Attach[CounterDisplay] | None = None) -> int:
    """The counter's display as ``args`` say, through the one start-up; it pairs as this
    counter's display at first start (``attach``: see there)."""
    counter, lang = args.counter, Lang(args.lang)
    spec = AppSpec(
        "luot-counter-display",
        f"counter-display-{counter}",
        base_pixel_size=24,
        size=DISPLAY_SIZE,
        pair_as=f"Counter {counter} display",
        compact_pairing=True,
        lang=lang,
    )
    start = AppStart(spec, StartOptions.of(args, fullscreen=not args.windowed))

    def parts(device: Device) -> CounterDisplay:
        model = DisplayViewModel(device.bridge, counter, lang)
        led = attach_led(model, args.led) if args.led else None
        return CounterDisplay(model, DisplayWindow(model), led)

    return start.run(parts, attach)


def main_display(argv: Sequence[str] | None = None) -> int:
    """``luot-counter-display --counter N [--core URL] [--lang en] [--led URL] [--windowed]``."""
    return launch_display(display_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main_panel())
