"""`luot-demo --headless` as a real process: the whole hall comes up on loopback, the kiosk's
autopilot takes a ticket that a counter calls, every app saves its window, the kiosk prints a
preview, and SIGINT stops every process cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from demo.launcher import READY_LINE
from harness.child import free_port
from queue_core.client import Board, CoreClient
from queue_core.domain import EventType

START_S = 90.0
WORK_S = 40.0
SIZES = {
    "board": (1920, 1080),
    "kiosk": (1080, 1920),
    "counter-1": (1280, 800),
    "counter-2": (1280, 800),
    "display-1": (1280, 720),
    "display-2": (1280, 720),
}
"""Each window's size, exactly: every screen fits the screen it runs on."""


class Launcher:
    """The launcher's process and every line it has printed so far."""

    def __init__(self, var: Path, port: int) -> None:
        self.var, self.url = var, f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "demo.launcher", "--var", str(var), "--port", str(port),
                "--headless", "--shot-every", "1", "--ticket-every", "2", "--press-every", "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def children(self) -> set[int]:
        found: set[int] = set()
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            found |= {int(pid) for pid in (task / "children").read_text().split()}
        return found

    def finish(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return code


def wait_for(what: str, ready: object, launcher: Launcher, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():  # type: ignore[operator]
        assert launcher.process.poll() is None, f"the launcher ended:\n{launcher.output}"
        assert time.monotonic() < deadline, f"no {what} in {timeout:g} s:\n{launcher.output}"
        time.sleep(0.2)


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[Launcher]:
    running = Launcher(tmp_path / "var", free_port())
    yield running
    if running.process.poll() is None:  # a failed test: still leave nothing behind
        running.process.send_signal(signal.SIGINT)
        running.finish(timeout=30)


def board(url: str) -> Board:
    async def read() -> Board:
        async with CoreClient(url) as client:
            return await client.board()

    return asyncio.run(read())


def a_kiosk_ticket_called_at_counter_1_or_2(url: str) -> bool:
    return any(
        call.ticket.channel == "kiosk" and call.counter in (1, 2)
        for call in board(url).recent_calls
        if call.kind is EventType.TICKET_CALLED
    )


def a_real_picture(path: Path, size: tuple[int, int]) -> bool:
    if not path.exists():
        return False
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(1 << 16)
        width, height = image.size
        return width >= size[0] and height >= size[1] and (colours is None or len(colours) > 20)


def test_the_hall_comes_up_works_and_stops_cleanly(launcher: Launcher) -> None:
    wait_for("ready block", lambda: READY_LINE in launcher.lines, launcher, START_S)
    out = launcher.output
    assert f"console      {launcher.url}/console  as demo.hoa, PIN 246810" in out
    children = launcher.children()
    assert len(children) == 7  # the core, the kiosk, two panels, two displays, the board

    wait_for("call", lambda: a_kiosk_ticket_called_at_counter_1_or_2(launcher.url),
             launcher, WORK_S)  # fmt: skip
    phone_page = f"{launcher.url}/t/"
    wait_for("phone page", lambda: phone_page in launcher.output, launcher, WORK_S)
    shots = launcher.var / "shots"
    for name, size in SIZES.items():
        wait_for(f"{name}.png", lambda n=name, s=size: a_real_picture(shots / f"{n}.png", s),
                 launcher, WORK_S)  # fmt: skip
    for name, size in SIZES.items():
        with Image.open(shots / f"{name}.png") as image:
            assert image.size == size, name
    assert list((launcher.var / "tickets").glob("ticket-1001-*.png"))
    logs = launcher.var / "logs"
    for name in ("counter-1", "display-2"):  # found by zeroconf, not from a URL given
        assert "(zeroconf)" in (logs / f"{name}.log").read_text(encoding="utf-8")

    launcher.process.send_signal(signal.SIGINT)
    assert launcher.finish(timeout=40) == 0, launcher.output
    out = launcher.output
    for name in ("core", "kiosk", "counter-1", "counter-2", "display-1", "display-2", "board"):
        assert f"  {name} ended" in launcher.lines, out
    assert "Traceback" not in out
    for log in logs.glob("*.log"):
        assert "Traceback" not in log.read_text(encoding="utf-8"), log.name
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
