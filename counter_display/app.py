"""`luot-counter` and `luot-counter-display`: their command lines, the Qt application, finding
the core, pairing, the LED line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace

from counter_display.autopilot import PanelAutopilot
from counter_display.display import SIZE as DISPLAY_SIZE
from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.led import LedDisplay
from counter_display.panel import PanelWindow
from counter_display.panel_model import PanelViewModel, SignIn
from ui_common.bridge import CoreBridge
from ui_common.connect import find_core
from ui_common.demo import DemoHooks, DemoOptions, add_demo_options
from ui_common.device import load_settings, save_settings
from ui_common.logs import log_to_stderr
from ui_common.pairing import PairingScreen, PairingViewModel, start_pairing
from ui_common.qt import QtWidgets
from ui_common.quitting import quit_on_signals
from ui_common.texts import Lang
from ui_common.theme import apply

log = logging.getLogger(__name__)


def _application() -> QtWidgets.QApplication:
    log_to_stderr()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    apply(app, base_pixel_size=24)
    quit_on_signals(app)
    return app


def _core_url(app_name: str, override: str | None) -> str:
    settings = load_settings(app_name)
    found = find_core(override, settings.core_url)
    log.info("core at %s (%s)", found.url, found.via.value)
    if settings.core_url != found.url:
        save_settings(app_name, replace(settings, core_url=found.url))
    return found.url


def attach_led(model: DisplayViewModel, url: str) -> LedDisplay:
    """Send each call and recall of the display's counter to an LED line display."""
    led = LedDisplay.from_url(url)
    model.announced.connect(lambda number: led.show_call(number, model.counter))
    return led


def run_panel(
    counter: int,
    core: str | None,
    lang: Lang,
    with_display: bool,
    led_url: str | None,
    demo: DemoOptions | None = None,
    clerk: tuple[str, str] | None = None,
) -> int:
    """``clerk`` (username, PIN): signed in at once, as if typed (the demo hall's clerks)."""
    app = _application()
    bridge = CoreBridge(_core_url(f"counter-{counter}", core))
    model = PanelViewModel(bridge, counter, lang)
    window = PanelWindow(model)
    window.show()
    display_window: DisplayWindow | None = None
    led = None
    if with_display or led_url:
        display = DisplayViewModel(bridge, counter, lang, live=model.live)  # one connection
        display.reload()
        if with_display:
            display_window = DisplayWindow(display)
            display_window.show()
        if led_url:
            led = attach_led(display, led_url)
    model.reload()
    hooks, pilot = _demo_panel(model, window, demo or DemoOptions(), clerk)
    code = app.exec()
    hooks.stop()
    if pilot is not None:
        pilot.stop()
    if led is not None:
        led.close()
    bridge.close()
    return code


def _demo_panel(
    model: PanelViewModel,
    window: PanelWindow,
    demo: DemoOptions,
    clerk: tuple[str, str] | None,
) -> tuple[DemoHooks, PanelAutopilot | None]:
    """At work once the clerk is signed in (at once without ``clerk``); then the autopilot."""
    hooks = DemoHooks(demo)
    pilot = PanelAutopilot(model, demo.autopilot_s) if demo.autopilot_s else None

    def at_work() -> None:
        hooks.at_work(window)
        if pilot is not None:
            pilot.start()

    def signed_in() -> None:
        if model.sign_in is SignIn.SIGNED_IN:
            model.changed.disconnect(signed_in)
            at_work()

    if clerk is None:
        at_work()
    else:
        model.changed.connect(signed_in)
        model.login(*clerk)
    return hooks, pilot


def run_display(
    counter: int,
    core: str | None,
    lang: Lang,
    led_url: str | None,
    windowed: bool,
    demo: DemoOptions | None = None,
) -> int:
    app = _application()
    demo = demo or DemoOptions()
    name = f"counter-display-{counter}"
    url = _core_url(name, core)
    settings = load_settings(name)
    bridge = CoreBridge(url, settings.token)
    display = DisplayViewModel(bridge, counter, lang)
    window = DisplayWindow(display)
    led = attach_led(display, led_url) if led_url else None
    stack = QtWidgets.QStackedWidget()
    stack.addWidget(window)
    hooks = DemoHooks(demo)
    if settings.token is None:  # first start: pair as this counter's display
        pairing = PairingViewModel(bridge, name, settings, f"Counter {counter} display")
        screen = PairingScreen(pairing, lang, compact=True)
        stack.addWidget(screen)

        def paired(_token: str) -> None:
            stack.setCurrentWidget(window)
            stack.removeWidget(screen)  # a stack is as large as its largest page, even hidden
            screen.deleteLater()
            layout = stack.layout()
            if layout is not None:  # its minimum size, now the display's, before the resize
                layout.activate()
            if not stack.isFullScreen():
                stack.resize(*DISPLAY_SIZE)
            display.reload()
            hooks.at_work(stack)

        pairing.paired.connect(paired)
        start_pairing(pairing, lambda: stack.setCurrentWidget(screen), demo.pair_code)
    else:
        display.reload()
        hooks.at_work(stack)
    stack.resize(*DISPLAY_SIZE)
    if windowed:
        stack.show()
    else:
        stack.showFullScreen()
    code = app.exec()
    hooks.stop()
    if led is not None:
        led.close()
    bridge.close()
    return code


def main_panel(argv: Sequence[str] | None = None) -> int:
    """``luot-counter --counter N [--core URL] [--lang en] [--display] [--led URL]``."""
    parser = argparse.ArgumentParser(prog="luot-counter", description=main_panel.__doc__)
    parser.add_argument("--counter", type=int, required=True, help="this counter's number")
    parser.add_argument("--core", help="the core's URL (default: found on the LAN, or settings)")
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.VI.value)
    parser.add_argument(
        "--display", action="store_true", help="also open the counter-facing display window"
    )
    parser.add_argument("--led", help="an LED line display, e.g. serial:///dev/ttyUSB1?framing=stx")
    add_demo_options(parser, autopilot=True)
    parser.add_argument(
        "--demo-clerk",
        type=_clerk,
        metavar="USER:PIN",
        help="demo hall only: sign this clerk in at once, as if typed",
    )
    args = parser.parse_args(argv)
    return run_panel(
        args.counter,
        args.core,
        Lang(args.lang),
        args.display,
        args.led,
        DemoOptions.of(args),
        args.demo_clerk,
    )


def _clerk(text: str) -> tuple[str, str]:
    username, _, pin = text.partition(":")
    if not username or not pin:
        raise argparse.ArgumentTypeError(f"{text!r} is not USER:PIN")
    return username, pin


def main_display(argv: Sequence[str] | None = None) -> int:
    """``luot-counter-display --counter N [--core URL] [--lang en] [--led URL] [--windowed]``."""
    parser = argparse.ArgumentParser(prog="luot-counter-display", description=main_display.__doc__)
    parser.add_argument("--counter", type=int, required=True, help="the counter it faces")
    parser.add_argument("--core", help="the core's URL (default: found on the LAN, or settings)")
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.VI.value)
    parser.add_argument("--led", help="an LED line display, e.g. serial:///dev/ttyUSB1?framing=stx")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    add_demo_options(parser, pairs=True)
    args = parser.parse_args(argv)
    return run_display(
        args.counter, args.core, Lang(args.lang), args.led, args.windowed, DemoOptions.of(args)
    )


if __name__ == "__main__":
    sys.exit(main_panel())
