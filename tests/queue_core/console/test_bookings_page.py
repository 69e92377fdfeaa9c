"""The console's bookings page on a real core: a slot booked for a caller (its code shown), the
day's list with whole names and the figures, one cancelled with a reason, each audited; a form
without its CSRF token or from a clerk does nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.queue_core.conftest import MORNING
from tests.queue_core.console.conftest import csrf_of, log_in
from tests.queue_core.test_appointments import SITE
from tests.support.server import running_core


@pytest.fixture
def console(tmp_path: Path) -> Iterator[httpx.Client]:
    with (
        running_core(tmp_path, SITE, clock=(MORNING, 1.0)) as core,
        httpx.Client(base_url=core.base_url, timeout=10) as client,
    ):
        assert log_in(client, "boss", "999999").status_code == 303
        yield client


def test_book_for_a_caller_list_and_cancel_audited(console: httpx.Client) -> None:
    page = console.get("/console/bookings")
    assert page.status_code == 200 and 'id="form-book"' in page.text
    slot = re.search(r'<option value="(2026-11-25T10:00:00\+07:00)">10:00 — Cấp phiếu', page.text)
    assert slot is not None
    csrf = csrf_of(console, "/console/bookings")
    made = console.post(
        "/console/bookings/book",
        data={"csrf": csrf, "service": "lltp", "slot": slot.group(1), "name": "Nguyễn Văn An",
              "phone": "0912345678"},
    )  # fmt: skip
    assert made.status_code == 303
    shown = console.get(made.headers["location"]).text
    code = re.search(r'<b id="made-code">([A-Z2-9]{6})</b>', shown)
    assert code is not None
    assert f'id="booking-{code.group(1)}"' in shown and "Nguyễn Văn An" in shown  # whole name
    assert re.search(r'id="fig-booked">1<', shown)
    full = console.post(
        "/console/bookings/book",
        data={"csrf": csrf, "service": "lltp", "slot": slot.group(1), "name": "Trần Bình"},
    )
    assert full.status_code == 409 and 'id="error-book"' in full.text
    forged = console.post("/console/bookings/cancel", data={"code": code.group(1), "reason": "x"})
    assert forged.status_code == 403
    cancelled = console.post(
        "/console/bookings/cancel", data={"csrf": csrf, "code": code.group(1), "reason": "Đổi lịch"}
    )
    assert cancelled.status_code == 303
    after = console.get("/console/bookings").text
    assert re.search(r'id="fig-cancelled">1<', after)
    audit = console.get("/console/audit").text
    assert "booking.make" in audit and "booking.cancel" in audit and "Đổi lịch" in audit


def test_a_clerk_cannot_use_the_page(tmp_path: Path) -> None:
    with running_core(tmp_path, SITE) as core, httpx.Client(base_url=core.base_url) as client:
        assert log_in(client, "lan", "1234").status_code != 303
        assert client.get("/console/bookings").status_code in (303, 307)


def test_the_list_is_live_and_follows_a_check_in_without_a_reload(console: httpx.Client) -> None:
    page = console.get("/console/bookings").text
    fragment = re.search(r'<div id="live" data-fragment="([^"]+)" data-seq="\d+">', page)
    assert fragment is not None and fragment.group(1) == "/console/fragment/bookings?day=2026-11-25"
    csrf = csrf_of(console, "/console/bookings")
    slot = "2026-11-25T09:15:00+07:00"  # the core's clock: 09:00, so the holder is on time
    made = console.post(
        "/console/bookings/book",
        data={"csrf": csrf, "service": "lltp", "slot": slot, "name": "Nguyễn Văn An"},
    )
    code = made.headers["location"].split("done=")[1].split("#")[0]
    before = console.get(fragment.group(1)).text
    assert re.search(r'id="fig-checked-in">0<', before) and f'id="booking-{code}"' in before
    # a holder checks in at a kiosk (here the supervisor's session stands in for it): the
    # fragment the page fetches on the ticket's event shows it, the rest of the page untouched
    token = console.cookies.get("luot_console")
    assert token is not None
    arrived = console.post(
        "/api/v1/bookings/check-in",
        json={"code": code},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert arrived.status_code == 200, arrived.text
    after = console.get(fragment.group(1)).text
    assert re.search(r'id="fig-checked-in">1<', after) and "<html" not in after
    assert console.get("/console/fragment/bookings").status_code == 200
