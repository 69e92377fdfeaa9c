"""Texts to a citizen's phone from a real core through a GSM modem on a pseudo-terminal: asked
for at the kiosk with consent, texted near the turn and at the call, at most once each; bad
input refused with nothing kept; a modem without its SIM shown on the console and alerted;
the numbers gone at the day's end."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from harness.gsm_modem import FakeModem
from queue_core.config import parse_site
from queue_core.errors import ConfigError
from queue_core.store import ask_for_texts, remove_expired
from tests.queue_core.conftest import MORNING, SMALL_SITE, open_store
from tests.queue_core.console.conftest import log_in
from tests.support.server import CoreServer, running_core


@pytest.fixture
def modem() -> Iterator[FakeModem]:
    fake = FakeModem()
    yield fake
    fake.close()


def site_with(modem: FakeModem, near: int = 1) -> str:
    """The small site texting through ``modem``, its alerts checked every second."""
    return SMALL_SITE + (
        f'\n[sms]\ndriver = "modem"\nport = "{modem.path}"\nnear = {near}\n'
        "\n[console]\ncheck_seconds = 1\n"
    )


@pytest.fixture
def core(tmp_path: Path, modem: FakeModem) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_with(modem)) as server:
        yield server


def issue(core: CoreServer, kiosk: str) -> dict[str, Any]:
    answer = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    answer.raise_for_status()
    return dict(answer.json())


def ask(core: CoreServer, token: str, ticket_id: int, **body: Any) -> httpx.Response:
    return httpx.post(
        f"{core.base_url}/api/v1/tickets/{ticket_id}/sms",
        json={"phone": "0912 345 678", "consent": True, **body},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_near_the_turn_and_at_the_call_once_each(core: CoreServer, modem: FakeModem) -> None:
    kiosk = core.pair_device("kiosk")
    tickets = [issue(core, kiosk) for _ in range(3)]
    asked = ask(core, kiosk, tickets[2]["id"], phone="+84 912 345 678")
    assert asked.status_code == 201
    assert asked.json() == {"ticket_id": tickets[2]["id"], "phone": "0912 *** 678", "near": 1}
    clerk = {"Authorization": f"Bearer {core.login('lan', '1234', 1)}"}
    assert httpx.post(core.base_url + "/api/v1/counters/1/open", headers=clerk).is_success
    httpx.post(core.base_url + "/api/v1/counters/1/next", headers=clerk).raise_for_status()
    (near,) = modem.wait_sent(1)
    number = tickets[2]["number"]
    assert near.phone == "0912345678" and near.charset == "UCS2"
    assert near.text == f"Lượt: vé {number} còn 1 người phía trước. Mời quay lại sảnh chờ."
    for action in ("start", "finish", "next"):
        httpx.post(f"{core.base_url}/api/v1/counters/1/{action}", headers=clerk).raise_for_status()
    assert len(modem.wait_sent(2, seconds=2)) == 1  # 0 ahead now: told once, not again
    for action in ("start", "finish", "next"):
        httpx.post(f"{core.base_url}/api/v1/counters/1/{action}", headers=clerk).raise_for_status()
    sent = modem.wait_sent(2)
    assert [s.text for s in sent] == [near.text, f"Lượt: mời vé {number} đến Quầy 1."]
    httpx.post(core.base_url + "/api/v1/counters/1/recall", headers=clerk).raise_for_status()
    assert len(modem.wait_sent(3, seconds=2)) == 2  # a recall texts nobody again


def test_asked_after_the_last_event_is_texted_without_waiting_for_another(
    core: CoreServer, modem: FakeModem
) -> None:
    kiosk = core.pair_device("kiosk")
    ticket = issue(core, kiosk)
    # Asking raises no event: let the notifier look at the ticket's event first, so that the
    # request comes after everything it has seen (the hall's last ticket at a quiet hour).
    time.sleep(1.0)
    assert ask(core, kiosk, ticket["id"]).status_code == 201
    (near,) = modem.wait_sent(1)
    assert near.text == f"Lượt: vé {ticket['number']} sắp được gọi. Mời quay lại sảnh chờ ngay."


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"phone": "028 3829 5555"}, 422, "invalid_phone"),  # a landline takes no text
        ({"phone": "09123"}, 422, "invalid_phone"),
        ({"phone": "０９１２３４５６７８"}, 422, "invalid_phone"),  # full-width digits
        ({"consent": False}, 422, "consent_required"),
        ({"lang": "fr"}, 422, "invalid_input"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_kept(
    core: CoreServer, body: dict[str, Any], status: int, code: str
) -> None:
    kiosk = core.pair_device("kiosk")
    ticket = issue(core, kiosk)
    refused = ask(core, kiosk, ticket["id"], **body)
    assert refused.status_code == status
    assert refused.json()["error"]["code"] == code
    (count,) = core.store().conn.execute("SELECT COUNT(*) FROM sms_requests").fetchone()
    assert count == 0


def test_who_may_ask(core: CoreServer) -> None:
    kiosk = core.pair_device("kiosk")
    ticket = issue(core, kiosk)
    board = core.pair_device("board")
    assert ask(core, board, ticket["id"]).status_code == 403
    assert ask(core, "luot_d_nonsense", ticket["id"]).status_code == 401
    assert ask(core, kiosk, 999).status_code == 404
    clerk = core.login("lan", "1234", 2)  # the ticket is not at counter 2
    assert ask(core, clerk, ticket["id"]).json()["error"]["code"] == "wrong_counter"


def test_a_centre_without_sms_says_so(tmp_path: Path) -> None:
    with running_core(tmp_path) as core:
        kiosk = core.pair_device("kiosk")
        ticket = issue(core, kiosk)
        refused = ask(core, kiosk, ticket["id"])
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "sms_off"


def hall(core: CoreServer) -> str:
    with httpx.Client(base_url=core.base_url, timeout=10) as console:
        assert log_in(console, "boss", "999999").status_code == 303
        return console.get("/console/fragment/hall").text


def until(what: Callable[[], bool], seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not what() and time.monotonic() < end:
        time.sleep(0.1)
    assert what()


def test_a_modem_without_its_sim_is_on_the_console_until_it_sends(tmp_path: Path) -> None:
    modem = FakeModem(sim="missing")
    try:
        # the core's clock runs 60 times faster: the retry after 30 s comes in half a second
        with running_core(tmp_path, site_with(modem), clock=(MORNING, 60.0)) as core:
            until(lambda: 'class="alert kind-sms_failing"' in hall(core))  # the checker's turn
            page = hall(core)
            assert 'id="texts-failing"' in page and "no_sim" in page
            kiosk = core.pair_device("kiosk")
            ticket = issue(core, kiosk)
            assert ask(core, kiosk, ticket["id"]).status_code == 201  # 0 ahead: due at once
            until(lambda: 'id="texts-queued">1<' in hall(core))
            assert modem.sent == []
            modem.sim = "READY"  # the SIM put back
            (sent,) = modem.wait_sent(1)
            assert sent.text.startswith(f"Lượt: vé {ticket['number']} sắp được gọi")
            until(lambda: 'id="texts-sent">1<' in hall(core))
            assert 'id="texts-failing"' not in hall(core)
            until(lambda: "kind-sms_failing" not in hall(core))  # cleared at the checker's turn
            said = core.log()
    finally:
        modem.close()
    assert "a text to 0912 *** 678 failed; tried again later" in said
    assert "0912345678" not in said  # the number is never written to the log


def test_the_numbers_are_gone_after_the_day(tmp_path: Path, modem: FakeModem) -> None:
    db = tmp_path / "luot.db"
    store = open_store(db, site_with(modem))
    try:
        ask_for_texts(store.conn, 1, MORNING.date(), "0912345678", "vi", "kiosk:1", MORNING)
        removed = remove_expired(store.conn, store.site, MORNING + timedelta(days=1))
        assert removed.phone_numbers == 1
        (phone,) = store.conn.execute("SELECT phone FROM sms_requests").fetchone()
        assert phone is None
    finally:
        store.close()


NO_TEXT = 'driver = "gateway"\nurl = "https://sms.example.vn/send"\nbody = { to = "{phone}" }'


@pytest.mark.parametrize(
    ("section", "said"),
    [
        ('driver = "modem"', "a modem needs its serial port"),
        ('driver = "gateway"', "a gateway needs its url"),
        (NO_TEXT, "must hold {text}"),
        ('driver = "pigeon"', "driver"),
        ('driver = "modem"\nport = "/dev/ttyUSB2"\nnear = 99', "near"),
        ('driver = "modem"\nport = "/dev/ttyUSB2"\nremote_unchecked = "later"', "remote_unchecked"),
    ],
)
def test_an_sms_section_that_cannot_work_is_refused_in_one_line(section: str, said: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site(SMALL_SITE + f"\n[sms]\n{section}\n", "centre.toml")
    message = str(refused.value)
    assert message.startswith("centre.toml: sms") and said in message and "\n" not in message


def test_a_number_taken_by_text_and_its_state_asked(tmp_path: Path, modem: FakeModem) -> None:
    site = site_with(modem, near=0).replace(
        "\n[console]", "remote_tickets = true\nremote_per_phone = 1\n\n[console]"
    )
    with running_core(tmp_path, site, clock=(MORNING, 60.0)) as core:
        modem.receive("+84912345678", "luot LLTP")  # any case, the country code
        took = modem.wait_sent(1)[0]
        assert took.phone == "0912345678"
        # then the code to check in with at a kiosk (tests/queue_core/notifier/test_remote_*)
        assert took.text.startswith("(1/3) Lượt: số 1001, còn 0 người trước, chờ dưới 5 phút.")
        store = core.store()
        try:
            (ticket,) = store.tickets()
        finally:
            store.close()
        assert (ticket.number, ticket.channel) == ("1001", "sms")
        modem.receive("0912345678", "LUOT lltp")  # one a day for this phone
        modem.receive("0912345678", "Luợt 1001")  # its state, marks and all
        modem.receive("0987654321", "LUOT xin chao")  # not a service: how to ask
        modem.receive("0987654321", "hello")  # not for the queue: no answer
        answers = {s.text.split(":")[1].strip()[:24] for s in modem.wait_sent(6)[3:]}
        assert answers == {
            "mỗi số điện thoại lấy tố",
            "số 1001 còn 0 người trướ",
            "nhắn LUOT <mã dịch vụ> đ",
        }
        # the help comes in two parts; "hello" got nothing
        assert len(modem.wait_sent(8, seconds=2)) == 7


def test_a_centre_without_remote_tickets_says_so_and_issues_none(
    tmp_path: Path, modem: FakeModem
) -> None:
    with running_core(tmp_path, site_with(modem), clock=(MORNING, 60.0)) as core:
        modem.receive("0912345678", "LUOT lltp")
        (said,) = modem.wait_sent(1)
        assert said.text == "Lượt: trung tâm không cấp số qua tin nhắn. Mời lấy số tại ki-ốt."
        store = core.store()
        try:
            assert store.tickets() == []
        finally:
            store.close()
