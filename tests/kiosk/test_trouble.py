"""When things go wrong: printer out of paper, core away, nobody touching the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk, launch, parser
from kiosk.flow import Screen, Timeouts
from kiosk.printer_state import printer_code, printer_state
from kiosk.taking import Outcome
from printers import PrinterStatus, TicketPrinter
from tests.kiosk.conftest import MakeKiosk, button, tap
from tests.kiosk.test_taking import shown_number, stored_tickets, wait_screen
from tests.printers.fakes import PAPER_OUT, READY, TcpPrinter
from tests.support.server import CoreServer
from tests.support.startup import console_health, run_started

PrintingKiosk = Callable[[CoreServer, dict[int, int]], tuple[Kiosk, TcpPrinter]]


@pytest.fixture
def printing_kiosk(make_kiosk: MakeKiosk) -> Iterator[PrintingKiosk]:
    """A kiosk whose network printer answers DLE EOT with these status bytes; closed at the end."""
    made: list[TcpPrinter] = []

    def make(core: CoreServer, status: dict[int, int]) -> tuple[Kiosk, TcpPrinter]:
        made.append(TcpPrinter(status))
        return make_kiosk(core, TicketPrinter(made[-1].url, timeout=1.0)), made[-1]

    yield make
    for device in made:
        device.close()


def take_lltp(qtbot: QtBot, kiosk: Kiosk) -> None:
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "service:lltp")


def test_paper_out_without_paperless_refuses_before_a_number_is_spent(
    qtbot: QtBot,
    core: CoreServer,
    printing_kiosk: PrintingKiosk,
) -> None:
    kiosk, device = printing_kiosk(core, PAPER_OUT)
    take_lltp(qtbot, kiosk)
    wait_screen(qtbot, kiosk, Screen.PROBLEM)
    assert kiosk.flow.result is not None
    assert kiosk.flow.result.outcome is Outcome.PRINTER_REFUSED
    problem = kiosk.window.screens[Screen.PROBLEM]
    assert problem.reason.text() == "Máy in hết giấy. Vui lòng thay cuộn giấy."
    assert "Chưa có số nào được cấp" in problem.detail.text()
    assert stored_tickets(core) == []
    assert device.data() == b""  # asked its status, sent nothing
    assert device.queries


def test_paper_out_with_paperless_shows_the_ticket_on_screen(
    qtbot: QtBot,
    paperless_core: CoreServer,
    printing_kiosk: PrintingKiosk,
) -> None:
    kiosk, device = printing_kiosk(paperless_core, PAPER_OUT)
    take_lltp(qtbot, kiosk)
    wait_screen(qtbot, kiosk, Screen.TICKET)
    assert kiosk.flow.result is not None
    assert kiosk.flow.result.outcome is Outcome.PAPERLESS
    [stored] = stored_tickets(paperless_core)
    assert shown_number(kiosk) == stored["number"]
    notice = kiosk.window.screens[Screen.TICKET].notice.text()
    assert "Không in được phiếu" in notice and "hết giấy" in notice
    assert not kiosk.window.screens[Screen.TICKET].qr.pixmap().isNull()
    assert kiosk.flow.ticket_url.endswith(f"/t/{stored['token']}")
    assert device.data() == b""


def test_a_network_printer_gets_the_ticket_bytes(
    qtbot: QtBot,
    core: CoreServer,
    printing_kiosk: PrintingKiosk,
) -> None:
    kiosk, device = printing_kiosk(core, READY)
    take_lltp(qtbot, kiosk)
    wait_screen(qtbot, kiosk, Screen.TICKET)
    assert kiosk.flow.result is not None and kiosk.flow.result.outcome is Outcome.PRINTED
    assert device.wait_for(b"\x1dV").startswith(b"\x1b@")


def test_core_killed_shows_the_banner_and_greys_tiles_then_comes_back(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: object
) -> None:
    kiosk = make_kiosk(core, None)
    banner = kiosk.window.banner
    assert not banner.isVisible() and button(kiosk, "agency:stp").isEnabled()
    core.kill()
    qtbot.waitUntil(banner.isVisible, timeout=3_000)
    assert banner.title.text() == "Đang kết nối lại hệ thống…"
    assert not button(kiosk, "agency:stp").isEnabled()
    kiosk.flow.choose_service("lltp")  # a tap that slips through queues nothing
    assert kiosk.flow.screen is Screen.HOME and not kiosk.taker.busy
    core.start()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: button(kiosk, "agency:stp").isEnabled(), timeout=10_000)
    assert stored_tickets(core) == []
    tap(qtbot, kiosk, "agency:stp")
    assert button(kiosk, "service:lltp").isEnabled()


def test_any_screen_goes_home_when_nobody_touches_it(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(core, None, Timeouts(idle_ms=300, ticket_ms=10_000))
    for open_screen in (
        lambda: kiosk.flow.open_agency("stp"),
        kiosk.flow.open_search,
        kiosk.flow.open_priority,
        lambda: kiosk.flow.open_procedure("lltp"),
    ):
        open_screen()
        assert kiosk.flow.screen is not Screen.HOME
        wait_screen(qtbot, kiosk, Screen.HOME, timeout=5_000)


def test_the_heartbeat_names_the_printer_state() -> None:
    assert printer_code(None) == "none"
    assert printer_code(PrinterStatus.unasked()) == "ok"
    assert printer_state(None)() == "none"  # a kiosk started without --printer


def test_the_heartbeat_reaches_the_core_with_the_printer_state(
    core: CoreServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk paired at its first start beats through the one start-up, with its printer's
    state; the console lists the kiosk by it."""
    device = TcpPrinter(PAPER_OUT)
    code = core.pairing_code("kiosk", "Kiosk sảnh A")
    argv = ["--core", core.base_url, "--pair-code", code, "--printer", device.url]
    argv += ["--name", "Kiosk sảnh A"]

    def printer_seen() -> str | None:
        store = core.store()
        try:
            row = store.conn.execute("SELECT printer FROM devices WHERE role = 'kiosk'").fetchone()
        finally:
            store.close()
        return None if row is None else row[0]

    try:
        started = run_started(
            launch, parser().parse_args(argv), lambda: printer_seen() == "paper_out", monkeypatch
        )
    finally:
        device.close()
    assert started.seen and started.code == 0
    assert device.queries  # asked off the Qt thread by the heartbeat
    assert console_health(core) == {"Kiosk sảnh A": "paper_out"}
