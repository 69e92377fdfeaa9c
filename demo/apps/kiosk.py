"""The demo hall's kiosk: ``luot-kiosk`` with the demo's hooks, and its autopilot (nobody taps,
so every few seconds a citizen takes a ticket, through the intents the kiosk's own taps call:
home, the agency, the service)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from demo.apps.hooks import DemoHooks, DemoOptions, add_demo_options
from kiosk.app import Kiosk, launch, parser
from kiosk.flow import KioskFlow, Screen
from ui_common.qt import QObject, QTimer

__all__ = ["KioskAutopilot", "main"]

FIRST_MS = 3000
"""The first citizen comes soon after the start (and again each second until the kiosk can
take a ticket), not a whole period later."""


class KioskAutopilot(QObject):
    """Takes a ticket for each of ``services`` in turn, every ``every_s`` seconds."""

    def __init__(
        self,
        flow: KioskFlow,
        services: Sequence[str],
        every_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not services:
            raise ValueError("the kiosk's autopilot needs at least one service")
        self.flow, self.services = flow, tuple(services)
        self.taken = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(200, round(every_s * 1000)))
        self._timer.timeout.connect(self.step)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(min(FIRST_MS, self._timer.interval()))
        self._first.timeout.connect(self._first_step)

    def start(self) -> None:
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()

    def _first_step(self) -> None:
        if not self.step():
            self._first.start(1000)

    def step(self) -> bool:
        """One citizen's taps; False (nothing tapped) while the kiosk cannot take a ticket."""
        flow = self.flow
        if flow.screen is Screen.PRINTING or not flow.can_take:
            return False
        service = flow.live.catalogue.service(self.services[self.taken % len(self.services)])
        self.taken += 1
        if service is None:
            return False
        flow.home()
        flow.open_agency(service.agency_id)
        flow.choose_service(service.id)
        return flow.screen is Screen.PRINTING


def main(argv: Sequence[str] | None = None) -> int:
    """``luot-kiosk``'s options, and the demo's: ``--autopilot S --autopilot-service ID…``."""
    options = parser()
    add_demo_options(options, autopilot=True)
    options.add_argument(
        "--autopilot-service",
        action="append",
        default=[],
        metavar="ID",
        help="with --autopilot: a service it takes tickets for (repeat it: taken in turn)",
    )
    args = options.parse_args(argv)
    if args.autopilot and not args.autopilot_service:
        options.error("--autopilot needs at least one --autopilot-service")
    demo = DemoOptions.of(args)

    def attach(kiosk: Kiosk) -> DemoHooks:
        hooks = DemoHooks(demo)
        every = demo.autopilot_s
        pilot = KioskAutopilot(kiosk.flow, args.autopilot_service, every) if every else None
        hooks.at_work(kiosk.window, pilot)
        return hooks

    return launch(args, attach)


if __name__ == "__main__":
    sys.exit(main())
