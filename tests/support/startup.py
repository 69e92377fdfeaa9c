"""An app run through the one start-up (``ui_common.app``) inside the test's process, as its
``main`` runs it, until the test sees what it waits for; and what the core and its console then
say of the app's device."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import ui_common.app
from harness.server import DEFAULT_STAFF
from queue_core.store import Device, DeviceRole, create_pairing_code, list_devices, pair_device
from tests.queue_core.console.conftest import log_in
from tests.support.server import CoreServer
from ui_common.device import DeviceSettings, save_settings
from ui_common.qt import QObject, QTimer, QtWidgets

__all__ = [
    "FAST_CONSOLE",
    "Started",
    "console_health",
    "device",
    "paired_long_ago",
    "raised_alerts",
    "run_started",
]

FAST_CONSOLE = "\n[console]\ncheck_seconds = 1\n"
"""The core's checker every second: a device's alert is raised and cleared within seconds."""

POLL_MS = 50
DEADLINE_MS = 30_000
"""How long the app may take to get there before the test stops it (and fails)."""

Launch = Callable[..., int]
"""An app's ``launch(args, attach)``: what its ``main`` calls."""


@dataclass
class Started:
    """How the app's run ended: its exit status, whether the test saw what it waited for, and
    its parts (their windows still to close)."""

    code: int = -1
    seen: bool = False
    parts: list[Any] = field(default_factory=list)


class _Watch(QObject):
    """Attached to the app's parts by the start-up: quits Qt's loop once ``until()`` holds, or
    at the deadline."""

    def __init__(self, parts: Any, until: Callable[[], bool], started: Started) -> None:
        super().__init__()
        self.until, self.started = until, started
        started.parts.append(parts)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check)
        self.poll.start()
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self.quit)
        self.deadline.start(DEADLINE_MS)

    def check(self) -> None:
        if self.until():
            self.started.seen = True
            self.quit()

    def quit(self) -> None:
        self.stop()  # once: a second Quit, left queued after Qt's loop returned, would end
        # every event loop the next test opens (qtbot's waits) at once
        QtWidgets.QApplication.quit()

    def stop(self) -> None:
        self.poll.stop()
        self.deadline.stop()


def run_started(
    launch: Launch,
    args: argparse.Namespace,
    until: Callable[[], bool],
    monkeypatch: pytest.MonkeyPatch,
) -> Started:
    """Run the app as ``launch`` does (find the core, pair if need be, build, start, Qt's loop,
    close), stopped once ``until()`` holds. The process's logging and signal handlers stay the
    test runner's (the start-up would take them over), and its look is put back after."""
    monkeypatch.setattr(ui_common.app, "log_to_stderr", lambda: None)
    monkeypatch.setattr(ui_common.app, "quit_on_signals", lambda _app: None)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    font, style = app.font(), app.styleSheet()
    started = Started()
    # the test closes the app's windows after Qt's loop: the last one closed would post a Quit
    # that ends every event loop the next test opens
    quits_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        started.code = launch(args, lambda parts: _Watch(parts, until, started))
    finally:
        app.setFont(font)
        app.setStyleSheet(style)
        for parts in started.parts:
            for window in (getattr(parts, "window", None), getattr(parts, "display_window", None)):
                if window is not None:
                    window.close()
                    window.deleteLater()
        app.setQuitOnLastWindowClosed(quits_on_close)
    return started


def paired_long_ago(
    core: CoreServer, role: DeviceRole, name: str, settings: str, minutes: int = 10
) -> int:
    """A device paired ``minutes`` ago and never heard from since (lost, by now), its token kept
    in the app's ``settings`` as its pairing would have: the app starts already paired."""
    at = datetime.now(UTC) - timedelta(minutes=minutes)
    store = core.store()
    try:
        with store.transaction() as conn:
            code, _ = create_pairing_code(conn, role, name, at)
            token, paired = pair_device(conn, code, name, at)
    finally:
        store.close()
    save_settings(settings, DeviceSettings(core.base_url, token, str(paired.id), name))
    return paired.id


def device(core: CoreServer, device_id: int) -> Device:
    """The device's row as the core keeps it."""
    store = core.store()
    try:
        return next(d for d in list_devices(store.conn) if d.id == device_id)
    finally:
        store.close()


def console_health(core: CoreServer) -> dict[str, str]:
    """Each device's status on the console's device list (``/console/devices``), by name, as
    the tests' supervisor ``boss`` sees it."""
    pin = next(pin for username, pin, _role in DEFAULT_STAFF if username == "boss")
    with httpx.Client(base_url=core.base_url, timeout=10) as boss:
        assert log_in(boss, "boss", pin).status_code == 303
        page = boss.get("/console/fragment/devices")
    assert page.status_code == 200
    rows = re.findall(
        r'<tr id="device-\d+" class="[^"]*" data-health="([a-z_]+)">\s*<td><b>([^<]+)</b>',
        page.text,
    )
    return {name: health for health, name in rows}


def raised_alerts(core: CoreServer) -> set[str]:
    """The keys of the alerts the core holds raised."""
    store = core.store()
    try:
        return {alert["key"] for alert in store.raised_alerts()}
    finally:
        store.close()
