"""Every kiosk screen fits 1080×1920 (portrait) and 1920×1080 (landscape): the window stays
that size, its minimum size is within it, and no label or button is squeezed or cut off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.flow import Screen
from kiosk.screenshots import SAMPLE_DOSSIERS, SIZES, demo_site, fit, scenes
from printers import TicketPrinter
from queue_core.dossiers.service import import_file
from tests.kiosk.conftest import MakeKiosk
from tests.support.server import CoreServer, running_core
from ui_common.qt import QtWidgets


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    """The sample site (eleven agencies, long names), open all day, with its dossiers."""
    with running_core(tmp_path, demo_site()) as server:
        store = server.store()
        try:
            import_file(store, Path(str(SAMPLE_DOSSIERS)), datetime.now(UTC))
        finally:
            store.close()
        yield server


def test_every_screen_fits_both_orientations(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    seen = []
    for name in scenes(kiosk, core.kill):
        for size in SIZES.values():
            fit(kiosk.window, size, name)  # raises Misfit naming what does not fit
            hint = kiosk.window.minimumSizeHint()
            assert hint.width() <= size[0] and hint.height() <= size[1]
        seen.append(kiosk.flow.screen)
    assert set(seen) == set(Screen) - {Screen.PRINTING}  # which shows for a moment only
    QtWidgets.QApplication.processEvents()
