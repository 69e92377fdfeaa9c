"""Starting the counter's apps: the Qt application, finding the core, pairing, the LED line."""

from __future__ import annotations

import logging
from dataclasses import replace

from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.led import LedDisplay
from counter_display.panel import PanelWindow
from counter_display.panel_model import PanelViewModel
from ui_common.bridge import CoreBridge
from ui_common.connect import find_core
from ui_common.device import load_settings, save_settings
from ui_common.pairing import PairingScreen, PairingViewModel
from ui_common.qt import QtWidgets
from ui_common.texts import Lang
from ui_common.theme import apply

log = logging.getLogger(__name__)


def _application() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    apply(app, base_pixel_size=24)
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
    counter: int, core: str | None, lang: Lang, with_display: bool, led_url: str | None
) -> int:
    app = _application()
    bridge = CoreBridge(_core_url(f"counter-{counter}", core))
    model = PanelViewModel(bridge, counter, lang)
    window = PanelWindow(model)
    window.show()
    display_window: DisplayWindow | None = None
    led = None
    if with_display or led_url:
        display = DisplayViewModel(bridge, counter, lang, own_stream=False)
        display.reload()
        if with_display:
            display_window = DisplayWindow(display)
            display_window.show()
        if led_url:
            led = attach_led(display, led_url)
    model.reload()
    code = app.exec()
    if led is not None:
        led.close()
    bridge.close()
    return code


def run_display(
    counter: int, core: str | None, lang: Lang, led_url: str | None, windowed: bool
) -> int:
    app = _application()
    name = f"counter-display-{counter}"
    url = _core_url(name, core)
    settings = load_settings(name)
    bridge = CoreBridge(url, settings.token)
    display = DisplayViewModel(bridge, counter, lang)
    window = DisplayWindow(display)
    led = attach_led(display, led_url) if led_url else None
    stack = QtWidgets.QStackedWidget()
    stack.addWidget(window)
    if settings.token is None:  # first start: pair as this counter's display
        pairing = PairingViewModel(bridge, name, settings, f"Counter {counter} display")
        screen = PairingScreen(pairing, lang)
        stack.addWidget(screen)
        stack.setCurrentWidget(screen)

        def paired(_token: str) -> None:
            stack.setCurrentWidget(window)
            display.reload()

        pairing.paired.connect(paired)
    else:
        display.reload()
    stack.resize(1280, 720)
    if windowed:
        stack.show()
    else:
        stack.showFullScreen()
    code = app.exec()
    if led is not None:
        led.close()
    bridge.close()
    return code
