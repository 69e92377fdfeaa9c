"""The demo hall's counter: ``luot-counter`` with the demo's hooks, a demo clerk signed in at
once, and its autopilot (nobody sits at the panel, so every few seconds it presses the clerk's
next step: start the ticket called, finish the one served, call the next, through the panel's
own intents); ``luot-counter-display`` with the demo's hooks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from counter_display.app import (
    CounterDisplay,
    CounterPanel,
    display_parser,
    launch_display,
    launch_panel,
    panel_parser,
)
from counter_display.panel_model import PanelViewModel, SignIn
from counter_display.state import Action
from demo.apps.hooks import DemoHooks, DemoOptions, add_demo_options
from ui_common.qt import QObject, QTimer

__all__ = ["STEPS", "PanelAutopilot", "main_display", "main_panel"]

STEPS = (Action.START, Action.FINISH, Action.NEXT)
"""Tried in this order; the first one the panel enables now is pressed."""


class PanelAutopilot(QObject):
    def __init__(self, model: PanelViewModel, every_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.presses = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(200, round(every_s * 1000)))
        self._timer.timeout.connect(self.step)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def step(self) -> Action | None:
        for action in STEPS:
            if self.model.trigger(action):
                self.presses += 1
                return action
        return None


def main_panel(argv: Sequence[str] | None = None) -> int:
    """``luot-counter``'s options, and the demo's: ``--autopilot S``, ``--demo-clerk USER:PIN``."""
    parser = panel_parser()
    add_demo_options(parser, autopilot=True)
    parser.add_argument(
        "--demo-clerk",
        type=_clerk,
        metavar="USER:PIN",
        help="sign this clerk in at once, as if typed",
    )
    args = parser.parse_args(argv)
    demo = DemoOptions.of(args)

    def attach(panel: CounterPanel) -> DemoHooks:
        """At work once the clerk is signed in (at once without a clerk); then the autopilot."""
        hooks = DemoHooks(demo)
        model = panel.model
        pilot = PanelAutopilot(model, demo.autopilot_s) if demo.autopilot_s else None

        def signed_in() -> None:
            if model.sign_in is SignIn.SIGNED_IN:
                model.changed.disconnect(signed_in)
                hooks.at_work(panel.window, pilot)

        if args.demo_clerk is None:
            hooks.at_work(panel.window, pilot)
        else:
            model.changed.connect(signed_in)
            model.login(*args.demo_clerk)
        return hooks

    return launch_panel(args, attach)


def _clerk(text: str) -> tuple[str, str]:
    username, _, pin = text.partition(":")
    if not username or not pin:
        raise argparse.ArgumentTypeError(f"{text!r} is not USER:PIN")
    return username, pin


def main_display(argv: Sequence[str] | None = None) -> int:
    """``luot-counter-display``'s options, and the demo's."""
    parser = display_parser()
    add_demo_options(parser)
    args = parser.parse_args(argv)
    demo = DemoOptions.of(args)

    def attach(display: CounterDisplay) -> DemoHooks:
        hooks = DemoHooks(demo)
        hooks.at_work(display.window)
        return hooks

    return launch_display(args, attach)


if __name__ == "__main__":
    sys.exit(main_panel())
