"""The LED line display: its URL, its framing byte for byte, and a real pseudo-terminal that
receives the framed line on each call and recall of its counter."""

from __future__ import annotations

import os
import select
import tty
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from counter_display.app import attach_led
from counter_display.display_model import DisplayViewModel
from counter_display.led import Framing, LedError, LedSettings, ascii_text, frame
from counter_display.state import Action
from queue_core.client import ConnectionState
from tests.counter_display.conftest import WAIT, Hall, signed_in
from tests.support.server import CoreServer
from ui_common.bridge import CoreBridge


def test_the_url_selects_port_speed_and_framing() -> None:
    settings = LedSettings.from_url("serial:///dev/ttyUSB1?baudrate=19200&framing=stx&address=7")
    assert (settings.port, settings.baudrate, settings.framing, settings.address) == (
        "/dev/ttyUSB1",
        19200,
        Framing.STX,
        7,
    )
    assert LedSettings.from_url("serial:///dev/ttyS0").framing is Framing.LINE


@pytest.mark.parametrize(
    "url",
    [
        "tcp://10.0.0.5:9100",
        "serial:///dev/ttyUSB1?framing=morse",
        "serial:///dev/ttyUSB1?baud=9600",
        "serial:///dev/ttyUSB1?address=100",
    ],
)
def test_a_bad_url_is_refused_clearly(url: str) -> None:
    with pytest.raises(LedError):
        LedSettings.from_url(url)


def test_the_framings_byte_for_byte() -> None:
    line = LedSettings("/dev/null")
    assert frame("1023", line) == b"1023\r\n"
    stx = LedSettings("/dev/null", framing=Framing.STX, address=1)
    # STX, "01", "1023", ETX, XOR of "011023"+ETX = 0x02 as "02"
    assert frame("1023", stx) == b"\x02011023\x0302"
    wide = LedSettings("/dev/null", width=6)
    assert frame("1023", wide) == b"  1023\r\n"
    assert frame("Quầy số 5 – Đất đai", line) == b"Quay so 5 ? Dat dai\r\n"


def test_vietnamese_becomes_plain_ascii() -> None:
    assert ascii_text("Mời công dân số 1023 đến quầy 5") == "Moi cong dan so 1023 den quay 5"


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(master)
    path = os.ttyname(slave)
    yield master, path
    os.close(master)
    os.close(slave)


def read_bytes(qtbot: QtBot, master: int, count: int) -> bytes:
    """Read until ``count`` bytes came, with Qt's loop running meanwhile: the display hears
    of a call through the bridge's signals, which a blocking read would hold back."""
    data = bytearray()

    def arrived() -> None:
        while select.select([master], [], [], 0)[0]:
            data.extend(os.read(master, 1024))
        assert len(data) >= count, f"the display received only {bytes(data)!r}"

    qtbot.waitUntil(arrived, timeout=WAIT)
    return bytes(data)


def test_each_call_and_recall_reaches_the_led_line(
    qtbot: QtBot,
    bridge: CoreBridge,
    core_server: CoreServer,
    hall: Hall,
    pty_pair: tuple[int, str],
) -> None:
    master, path = pty_pair
    first, second = hall.issue("lltp", 2)
    display_bridge = CoreBridge(core_server.base_url, core_server.pair_device("counter"))
    display = DisplayViewModel(display_bridge, 1)
    led = attach_led(display, f"serial://{path}?framing=stx&address=5&text=Q{{counter}}:{{number}}")
    display.reload()
    qtbot.waitUntil(lambda: display_bridge.state is ConnectionState.CONNECTED, timeout=WAIT)
    model = signed_in(qtbot, bridge)
    for action in (Action.NEXT, Action.RECALL, Action.START, Action.NEXT):
        model.trigger(action)
        qtbot.waitUntil(lambda: model.busy is None, timeout=WAIT)
    settings = LedSettings.from_url(f"serial://{path}?framing=stx&address=5")
    texts = [f"Q1:{first['number']}", f"Q1:{first['number']}", f"Q1:{second['number']}"]
    expected = b"".join(frame(text, settings) for text in texts)
    assert expected.startswith(b"\x0205Q1:1001\x03")
    assert read_bytes(qtbot, master, len(expected)) == expected
    led.close()
    display.stop()
    display_bridge.close()
