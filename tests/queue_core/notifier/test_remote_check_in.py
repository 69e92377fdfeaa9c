"""A number taken by text, against a real core and a fake GSM modem on a pseudo-terminal: the
answer carries the code that checks its holder in at a kiosk and says the site's rule, the
text near the turn recalls it; a counter is never called to a number nobody has checked in
for — under ``no_show`` its turn is spent (a no-show at no counter, its holder told by text,
the code then refused), under ``skip`` it keeps its place and is called once checked in (the
console's hall counts it until then); a clerk cannot call it out of turn either; a bad code
changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from harness.gsm_modem import FakeModem
from queue_core.client import TicketInfo
from queue_core.domain import TicketStatus
from queue_core.domain.remote import check_in_code
from tests.queue_core.conftest import MORNING
from tests.queue_core.console.conftest import log_in
from tests.queue_core.notifier.test_texts import issue, site_with
from tests.support.server import CoreServer, running_core


@pytest.fixture
def modem() -> Iterator[FakeModem]:
    fake = FakeModem()
    yield fake
    fake.close()


def remote_site(modem: FakeModem, rule: str | None, near: int = 0) -> str:
    said = "" if rule is None else f'remote_unchecked = "{rule}"\n'
    return site_with(modem, near=near).replace(
        "\n[console]", f"remote_tickets = true\n{said}\n[console]"
    )


def text_at(modem: FakeModem, start: int) -> tuple[str, int]:
    """The text whose first part is the ``start``-th message sent, as the phone shows it (its
    numbered parts put together), and where the next begins."""
    first = modem.wait_sent(start + 1)[start]
    count = int(m.group(1)) if (m := re.match(r"^\(\d+/(\d+)\) ", first.text)) else 1
    parts = modem.wait_sent(start + count)[start : start + count]
    return " ".join(re.sub(r"^\(\d+/\d+\) ", "", p.text) for p in parts), start + count


def take_by_text(core: CoreServer, modem: FakeModem) -> tuple[str, int]:
    """Text ``LUOT lltp``: the answer (the first text sent back), and the number's id."""
    modem.receive("0912345678", "LUOT lltp")
    answer, _ = text_at(modem, 0)
    store = core.store()
    try:
        (ticket,) = store.tickets()
    finally:
        store.close()
    assert (ticket.number, ticket.channel, ticket.awaiting_check_in) == ("1001", "sms", True)
    assert check_in_code(ticket.public_token) in answer
    return answer, ticket.id


def post(core: CoreServer, path: str, token: str, **body: Any) -> httpx.Response:
    return httpx.post(
        f"{core.base_url}/api/v1/{path}", json=body, headers={"Authorization": f"Bearer {token}"}
    )


def read(core: CoreServer, token: str, ticket_id: int) -> TicketInfo:
    """The ticket as the contract shows it, read by the client's model."""
    answer = httpx.get(
        f"{core.base_url}/api/v1/tickets/{ticket_id}", headers={"Authorization": f"Bearer {token}"}
    )
    answer.raise_for_status()
    return TicketInfo.from_json(answer.json())


def status_of(core: CoreServer, ticket_id: int) -> tuple[TicketStatus, bool]:
    store = core.store()
    try:
        ticket = store.ticket(ticket_id)
    finally:
        store.close()
    assert ticket is not None
    return ticket.status, ticket.awaiting_check_in


def unchecked_on_console(core: CoreServer) -> str | None:
    """The numbers taken by text not checked in yet, as the console's hall counts them."""
    with httpx.Client(base_url=core.base_url, timeout=10) as console:
        assert log_in(console, "boss", "999999").status_code == 303
        hall = console.get("/console/fragment/hall").text
    found = re.search(r'id="texts-unchecked">(\d+)<', hall)
    return found.group(1) if found else None


def test_no_show_by_default_the_turn_is_spent_and_nobody_called_to_it(
    tmp_path: Path, modem: FakeModem
) -> None:
    with running_core(tmp_path, remote_site(modem, None), clock=(MORNING, 60.0)) as core:
        answer, remote = take_by_text(core, modem)
        assert answer.startswith("Lượt: số 1001, còn 0 người trước, chờ dưới 5 phút. Đến nơi")
        assert "Tôi có lịch hẹn" in answer and "vắng mặt" in answer
        kiosk = core.pair_device("kiosk")
        walk_in = issue(core, kiosk)
        assert walk_in["number"] == "1002"
        clerk = core.login("lan", "1234", 1)
        assert post(core, "counters/1/open", clerk).is_success
        called = post(core, "counters/1/next", clerk)
        assert called.status_code == 200 and called.json()["number"] == "1002"
        assert status_of(core, remote) == (TicketStatus.NO_SHOW, True)
        store = core.store()
        try:
            events = store.events_since(0)
            token = store.ticket(remote).public_token  # type: ignore[union-attr]
        finally:
            store.close()
        (passed,) = [e for e in events if e["type"] == "ticket.no_show"]
        assert passed["counter"] is None and passed["detail"] == {"unchecked": True}
        # its holder is told, so as not to come back for a turn that is gone
        _, after = text_at(modem, 0)
        told, _ = text_at(modem, after)
        assert told == "Lượt: vé 1001 đã qua lượt vì chưa nhập mã ở ki-ốt. Mời lấy số mới."
        late = post(core, "bookings/check-in", kiosk, code=check_in_code(token))
        assert late.status_code == 409 and late.json()["error"]["code"] == "booking_closed"


def test_skip_keeps_its_place_until_checked_in_at_a_kiosk(tmp_path: Path, modem: FakeModem) -> None:
    site = remote_site(modem, "skip", near=1)
    with running_core(tmp_path, site, clock=(MORNING, 60.0)) as core:
        answer, remote = take_by_text(core, modem)
        assert "số chỉ được gọi sau khi nhập mã" in answer
        code = re.search(r"nhập mã ([2-9A-Z]{6})", answer)
        assert code is not None
        # near the turn (next, here) the code is recalled: without it the turn passes them by
        _, after = text_at(modem, 0)
        near, _ = text_at(modem, after)
        assert near == (
            "Lượt: vé 1001 sắp được gọi. Mời quay lại sảnh chờ ngay. Nhớ nhập mã "
            f"{code.group(1)} ở ki-ốt (Tôi có lịch hẹn)."
        )
        kiosk = core.pair_device("kiosk")
        issue(core, kiosk)  # 1002, walked in
        clerk = core.login("lan", "1234", 1)
        assert post(core, "counters/1/open", clerk).is_success
        assert post(core, "counters/1/next", clerk).json()["number"] == "1002"
        assert status_of(core, remote) == (TicketStatus.WAITING, True)
        assert read(core, clerk, remote).awaiting_check_in  # the panel shows it "chưa đến"
        out_of_turn = post(core, "counters/1/call", clerk, ticket=remote, reason="gọi thử")
        assert out_of_turn.status_code == 409, out_of_turn.text
        assert out_of_turn.json()["error"]["code"] == "not_checked_in"
        assert post(core, "counters/1/start", clerk).is_success
        assert post(core, "counters/1/next", clerk).status_code == 204  # nobody here yet
        assert status_of(core, remote) == (TicketStatus.WAITING, True)
        assert unchecked_on_console(core) == "1"
        wrong = post(core, "bookings/check-in", kiosk, code="ZZZ222")
        assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "unknown_booking"
        assert status_of(core, remote) == (TicketStatus.WAITING, True)
        here = post(core, "bookings/check-in", kiosk, code=code.group(1).lower())
        assert here.status_code == 200
        shown = here.json()
        assert shown["booking"] is None and shown["arrival"] == "on_time"
        assert shown["ticket"]["number"] == "1001" and shown["ticket"]["public_token"]
        assert status_of(core, remote) == (TicketStatus.WAITING, False)
        assert not read(core, clerk, remote).awaiting_check_in
        assert unchecked_on_console(core) is None
        assert post(core, "counters/1/next", clerk).json()["number"] == "1001"
