"""Every kiosk screen fits 1080×1920 (portrait) and 1920×1080 (landscape): the window stays
that size, its minimum size is within it, and no label or button is squeezed or cut off; in
the normal look, and in large text with high contrast."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from demo.screenshots.kiosk import SIZES, fit, scenes
from kiosk.flow import Screen, Timeouts
from kiosk.widgets.look import text_px
from printers import TicketPrinter
from tests.kiosk.conftest import MakeKiosk, tap
from tests.support.server import CoreServer
from ui_common.qt import QtWidgets

STILL = Timeouts(idle_ms=600_000, ticket_ms=600_000, paperless_ms=600_000)
"""These tests walk the screens, not the timeouts: on a loaded machine a walk can outlast the
minute after which an idle kiosk goes home and the look turns normal."""


def test_every_screen_fits_both_orientations(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(sample_core, TicketPrinter(f"preview://{tmp_path / 'printed'}"), STILL)
    seen = []
    for name in scenes(kiosk, sample_core.kill):
        for size in SIZES.values():
            fit(kiosk.window, size, name)  # raises Misfit naming what does not fit
            hint = kiosk.window.minimumSizeHint()
            assert hint.width() <= size[0] and hint.height() <= size[1]
        seen.append(kiosk.flow.screen)
    assert set(seen) == set(Screen) - {Screen.PRINTING}  # which shows for a moment only
    QtWidgets.QApplication.processEvents()


def test_every_screen_fits_both_orientations_in_large_text_and_high_contrast(
    qtbot: QtBot, sample_core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(sample_core, TicketPrinter(f"preview://{tmp_path / 'printed'}"), STILL)
    tap(qtbot, kiosk, "large_text")
    tap(qtbot, kiosk, "high_contrast")
    assert kiosk.flow.large_text and kiosk.flow.high_contrast
    welcome = kiosk.window.screens[Screen.HOME].welcome  # type: ignore[attr-defined]
    assert welcome.font().pixelSize() == text_px(44, large=True) == 57
    seen = set()
    for name in scenes(kiosk, sample_core.kill):
        for size in SIZES.values():
            fit(kiosk.window, size, f"{name}, large text")
        seen.add(kiosk.flow.screen)
    assert {Screen.HOME, Screen.AGENCY, Screen.TICKET} <= seen and len(seen) >= 11
    assert kiosk.flow.large_text  # until the kiosk is idle: the next citizen's look is normal
