"""What the demo launcher (``luot-demo``) asks of an app on its command line: its window saved
every few seconds, a mark once it is at work, the pace of its autopilot."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from demo.apps.shots import WindowShots
from ui_common.qt import QObject, QTimer, QtWidgets

__all__ = ["Autopilot", "DemoHooks", "DemoOptions", "add_demo_options"]

SETTLE_MS = 1500
"""From "at work" to the first screenshot and the ready mark: the first answers of the core
are drawn by then."""


@dataclass(frozen=True)
class DemoOptions:
    shots: Path | None = None
    shot_every_s: float = 5.0
    ready_file: Path | None = None
    autopilot_s: float | None = None

    @classmethod
    def of(cls, args: argparse.Namespace) -> DemoOptions:
        return cls(args.shots, args.shot_every, args.ready_file, getattr(args, "autopilot", None))


def add_demo_options(parser: argparse.ArgumentParser, *, autopilot: bool = False) -> None:
    """The demo's options, in a group of their own; ``autopilot``: the app has intents an
    autopilot can press (the kiosk, the clerk's panel)."""
    group = parser.add_argument_group("demo hall (luot-demo starts the apps with these)")
    group.add_argument(
        "--shots", type=Path, metavar="FILE.png", help="save the window to FILE.png, over and over"
    )
    group.add_argument(
        "--shot-every", type=float, default=5.0, metavar="S", help="seconds between --shots"
    )
    group.add_argument(
        "--ready-file",
        type=Path,
        metavar="FILE",
        help="create FILE once the app is at work (paired, signed in, its window drawn)",
    )
    if autopilot:
        group.add_argument(
            "--autopilot",
            type=float,
            metavar="S",
            help="nobody taps: press the demo's next intent every S seconds",
        )


class Autopilot(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class DemoHooks(QObject):
    """Started once, when the app is at work: its autopilot at once, then the screenshots
    and the ready mark; what ``attach`` gives the start-up, which stops it first."""

    def __init__(self, options: DemoOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.shots: WindowShots | None = None
        self.pilot: Autopilot | None = None
        self._window: QtWidgets.QWidget | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    def at_work(self, window: QtWidgets.QWidget, pilot: Autopilot | None = None) -> None:
        if self._window is not None:
            return
        self._window = window
        self._settle.start()
        if pilot is not None:
            self.pilot = pilot
            pilot.start()

    def _settled(self) -> None:
        assert self._window is not None
        if self.options.shots is not None:
            self.shots = WindowShots(self._window, self.options.shots, self.options.shot_every_s)
            self.shots.start()
        if self.options.ready_file is not None:
            self.options.ready_file.parent.mkdir(parents=True, exist_ok=True)
            self.options.ready_file.touch()

    def stop(self) -> None:
        self._settle.stop()
        if self.pilot is not None:
            self.pilot.stop()
        if self.shots is not None:
            self.shots.stop()
