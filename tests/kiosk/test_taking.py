"""Taking a ticket on the touchscreen against a real core and a preview printer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flow import Screen, Timeouts
from kiosk.taking import Outcome
from printers import Lang, PrintableTicket, TicketPrinter, TicketSite, ahead_text, estimate_text
from tests.kiosk.conftest import MakeKiosk, button, site_text, tap
from tests.support.server import CoreServer, running_core
from ui_common.qt import Qt, QtWidgets


def stored_tickets(core: CoreServer) -> list[dict[str, object]]:
    store = core.store()
    try:
        return [
            {
                "id": t.id,
                "number": t.number,
                "service": t.service_id,
                "priority": t.priority,
                "kind": t.priority_kind,
                "token": t.public_token,
            }
            for t in store.tickets()
        ]
    finally:
        store.close()


def api_ticket(core: CoreServer, ticket_id: int, token: str) -> dict[str, object]:
    """The ticket as read by its public token, with that token (which only the answer to its
    issue carries)."""
    response = httpx.get(f"{core.base_url}/api/v1/tickets/{ticket_id}", params={"t": token})
    response.raise_for_status()
    return {**response.json(), "public_token": token}


def shown_number(kiosk: Kiosk) -> str:
    label = kiosk.window.findChild(QtWidgets.QLabel, "ticket_number")
    assert label is not None and label.isVisible()
    return str(label.text())


def wait_screen(qtbot: QtBot, kiosk: Kiosk, screen: Screen, timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: kiosk.flow.screen is screen, timeout=timeout)


def test_agency_then_service_prints_the_ticket_the_core_stored(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    previews = tmp_path / "printed"
    printer = TicketPrinter(f"preview://{previews}")
    kiosk = make_kiosk(core, printer, Timeouts(idle_ms=60_000, ticket_ms=300))
    tap(qtbot, kiosk, "agency:stp")
    assert kiosk.flow.screen is Screen.AGENCY
    tap(qtbot, kiosk, "service:lltp")
    wait_screen(qtbot, kiosk, Screen.TICKET)

    [stored] = stored_tickets(core)
    assert stored["service"] == "lltp" and stored["priority"] is False
    assert shown_number(kiosk) == stored["number"] == "1001"
    names = ("ticket_ahead", "ticket_estimate")
    shown = [kiosk.window.findChild(QtWidgets.QLabel, n).text() for n in names]
    # as on the slip; nobody ahead and a counter free: "under 5 minutes", not "0–0"
    assert shown == [ahead_text(0, Lang.VI), estimate_text(0, Lang.VI, (0, 0))]
    assert "dưới 5" in shown[1]
    assert kiosk.flow.result is not None and kiosk.flow.result.outcome is Outcome.PRINTED
    assert kiosk.flow.ticket_url.endswith(f"/t/{stored['token']}")

    [png] = previews.glob(f"ticket-{stored['number']}-*.png")
    assert png.with_suffix(".escpos").read_bytes().startswith(b"\x1b@")
    expected = printer.ticket_job(
        PrintableTicket.from_api(api_ticket(core, int(stored["id"]), str(stored["token"]))),
        TicketSite(
            "Trung tâm thử nghiệm", core.base_url, "Vui lòng giữ phiếu đến khi được phục vụ"
        ),
    ).image
    with Image.open(png) as printed:
        assert printed.size == expected.size
        assert printed.convert("1").tobytes() == expected.tobytes()

    wait_screen(qtbot, kiosk, Screen.HOME)  # the shown ticket goes home by itself
    assert kiosk.flow.result is None


def test_the_priority_button_asks_who_then_issues_a_priority_ticket(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    tap(qtbot, kiosk, "priority")
    assert kiosk.flow.screen is Screen.PRIORITY
    assert "Người cao tuổi" in button(kiosk, "priority:elderly").text()
    tap(qtbot, kiosk, "priority:pregnant")
    assert kiosk.flow.screen is Screen.HOME
    assert kiosk.window.strip.isVisible()
    assert "Phụ nữ mang thai" in kiosk.window.strip.text.text()
    tap(qtbot, kiosk, "agency:stnmt")
    tap(qtbot, kiosk, "service:gcn")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    [stored] = stored_tickets(core)
    assert stored["priority"] is True and stored["kind"] == "pregnant"
    assert shown_number(kiosk) == stored["number"] == "A001"
    assert kiosk.window.screens[Screen.TICKET].badge.isVisible()
    qtbot.mouseClick(kiosk.window.screens[Screen.TICKET].done, Qt.MouseButton.LeftButton)
    assert kiosk.flow.screen is Screen.HOME and kiosk.flow.priority is None


def test_declining_priority_keeps_a_normal_ticket(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(core, None)
    tap(qtbot, kiosk, "priority")
    qtbot.mouseClick(kiosk.window.screens[Screen.PRIORITY].no, Qt.MouseButton.LeftButton)
    assert kiosk.flow.screen is Screen.HOME and kiosk.flow.priority is None
    assert not kiosk.window.strip.isVisible()


def test_search_without_diacritics_on_the_keyboard_then_a_ticket(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    qtbot.mouseClick(kiosk.window.screens[Screen.HOME].search, Qt.MouseButton.LeftButton)
    assert kiosk.flow.screen is Screen.SEARCH
    keyboard = kiosk.window.screens[Screen.SEARCH].keyboard
    for key in "cap giay":
        qtbot.mouseClick(keyboard.keys[key], Qt.MouseButton.LeftButton)
    assert kiosk.flow.query == "cap giay"
    assert [s.id for s in kiosk.flow.results] == ["gcn"]
    found = button(kiosk, "service:gcn")
    assert "Cấp giấy chứng nhận quyền sử dụng đất" in found.title.text()  # type: ignore[attr-defined]
    for _ in "giay":
        qtbot.mouseClick(keyboard.keys["⌫"], Qt.MouseButton.LeftButton)
    assert kiosk.flow.query == "cap "
    assert [s.id for s in kiosk.flow.results] == ["lltp", "gcn"]
    tap(qtbot, kiosk, "service:gcn")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    assert shown_number(kiosk) == "A001"


def test_procedure_lookup_shows_the_catalogue_and_takes_a_ticket(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "procedure:lltp")
    assert kiosk.flow.screen is Screen.PROCEDURE
    screen = kiosk.window.screens[Screen.PROCEDURE]
    texts = [w.text() for w in screen.content.findChildren(QtWidgets.QLabel) if w.isVisible()]
    assert "Hồ sơ cần chuẩn bị" in texts and "Lệ phí" in texts
    assert "200.000 đồng/lần/người" in texts
    assert any("Bản chụp Căn cước công dân" in t for t in texts)
    assert screen.take.text() == "Lấy số cho thủ tục này"
    kiosk.flow.back()
    assert kiosk.flow.screen is Screen.AGENCY
    tap(qtbot, kiosk, "procedure:lltp")
    tap(qtbot, kiosk, "take_for_procedure")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    assert shown_number(kiosk) == "1001"


def test_a_service_at_its_daily_cap_turns_grey_with_its_reason(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "service:chungthuc")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    kiosk.flow.home()
    qtbot.waitUntil(lambda: not kiosk.live.catalogue.service("chungthuc").available)  # type: ignore[union-attr]
    tap(qtbot, kiosk, "agency:stp")
    tile = button(kiosk, "service:chungthuc")
    assert not tile.isEnabled()
    assert "Hôm nay đã hết số" in tile.text_lines()  # type: ignore[attr-defined]
    assert button(kiosk, "procedure:chungthuc").isEnabled()


def test_english_switch_and_back_to_vietnamese_after_idle(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(core, None, Timeouts(idle_ms=400, ticket_ms=10_000))
    tap(qtbot, kiosk, "lang:en")
    assert kiosk.window.header.centre.text() == "Test centre"
    tap(qtbot, kiosk, "agency:stp")
    assert button(kiosk, "service:lltp").title.text() == "Criminal record certificate"  # type: ignore[attr-defined]
    wait_screen(qtbot, kiosk, Screen.HOME)
    assert kiosk.flow.lang.value == "vi"
    assert kiosk.window.header.centre.text() == "Trung tâm thử nghiệm"


ONE_A_MINUTE = "\n[kiosk]\ntickets_per_minute = 1\nticket_burst = 1\n"


@pytest.fixture
def paced_core(tmp_path: Path) -> Iterator[CoreServer]:
    """The kiosk's test site, where a kiosk takes one ticket a minute at most."""
    with running_core(tmp_path, site_text() + ONE_A_MINUTE) as server:
        yield server


def test_a_kiosk_taking_tickets_too_fast_says_to_wait_a_few_seconds(
    qtbot: QtBot, paced_core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(paced_core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "service:lltp")
    wait_screen(qtbot, kiosk, Screen.TICKET)
    kiosk.flow.home()
    tap(qtbot, kiosk, "agency:stp")
    tap(qtbot, kiosk, "service:lltp")
    wait_screen(qtbot, kiosk, Screen.PROBLEM)
    assert kiosk.flow.result is not None and kiosk.flow.result.outcome is Outcome.CORE_REFUSED
    problem = kiosk.window.screens[Screen.PROBLEM]
    assert problem.reason.text() == "Máy đang cấp số quá nhanh. Xin chờ vài giây rồi thử lại."
    assert "Chưa có số nào được cấp" in problem.detail.text()
    assert [t["number"] for t in stored_tickets(paced_core)] == ["1001"]
