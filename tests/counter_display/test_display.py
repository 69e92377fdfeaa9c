"""The counter-facing display against a real core: the call flashes, paused is said plainly,
who waits is shown; a finished ticket becomes the rating, stored once; no touch, no rating."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.rating import RatingLevels, RatingPhase, RatingViewModel
from counter_display.state import Action
from queue_core.client import ConnectionState
from tests.counter_display.conftest import PANELS, WAIT, Hall, signed_in
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core
from ui_common.bridge import CoreBridge
from ui_common.qt import Qt

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def display_bridge(core_server: CoreServer) -> Iterator[CoreBridge]:
    """The display's own bridge, with a counter device token (it rates tickets)."""
    bridge = CoreBridge(core_server.base_url, core_server.pair_device("counter-display", counter=1))
    yield bridge
    stop_displays()
    bridge.close()


DISPLAYS: list[DisplayViewModel] = []


def stop_displays() -> None:
    for display in DISPLAYS:
        display.stop()
    DISPLAYS.clear()


def start_display(
    qtbot: QtBot, bridge: CoreBridge, timeout_ms: int = 30_000
) -> tuple[DisplayViewModel, DisplayWindow]:
    rating = RatingViewModel(bridge, timeout_ms=timeout_ms, thanks_ms=60_000)
    model = DisplayViewModel(bridge, 1, rating=rating)
    DISPLAYS.append(model)
    window = DisplayWindow(model)
    qtbot.addWidget(window)
    model.reload()
    qtbot.waitUntil(lambda: bridge.state is ConnectionState.CONNECTED, timeout=WAIT)
    return model, window


def serve_one(qtbot: QtBot, bridge: CoreBridge) -> None:
    """Through the clerk's panel: next, start, finish."""
    panel = signed_in(qtbot, bridge)
    for action in (Action.NEXT, Action.START, Action.FINISH):
        assert panel.trigger(action), action
        qtbot.waitUntil(lambda: panel.busy is None, timeout=WAIT)


def test_a_call_flashes_the_number_and_the_waiting_follow(
    qtbot: QtBot, bridge: CoreBridge, display_bridge: CoreBridge, hall: Hall
) -> None:
    first, second = hall.issue("lltp", 2)
    model, window = start_display(qtbot, display_bridge)
    panel = signed_in(qtbot, bridge)  # opens the counter: between tickets, who waits is shown
    qtbot.waitUntil(lambda: second["number"] in window.number_page.waiting.text(), timeout=WAIT)
    assert first["number"] in window.number_page.waiting.text()
    with qtbot.waitSignal(model.flash, timeout=WAIT):
        panel.trigger(Action.NEXT)
    assert window.number_page.number.text() == first["number"]
    assert window.number_page.flashing
    qtbot.waitUntil(lambda: "Lan" in window.number_page.clerk.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: panel.busy is None, timeout=WAIT)
    with qtbot.waitSignal(model.announced, timeout=WAIT) as recalled:
        panel.trigger(Action.RECALL)
    assert recalled.args == [first["number"]]


def test_paused_is_said_plainly(
    qtbot: QtBot, bridge: CoreBridge, display_bridge: CoreBridge
) -> None:
    _model, window = start_display(qtbot, display_bridge)
    qtbot.waitUntil(lambda: "ĐÓNG" in window.number_page.caption.text(), timeout=WAIT)
    panel = signed_in(qtbot, bridge)
    panel.trigger(Action.PAUSE)
    qtbot.waitUntil(lambda: "TẠM NGHỈ" in window.number_page.caption.text(), timeout=WAIT)
    assert window.number_page.number.text() == ""


def test_finish_asks_a_rating_stored_once(
    qtbot: QtBot, bridge: CoreBridge, display_bridge: CoreBridge, hall: Hall
) -> None:
    (ticket,) = hall.issue("lltp")
    model, window = start_display(qtbot, display_bridge)
    serve_one(qtbot, bridge)
    qtbot.waitUntil(lambda: model.rating.phase is RatingPhase.FACES, timeout=WAIT)
    assert window.stack.currentWidget() is window.faces_page
    asked = model.rating.ticket
    assert asked is not None and asked.id == ticket["id"]
    assert [f.text() for f in window.faces_page.faces] == list(RatingLevels().names)
    with qtbot.waitSignal(model.rating.rated, timeout=WAIT) as stored:
        qtbot.mouseClick(window.faces_page.faces[1], LEFT)
        qtbot.mouseClick(window.faces_page.faces[0], LEFT)  # a second touch: ignored
    assert stored.args == [ticket["id"], 2]
    assert window.stack.currentWidget() is window.thanks_page
    assert not model.rating.begin(asked)  # the same ticket is never asked twice
    assert hall.ticket(ticket["id"])["rating"] == 2
    assert len(hall.events("ticket.rated")) == 1
    assert model.rating.sent == 1


def test_no_touch_means_no_rating(
    qtbot: QtBot, bridge: CoreBridge, display_bridge: CoreBridge, hall: Hall
) -> None:
    (ticket,) = hall.issue("lltp")
    model, window = start_display(qtbot, display_bridge, timeout_ms=200)
    serve_one(qtbot, bridge)
    qtbot.waitUntil(lambda: model.rating.phase is RatingPhase.FACES, timeout=WAIT)
    qtbot.waitUntil(lambda: model.rating.phase is RatingPhase.IDLE, timeout=WAIT)
    assert window.stack.currentWidget() is window.number_page
    assert model.rating.sent == 0
    assert hall.ticket(ticket["id"])["rating"] is None


FIVE_LEVELS = SMALL_SITE.replace(
    "recalls_before_no_show = 1",
    "recalls_before_no_show = 1\n"
    'rating_levels = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", '
    '"Rất không hài lòng"]\n'
    'rating_reasons = ["Chờ quá lâu", "Hướng dẫn chưa rõ ràng"]',
)


def test_the_sites_levels_and_a_reason_when_not_satisfied(qtbot: QtBot, tmp_path: Path) -> None:
    with running_core(tmp_path, FIVE_LEVELS) as core:
        hall = Hall(core)
        (ticket,) = hall.issue("lltp")
        clerk = CoreBridge(core.base_url, core.pair_device("counter"))
        display_bridge = CoreBridge(core.base_url, core.pair_device("counter-display", counter=1))
        model, window = start_display(qtbot, display_bridge)
        qtbot.waitUntil(lambda: len(model.rating.levels) == 5, timeout=WAIT)
        serve_one(qtbot, clerk)
        qtbot.waitUntil(lambda: model.rating.phase is RatingPhase.FACES, timeout=WAIT)
        assert len(window.faces_page.faces) == 5
        qtbot.mouseClick(window.faces_page.faces[3], LEFT)
        assert model.rating.phase is RatingPhase.REASON
        assert [b.reason for b in window.reason_page.buttons] == [
            "Chờ quá lâu",
            "Hướng dẫn chưa rõ ràng",
        ]
        with qtbot.waitSignal(model.rating.rated, timeout=WAIT):
            qtbot.mouseClick(window.reason_page.buttons[0], LEFT)
        stored = hall.ticket(ticket["id"])
        assert stored["rating"] == 4
        (event,) = hall.events("ticket.rated")
        assert "Chờ quá lâu" in str(event)
        for panel in PANELS:
            panel.stop()
            qtbot.waitUntil(lambda p=panel: p.idle, timeout=WAIT)
        PANELS.clear()
        stop_displays()
        display_bridge.close()
        clerk.close()
