"""The demo hall's kiosk autopilot takes tickets through the kiosk's own screens, in turn."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from demo.apps.kiosk import KioskAutopilot
from kiosk.flow import Screen
from printers import TicketPrinter
from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.test_taking import stored_tickets, wait_screen
from tests.support.server import CoreServer


def test_it_takes_a_ticket_for_each_service_in_turn(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    pilot = KioskAutopilot(kiosk.flow, ["lltp", "gcn"], every_s=60)
    for expected in ("1001", "A001", "1002"):
        assert pilot.step()
        assert not pilot.step()  # the kiosk is printing: nobody else taps now
        wait_screen(qtbot, kiosk, Screen.TICKET)
        assert kiosk.flow.result is not None and kiosk.flow.result.ticket is not None
        assert kiosk.flow.result.ticket.number == expected
    assert [t["service"] for t in stored_tickets(core)] == ["lltp", "gcn", "lltp"]
    assert len(list((tmp_path / "printed").glob("ticket-*.png"))) == 3


def test_a_service_it_does_not_know_is_skipped(
    core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path}"))
    pilot = KioskAutopilot(kiosk.flow, ["no-such-service"], every_s=60)
    assert not pilot.step()
    assert kiosk.flow.screen is Screen.HOME and stored_tickets(core) == []
