"""The demo hall's plan: its files under one folder, and each process with its arguments."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from demo.children import Child
from demo.database import CLERKS
from harness.child import LOOPBACK, serve_command

__all__ = ["AUTOPILOT_SERVICES", "LOOPBACK", "Hall", "Pace"]

AUTOPILOT_SERVICES = ("stp-lltp", "stp-chungthuc")
"""Services of the sample site that counters 1 and 2 both serve."""


@dataclass(frozen=True)
class Pace:
    """How often each app saves its window (headless) and the autopilot presses."""

    shot_every_s: float = 5.0
    ticket_every_s: float = 20.0
    """The kiosk's autopilot takes a ticket this often."""
    press_every_s: float = 6.0
    """Each counter's autopilot presses start, finish or next this often."""


@dataclass(frozen=True)
class Hall:
    var: Path
    port: int
    headless: bool
    autopilot: bool
    pace: Pace = Pace()
    timezone: str = ""
    """The apps' clocks show the site's time, as a centre's machines would (``TZ``)."""

    # --- where things go ---------------------------------------------------------------------

    @property
    def db(self) -> Path:
        return self.var / "luot.db"

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def tickets(self) -> Path:
        return self.var / "tickets"

    @property
    def shots(self) -> Path:
        return self.var / "shots"

    @property
    def logs(self) -> Path:
        return self.var / "logs"

    @property
    def config(self) -> Path:
        return self.var / "config"

    @property
    def site_folder(self) -> Path:
        return self.var / "site"

    def shot(self, name: str) -> Path:
        return self.shots / f"{name}.png"

    # --- the processes ------------------------------------------------------------------------

    def _env(self, name: str) -> dict[str, str]:
        env = {"PYTHONUNBUFFERED": "1", "LUOT_MDNS_INTERFACES": LOOPBACK}
        if name != "core":
            env["LUOT_CONFIG_DIR"] = str(self.config / name)
            if self.timezone:
                env["TZ"] = self.timezone
        if self.headless:
            env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def _child(self, name: str, title: str, entry: str, *args: str) -> Child:
        """An app of the hall, started by its demo entry (``demo.apps``, ``module:function``):
        the app's own command line and the demo's hooks, so it says when it is at work, and
        headless it takes screenshots."""
        ready = self.var / "run" / f"{name}.ready"
        demo = ["--ready-file", str(ready)]
        if self.headless:
            demo += ["--shots", str(self.shot(name)), "--shot-every", f"{self.pace.shot_every_s:g}"]
        module, function = entry.split(":")
        start = f"import sys; from {module} import {function}; sys.exit({function}())"
        argv = (sys.executable, "-c", start, *args, *demo)
        return Child(name, title, argv, self.logs / f"{name}.log", self._env(name), ready)

    def core(self) -> Child:
        argv = tuple(serve_command(self.db, self.port, mdns=True))
        return Child("core", "the queue core", argv, self.logs / "core.log", self._env("core"))

    def kiosk(self, pair_code: str) -> Child:
        args = ["--name", "Kiosk sảnh (demo)", "--printer", f"preview://{self.tickets}"]
        args += ["--pair-code", pair_code]
        if self.autopilot:
            args += ["--autopilot", f"{self.pace.ticket_every_s:g}"]
            for service in AUTOPILOT_SERVICES:
                args += ["--autopilot-service", service]
        return self._child("kiosk", "the kiosk", "demo.apps.kiosk:main", *args)

    def counter(self, number: int, pair_code: str) -> Child:
        clerk = next(c for c in CLERKS if c.counter == number)
        args = ["--counter", str(number), "--demo-clerk", f"{clerk.username}:{clerk.pin}"]
        args += ["--pair-code", pair_code]
        if self.autopilot:
            args += ["--autopilot", f"{self.pace.press_every_s:g}"]
        name = f"counter-{number}"
        return self._child(name, f"the clerk's panel of counter {number}",
                           "demo.apps.counter:main_panel", *args)  # fmt: skip

    def display(self, number: int, pair_code: str) -> Child:
        args = ["--counter", str(number), "--windowed", "--pair-code", pair_code]
        return self._child(f"display-{number}", f"the display of counter {number}",
                           "demo.apps.counter:main_display", *args)  # fmt: skip

    def board(self, pair_code: str) -> Child:
        args = ["--pair-code", pair_code, *(["--silent"] if self.headless else [])]
        return self._child("board", "the hall board", "demo.apps.board:main", *args)
