"""Kiosk tests: Qt offscreen, a real core on 127.0.0.1 with the kiosk's test site, a kiosk
built over it with short timeouts, and its config folder in tmp."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from demo.screenshots.kiosk import SAMPLE_DOSSIERS, SAMPLE_DOSSIERS_AT, demo_site
from kiosk.app import Kiosk, build
from kiosk.flow import Timeouts
from kiosk.taking import PrinterSeam
from kiosk.wedge import WedgeTimings
from queue_core.dossiers.service import import_file
from tests.support.server import CoreServer, running_core
from ui_common import theme
from ui_common.bridge import CoreBridge
from ui_common.qt import Qt, QtWidgets

KIOSK_SITE = """
[site]
id = "kiosk-test"
name = "Trung tâm thử nghiệm"
name_en = "Test centre"
timezone = "Asia/Ho_Chi_Minh"
footer = "Vui lòng giữ phiếu đến khi được phục vụ"

[rules]
paperless_tickets = {paperless}

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[[agencies]]
id = "stp"
name = "Sở Tư pháp"
name_en = "Department of Justice"

[[agencies]]
id = "stnmt"
name = "Sở Tài nguyên và Môi trường"

[[services]]
id = "lltp"
agency = "stp"
name = "Cấp phiếu lý lịch tư pháp"
name_en = "Criminal record certificate"
numbers = "1001-1999"
[services.procedure]
documents = ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp Căn cước công dân"]
processing_time = "Không quá 10 ngày làm việc"
fee = "200.000 đồng/lần/người"

[[services]]
id = "chungthuc"
agency = "stp"
name = "Chứng thực bản sao"
numbers = "2001-2999"
daily_cap = 1

[[services]]
id = "gcn"
agency = "stnmt"
name = "Cấp giấy chứng nhận quyền sử dụng đất"
numbers = "A001-A999"

[[counters]]
number = 1
services = ["lltp", "chungthuc", "gcn"]
"""

FAST = Timeouts(idle_ms=60_000, ticket_ms=10_000, paperless_ms=30_000)


def site_text(paperless: bool = False) -> str:
    return KIOSK_SITE.replace("{paperless}", "true" if paperless else "false")


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LUOT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture(scope="session", autouse=True)
def themed() -> None:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    theme.apply(app)


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_text(paperless=False)) as server:
        yield server


@pytest.fixture
def sample_core(tmp_path: Path) -> Iterator[CoreServer]:
    """The sample site (eleven agencies, long names), open all day, with its dossiers."""
    with running_core(tmp_path, demo_site()) as server:
        store = server.store()
        try:
            import_file(store, Path(str(SAMPLE_DOSSIERS)), SAMPLE_DOSSIERS_AT)
        finally:
            store.close()
        yield server


@pytest.fixture
def paperless_core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_text(paperless=True)) as server:
        yield server


MakeKiosk = Callable[..., Kiosk]


@pytest.fixture
def make_kiosk(qtbot: QtBot) -> Iterator[MakeKiosk]:
    """``make_kiosk(core, printer, timeouts=...)``: a paired, started kiosk, its tiles loaded."""
    made: list[Kiosk] = []

    def make(
        server: CoreServer,
        printer: PrinterSeam | None,
        timeouts: Timeouts = FAST,
        size: tuple[int, int] = (1080, 1920),
        wedge: WedgeTimings | None = None,
    ) -> Kiosk:
        bridge = CoreBridge(server.base_url, server.pair_device("kiosk"))
        kiosk = build(bridge, printer, timeouts=timeouts, wedge=wedge)
        made.append(kiosk)
        kiosk.window.resize(*size)
        kiosk.window.show()
        kiosk.start()
        qtbot.waitUntil(lambda: kiosk.live.online, timeout=15_000)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()
        kiosk.bridge.close()


def tap(qtbot: QtBot, kiosk: Kiosk, name: str) -> None:
    """Tap the widget called ``name`` (an objectName) on the kiosk's current screen."""
    widget = button(kiosk, name)
    assert widget.isEnabled(), f"{name!r} is greyed"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(kiosk: Kiosk, name: str) -> QtWidgets.QPushButton:
    """The one visible button called ``name`` (new tiles show once Qt has had its turn)."""
    found: list[QtWidgets.QPushButton] = []
    for _ in range(500):
        QtWidgets.QApplication.processEvents()
        found = [w for w in kiosk.window.findChildren(QtWidgets.QPushButton, name) if w.isVisible()]
        if found:
            break
        time.sleep(0.01)
    assert len(found) == 1, f"{len(found)} visible buttons {name!r}"
    return found[0]
