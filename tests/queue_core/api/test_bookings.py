"""Appointments over HTTP on a real core: the services and a day's slots, a portal's push taken
whole or not at all (and once), a booking read masked, a holder's check-in at the kiosk, and
the /book page's forms, under the pages' headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.queue_core.conftest import MORNING
from tests.queue_core.test_appointments import SITE
from tests.support.server import CoreServer, running_core

TEN = "2026-11-25T10:00:00+07:00"


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    directory = Path(tmp_path_factory.mktemp("bookings"))
    # 09:00 in Hà Nội on a Wednesday, a minute of the core's time per second of the test's
    with running_core(directory, SITE, clock=(MORNING, 1.0)) as server:
        yield server


def session(core: CoreServer, username: str = "boss", pin: str = "999999", **more: int) -> str:
    answer = httpx.post(
        f"{core.base_url}/api/v1/session", json={"username": username, "pin": pin, **more}
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


def test_the_services_and_a_days_slots(core: CoreServer) -> None:
    services = httpx.get(f"{core.base_url}/api/v1/appointments").json()["services"]
    assert [s["id"] for s in services] == ["lltp", "chungthuc"]
    day = httpx.get(f"{core.base_url}/api/v1/appointments/lltp", params={"day": "2026-11-25"})
    slots = day.json()["slots"]
    assert slots[0] == {"at": "2026-11-25T08:00:00+07:00", "capacity": 1, "free": 0}  # begun
    assert {"at": TEN, "capacity": 1, "free": 1} in slots
    unknown = httpx.get(f"{core.base_url}/api/v1/appointments/datdai", params={"day": "2026-11-25"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "no_appointments"


def test_a_push_is_taken_whole_or_not_at_all_and_once(core: CoreServer) -> None:
    token = session(core)
    auth = {"Authorization": f"Bearer {token}"}
    url = f"{core.base_url}/api/v1/bookings"
    rows = [
        {"service": "lltp", "slot": "25/11/2026 14:00", "name": "Nguyễn Văn An", "id": "P-1"},
        {"service": "chungthuc", "slot": "2026-11-25 14:00", "name": "Trần Bình", "id": "P-2",
         "phone": "0912345678"},
    ]  # fmt: skip
    bad = [
        *rows,
        {"service": "datdai", "slot": "25/11/2026 14:00", "name": "Lê C", "id": "P-3"},
        {"service": "lltp", "slot": "25/11/2026 14:07", "name": "Lê D", "id": "P-4"},
    ]
    refused = httpx.post(url, json={"bookings": bad}, headers=auth)
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert "item 3, service: 'datdai' takes no appointments" in message
    assert "item 4, slot:" in message and "not one of the service's slots" in message
    assert httpx.get(f"{url}/ZZZZZZ").status_code == 404
    taken = httpx.post(url, json={"bookings": rows}, headers=auth)
    assert taken.status_code == 201, taken.text
    made = taken.json()["bookings"]
    assert [b["holder"] for b in made] == ["Nguyễn V*** A**", "Trần B**"]
    assert made[1]["phone"] == "0912 *** 678"
    again = httpx.post(url, json={"bookings": rows}, headers=auth).json()["bookings"]
    assert [b["code"] for b in again] == [b["code"] for b in made]
    read = httpx.get(f"{url}/{made[0]['code'].lower()}").json()
    assert read["holder"] == "Nguyễn V*** A**" and read["status"] == "booked"
    nobody = httpx.post(url, json={"bookings": rows})
    assert nobody.status_code == 401
    clerk_session = {"Authorization": f"Bearer {session(core, 'lan', '1234', counter=1)}"}
    clerk = httpx.post(url, json={"bookings": rows}, headers=clerk_session)
    assert clerk.status_code == 403


def test_a_holder_checks_in_at_the_kiosk(core: CoreServer) -> None:
    auth = {"Authorization": f"Bearer {session(core)}"}
    made = httpx.post(
        f"{core.base_url}/api/v1/bookings",
        json={"bookings": [{"service": "lltp", "slot": "25/11/2026 09:15", "name": "Phạm Dung",
                            "id": "P-9"}]},
        headers=auth,
    ).json()["bookings"][0]  # fmt: skip
    answer = httpx.post(
        f"{core.base_url}/api/v1/bookings/check-in", json={"code": made["code"]}, headers=auth
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["arrival"] == "on_time" and body["booking"]["status"] == "checked_in"
    assert body["ticket"]["appointment_at"] == "2026-11-25T09:15:00+07:00"
    assert body["ticket"]["public_token"]
    twice = httpx.post(
        f"{core.base_url}/api/v1/bookings/check-in", json={"code": made["code"]}, headers=auth
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "booking_closed"


def test_the_book_page_walks_service_day_slot_then_gives_a_code_and_qr(core: CoreServer) -> None:
    base = core.base_url
    first = httpx.get(f"{base}/book")
    assert first.status_code == 200 and "Cấp phiếu lý lịch tư pháp" in first.text
    assert first.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in first.headers["content-security-policy"]
    assert "http" not in re.sub(r'href="/[^"]*"', "", first.text.split("<body>")[1])
    days = httpx.get(f"{base}/book", params={"service": "chungthuc", "lang": "en"})
    assert "Choose a day" in days.text and "day=2026-11-26" in days.text
    slots = httpx.get(f"{base}/book", params={"service": "chungthuc", "day": "2026-11-26"})
    assert 'value="2026-11-26T08:00:00+07:00"' in slots.text
    form = {"service": "chungthuc", "slot": "2026-11-26T08:00:00+07:00", "name": "Võ Thị Em",
            "phone": "0987 654 321", "lang": "vi"}  # fmt: skip
    done = httpx.post(f"{base}/book", data=form)
    assert done.status_code == 201, done.text
    code = re.search(r'<p class="code" id="code">([A-Z2-9]{6})</p>', done.text)
    assert code is not None
    assert 'src="data:image/svg+xml;base64,' in done.text
    assert "Võ T*** E**" in done.text and "Võ Thị Em" not in done.text  # masked
    wrong = httpx.post(f"{base}/book", data={**form, "phone": "12"})
    assert wrong.status_code == 422 and "10 chữ số" in wrong.text
    past = httpx.post(f"{base}/book", data={**form, "slot": "2026-11-25T08:00:00+07:00"})
    assert past.status_code == 409
