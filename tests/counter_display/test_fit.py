"""The counter's two screens fit the screens they run on, in every state, with long names, in
Vietnamese and English: the clerk's panel 1280×800, the counter-facing display 1280×720 (and a
1080p TV, full screen). The window stays exactly that size, so does its picture, no label or
button is squeezed or cut off, no text is cut without "…" (its whole then in the tooltip), and
the called number stays large. Nothing on the panel moves when a message comes or goes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.panel import PanelWindow
from counter_display.panel_model import Message, MessageKind, PanelViewModel
from counter_display.state import Action
from demo.screenshots.counter import (
    DISPLAY_SIZE,
    LONG,
    PANEL_SIZE,
    SAMPLE,
    display_scenes,
    fit,
    panel_scenes,
)
from queue_core.domain import Role
from queue_core.store import add_staff
from tests.counter_display.conftest import PANELS, WAIT, Hall, panel
from tests.support.server import running_core
from ui_common import theme
from ui_common.bridge import CoreBridge
from ui_common.qt import QtCore, QtWidgets
from ui_common.texts import Lang

SAMPLES = {"sample": SAMPLE, "long": LONG}
PANEL_STATES = ["login", "login-locked", "login-not-assigned", "nobody-waiting",
                "message-cleared", "called", "serving", "paused", "closed", "offline"]  # fmt: skip
DISPLAY_STATES = ["calling", "waiting", "nobody", "paused", "closed", "rating", "reason", "thanks"]
TV = (1920, 1080)


@pytest.fixture(scope="module", autouse=True)
def themed() -> Iterator[None]:
    """The apps' look (Be Vietnam Pro, 24 px base); the application's own is put back after."""
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    font, sheet = app.font(), app.styleSheet()
    theme.apply(app, base_pixel_size=24)
    yield
    app.setFont(font)
    app.setStyleSheet(sheet)


@pytest.fixture
def idle_bridge() -> Iterator[CoreBridge]:
    """A bridge never called: these models are filled by hand, as the screenshot tool does."""
    bridge = CoreBridge("http://127.0.0.1:9")
    yield bridge
    bridge.close()


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("name", SAMPLES)
def test_the_panel_fits_1280x800_in_every_state(
    qtbot: QtBot, idle_bridge: CoreBridge, name: str, lang: Lang
) -> None:
    sample = SAMPLES[name]
    model = PanelViewModel(idle_bridge, sample.number, lang)
    window = PanelWindow(model)
    qtbot.addWidget(window)
    seen = []
    for scene in panel_scenes(model, sample):
        # fit() raises Misfit: wrong window or picture size, a squeezed or cut label
        fit(window, PANEL_SIZE, f"panel {name} {lang} {scene}")
        page = window.work_page
        if page.isVisible():
            for button in page.buttons.values():  # every action still there, finger-sized
                assert button.isVisible() and button.height() >= 64, scene
        seen.append(scene)
    assert seen == PANEL_STATES
    model.stop()


@pytest.mark.parametrize("name", SAMPLES)
def test_nothing_moves_when_a_message_comes_or_goes(
    qtbot: QtBot, idle_bridge: CoreBridge, name: str
) -> None:
    sample = SAMPLES[name]
    model = PanelViewModel(idle_bridge, sample.number, Lang.VI)
    window = PanelWindow(model)
    qtbot.addWidget(window)
    scenes = panel_scenes(model, sample)
    while next(scenes) != "nobody-waiting":
        pass
    page = window.work_page
    below = [page.ticket, page.side, *page.buttons.values()]

    def where() -> list[QtCore.QRect]:
        fit(window, PANEL_SIZE, f"panel {name}")
        return [QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size()) for w in below]

    shown = where()
    assert page.message.isVisible() and page.message.text()
    model.message = None
    model.changed.emit()
    assert where() == shown
    assert not page.message.text()
    long = "Hệ thống từ chối vì một lý do rất dài " * 5  # the core's own words, on two lines
    model.message = Message(MessageKind.ERROR, "refused_other", {"message": long})
    model.changed.emit()
    assert where() == shown
    assert len(page.message.fitted().lines) == 2
    model.stop()


def test_the_panel_says_the_counters_number_once(qtbot: QtBot, idle_bridge: CoreBridge) -> None:
    model = PanelViewModel(idle_bridge, LONG.number, Lang.VI)
    window = PanelWindow(model)
    qtbot.addWidget(window)
    scenes = panel_scenes(model, LONG)
    while next(scenes) != "serving":
        pass
    title = window.top.counter
    assert title.text() == LONG.name  # "Quầy 12 – Bộ phận…", not "Quầy 12 · Quầy 12 – Bộ phận…"
    model.set_lang(Lang.EN)
    assert title.text() == LONG.name.replace("Quầy 12", "Counter 12")
    model.set_lang(Lang.VI)
    for name, shown in (("Quầy 12", "Quầy 12"), ("12", "Quầy 12"), ("Tư pháp", "Quầy 12 – Tư pháp"),
                        ("Quầy 120", "Quầy 12 – Quầy 120")):  # fmt: skip
        assert model.snapshot is not None
        model.snapshot = replace(model.snapshot, name=name)
        model.changed.emit()
        assert title.text() == shown
    model.stop()


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("name", SAMPLES)
def test_the_display_fits_720p_and_a_1080p_tv_in_every_state(
    qtbot: QtBot, idle_bridge: CoreBridge, name: str, lang: Lang
) -> None:
    sample = SAMPLES[name]
    model = DisplayViewModel(idle_bridge, sample.number, lang)
    window = DisplayWindow(model)
    qtbot.addWidget(window)
    seen = []
    for scene in display_scenes(model, sample):
        for size in (DISPLAY_SIZE, TV):
            fit(window, size, f"display {name} {lang} {scene}")  # raises Misfit
            page = window.number_page
            if scene == "calling":  # read from 3–5 m: the number stays huge
                assert page.number.text() == sample.ticket
                assert page.number.height() >= size[1] * 0.38
            if page.isVisible():  # the services: one line of agencies, two of services
                assert len(page.agencies.fitted().lines) == 1
                assert len(page.services.fitted().lines) <= 2
        seen.append(scene)
    assert seen == DISPLAY_STATES
    model.stop()


def test_many_services_end_with_how_many_more(qtbot: QtBot, idle_bridge: CoreBridge) -> None:
    model = DisplayViewModel(idle_bridge, LONG.number, Lang.VI)
    window = DisplayWindow(model)
    qtbot.addWidget(window)
    next(display_scenes(model, LONG))
    fit(window, DISPLAY_SIZE, "display long calling")
    services = window.number_page.services
    shown = services.fitted().lines
    assert shown[-1].endswith("dịch vụ khác"), shown
    left_out = int(shown[-1].rsplit("+", 1)[1].split()[0])
    assert 1 <= left_out < len(LONG.services)
    assert services.toolTip() == services.text()  # every service, for whoever asks
    model.stop()


LONG_SITE = f"""
[site]
id = "long-names"
name = "Trung tâm Phục vụ hành chính công tỉnh"
timezone = "Asia/Ho_Chi_Minh"

[rules]
recalls_before_no_show = 1

[kiosk]
tickets_per_minute = 0  # the test issues its fourteen tickets from one kiosk token at once

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[[agencies]]
id = "stnmt"
name = "{LONG.agencies[0]["name"]}"

[[agencies]]
id = "sldtbxh"
name = "{LONG.agencies[1]["name"]}"
{
    "".join(
        f'''
[[services]]
id = "{s["id"]}"
agency = "{a["id"]}"
name = "{s["name"]}"
name_en = "{s["name_en"]}"
numbers = "{"ABCDE"[i]}001-{"ABCDE"[i]}999"
'''
        for i, (a, s) in enumerate((a, s) for a in LONG.agencies for s in a["services"])
    )
}
[[counters]]
number = 12
name = "{LONG.name}"
services = [{", ".join(f'"{s["id"]}"' for s in LONG.services)}]
"""


def test_a_real_counter_with_long_names_fits(qtbot: QtBot, tmp_path: Path) -> None:
    """Through a real core: the long-named counter signed in, a ticket called; both screens
    fit in both languages, and the called number shows on the display, huge."""
    with running_core(tmp_path, LONG_SITE) as core:
        store = core.store()
        try:
            with store.transaction() as conn:
                add_staff(conn, "thao", LONG.clerk, Role.CLERK, "1234", LONG.title)
        finally:
            store.close()
        first, *_ = Hall(core).issue("gcn", 14)
        clerk = CoreBridge(core.base_url, core.pair_device("counter"))
        shown = CoreBridge(core.base_url, core.pair_device("counter-display", counter=12))
        try:
            model = panel(clerk, 12)
            window = PanelWindow(model)
            qtbot.addWidget(window)
            display = DisplayViewModel(shown, 12)
            screen = DisplayWindow(display)
            qtbot.addWidget(screen)
            display.reload()
            model.login("thao", "1234")
            qtbot.waitUntil(lambda: Action.NEXT in model.enabled, timeout=WAIT)
            assert model.trigger(Action.NEXT)
            qtbot.waitUntil(lambda: screen.number_page.number.text() == first["number"],
                            timeout=WAIT)  # fmt: skip
            qtbot.waitUntil(lambda: LONG.clerk in screen.number_page.clerk.text(), timeout=WAIT)
            qtbot.waitUntil(lambda: model.busy is None and model.ticket is not None, timeout=WAIT)
            gcn = next(s for s in LONG.services if s["id"] == "gcn")
            for lang in Lang:
                model.set_lang(lang)
                display.set_lang(lang)
                fit(window, PANEL_SIZE, f"real panel {lang}")
                fit(screen, DISPLAY_SIZE, f"real display {lang}")
                assert window.work_page.ticket.number.text() == first["number"]
                named = gcn["name_en"] if lang is Lang.EN else gcn["name"]
                for service in (window.work_page.ticket.service, screen.number_page.service):
                    assert named in (service.text(), service.toolTip()), lang  # or cut, whole
                assert window.top.counter.text().count("12") == 1
                assert window.top.counter.toolTip() == window.top.counter.text()  # cut, whole
            for each in PANELS:
                each.stop()
                qtbot.waitUntil(lambda p=each: p.idle, timeout=WAIT)
            PANELS.clear()
            display.stop()
        finally:
            shown.close()
            clerk.close()
