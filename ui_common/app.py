"""An app's start-up, written once: Qt, the look, the signals, the logs, the settings, the core
(and its certificate, for a TLS core), pairing, then the app's own window and a paired app's
heartbeat; and an orderly close.

Each app's entry point makes an ``AppStart`` with its ``AppSpec`` and its command line's
``StartOptions``, then ``run``s it with the function that builds its parts (``AppParts``)
over the ``Device`` the start-up made (and, a kiosk, with how its printer's state is asked).
Whatever must also run beside the app (the demo hall's hooks) is ``attach``ed to the parts once
they are at work, and stopped first at the close.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from queue_core.client import CoreError, Discovered, Trust, is_tls
from ui_common.bridge import CoreBridge
from ui_common.connect import DEFAULT_CORE, find_core, finder_from
from ui_common.device import DeviceSettings, load_settings, save_settings
from ui_common.heartbeat import Heartbeat, PrinterState
from ui_common.live import Finder
from ui_common.logs import log_to_stderr
from ui_common.pairing import PairingScreen, PairingViewModel, start_pairing
from ui_common.qt import QtWidgets
from ui_common.quitting import quit_on_signals
from ui_common.texts import Lang
from ui_common.theme import apply, load_fonts
from ui_common.trust import TrustKeeper, trusted_at_start

__all__ = [
    "AppParts",
    "AppSpec",
    "AppStart",
    "Attach",
    "Attached",
    "Device",
    "StartOptions",
    "add_start_options",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppSpec:
    """What an app tells the start-up about itself."""

    program: str
    """Its command's name (``luot-kiosk``): the Qt application's, and its messages' prefix."""
    settings: str
    """The name of its settings file (``kiosk``, ``counter-3``…): one per device role."""
    base_pixel_size: int | None = 28
    """The base type size of the shared theme; None: the fonts only, the app draws its own
    ground and type (the hall board)."""
    size: tuple[int, int] | None = None
    """The window's size when not full screen (the pairing screen's too); None: its own."""
    pair_as: str | None = None
    """The device's name when it pairs at first start; None: it never pairs. A paired app
    sends its heartbeat (``ui_common.heartbeat``) while it runs."""
    compact_pairing: bool = False
    """The pairing keypad laid out for a 1280×720 screen (the counter's display)."""
    lang: Lang = Lang.VI
    """The pairing screen's language."""


@dataclass(frozen=True)
class StartOptions:
    """What the command line says about starting: where the core is, pairing, the screen."""

    core: str | None = None
    pair_code: str | None = None
    fullscreen: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace, *, fullscreen: bool = False) -> StartOptions:
        return cls(args.core, getattr(args, "pair_code", None), fullscreen)


def add_start_options(parser: argparse.ArgumentParser, *, pairs: bool = False) -> None:
    """``--core``, and for an app that pairs ``--pair-code`` (provisioning without the keypad)."""
    parser.add_argument(
        "--core",
        metavar="URL",
        help=f"the core's URL (default: found on the LAN, else the settings, else {DEFAULT_CORE})",
    )
    if pairs:
        parser.add_argument(
            "--pair-code",
            metavar="CODE",
            help="exchange this pairing code (from `luot-core pair`) at first start instead of "
            "asking for one on the keypad; the keypad shows if it is refused",
        )


@dataclass(frozen=True)
class Device:
    """What the start-up hands an app's builder."""

    bridge: CoreBridge
    settings: DeviceSettings
    found: Discovered
    """Where the core was found, and how."""
    finder: Finder | None
    """How to look for the core again should it move; None when ``--core`` named it."""


class AppParts(Protocol):
    """An app's running parts, as the start-up drives them."""

    @property
    def window(self) -> QtWidgets.QWidget: ...

    def start(self) -> None:
        """Begin work (read the core, follow its events); the window is shown already."""

    def close(self) -> None:
        """Stop and let go of everything but the bridge, which the start-up closes after."""


class Attached(Protocol):
    """Something attached to a running app; stopped before the app closes."""

    def stop(self) -> None: ...


A = TypeVar("A", bound=AppParts)
Build = Callable[[Device], A]
Attach = Callable[[A], Attached]


class AppStart:
    """The process's Qt application with the logs, the look and the signals set up; ``run``
    then finds the core, pairs if need be, builds the app and runs it to its close."""

    def __init__(self, spec: AppSpec, options: StartOptions) -> None:
        self.spec, self.options = spec, options
        log_to_stderr()
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([spec.program])
        assert isinstance(app, QtWidgets.QApplication)
        self.app = app
        if spec.base_pixel_size is None:
            load_fonts()
        else:
            apply(app, spec.base_pixel_size)
        quit_on_signals(app)
        self.settings = load_settings(spec.settings)

    def fail(self, error: Exception) -> int:
        """Say why the app cannot start; its exit status."""
        print(f"{self.spec.program}: {error}", file=sys.stderr)
        return 2

    def run(
        self,
        build: Build[A],
        attach: Attach[A] | None = None,
        *,
        printer: PrinterState | None = None,
    ) -> int:
        """Find the core, learn its certificate at the first contact with a TLS core, pair when
        the device has no token yet, build and show the app, start its heartbeat (carrying what
        ``printer`` says of the app's printer, a kiosk's), run Qt's loop until the app is asked
        to quit, then close everything in order."""
        settings = self.settings
        found = find_core(self.options.core, settings.core_url, trust=Trust(settings.certificates))
        if found.url != settings.core_url:
            settings = replace(settings, core_url=found.url)
            save_settings(self.spec.settings, settings)
        try:
            settings = trusted_at_start(self.spec.settings, settings, found)
        except CoreError as error:
            return self.fail(error)
        bridge = CoreBridge(found.url, settings.token, trust=Trust(settings.certificates))
        finder = None
        if not self.options.core:
            finder = finder_from(found.url, trust=lambda: bridge.trust)
        device = Device(bridge, settings, found, finder)
        running = _Running(self, device, build, attach, printer)
        try:
            if self.spec.pair_as is not None and settings.token is None:
                running.pair(self.spec.pair_as)
            else:
                running.begin()
            return int(self.app.exec())
        finally:
            running.close()

    def show(self, window: QtWidgets.QWidget) -> None:
        if self.options.fullscreen:
            window.showFullScreen()
            return
        if self.spec.size is not None:
            window.resize(*self.spec.size)
        window.show()


class _Running(Generic[A]):
    """One app between its start and its close: the pairing screen, then its parts."""

    def __init__(
        self,
        start: AppStart,
        device: Device,
        build: Build[A],
        attach: Attach[A] | None,
        printer: PrinterState | None = None,
    ) -> None:
        self.start, self.device, self.build, self.attach = start, device, build, attach
        self.printer = printer
        self.pairing: PairingScreen | None = None
        self.parts: A | None = None
        self.attached: Attached | None = None
        self.keeper: TrustKeeper | None = None
        """Keeps the core's certificate through a rotation (a TLS core only)."""
        self.heartbeat: Heartbeat | None = None
        """Tells the core this device is alive (a paired app only)."""

    def pair(self, name: str) -> None:
        spec, bridge = self.start.spec, self.device.bridge
        model = PairingViewModel(bridge, spec.settings, self.device.settings, name)
        self.pairing = PairingScreen(model, spec.lang, compact=spec.compact_pairing)
        model.paired.connect(self._paired)
        start_pairing(model, self._show_pairing, self.start.options.pair_code)

    def _show_pairing(self) -> None:
        if self.pairing is not None:
            self.start.show(self.pairing)

    def _paired(self, _token: str) -> None:
        self.begin()  # the app's window first: closing the last one shown would end Qt's loop
        if self.pairing is not None:
            self.pairing.close()
            self.pairing.deleteLater()
            self.pairing = None

    def begin(self) -> None:
        parts = self.parts = self.build(self.device)
        self.start.show(parts.window)
        parts.start()
        bridge = self.device.bridge
        if self.start.spec.pair_as is not None:
            self.heartbeat = Heartbeat(bridge, self.printer)
            self.heartbeat.start()
        if is_tls(bridge.base_url):
            self.keeper = TrustKeeper(bridge, self.start.spec.settings)
            self.keeper.start()
        if self.attach is not None:
            self.attached = self.attach(parts)

    def close(self) -> None:
        if self.heartbeat is not None:  # first: it may be asking the app's printer
            self.heartbeat.stop()
        if self.keeper is not None:
            self.keeper.stop()
        if self.attached is not None:
            self.attached.stop()
        if self.parts is not None:
            self.parts.close()
        if self.pairing is not None:
            self.pairing.close()
        self.device.bridge.close()
