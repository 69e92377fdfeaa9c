"""/book end to end in Debian's Chromium at a phone's size, under the core's policy: a service,
a day, a slot, the name and phone, then the code and its QR; the booking is in the store, the
page loaded nothing from elsewhere and broke no rule of the policy. Each step is saved as a
screenshot (docs/appointments.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from queue_core.store import bookings_of_day
from tests.queue_core.api.test_pages_browser import RECORD_VIOLATIONS, WAIT, violations
from tests.queue_core.conftest import MORNING
from tests.queue_core.console.browser import chromium
from tests.queue_core.test_appointments import SITE
from tests.support.server import CoreServer, running_core


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, SITE, clock=(MORNING, 1.0)) as server:
        yield server


@pytest.fixture
def phone() -> Iterator[webdriver.Chrome]:
    with chromium(390, 844) as driver:
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
        )
        yield driver


def test_a_citizen_books_on_a_phone(
    core: CoreServer, phone: webdriver.Chrome, tmp_path: Path
) -> None:
    phone.get(f"{core.base_url}/book")
    phone.save_screenshot(str(tmp_path / "book-1-service.png"))
    phone.find_element(By.LINK_TEXT, "Chứng thực bản sao").click()
    day = phone.find_element(By.CSS_SELECTOR, ".days a")  # today, 09:00: slots left
    assert "25/11" in day.text
    phone.save_screenshot(str(tmp_path / "book-2-day.png"))
    day.click()
    slots = phone.find_elements(By.CSS_SELECTOR, ".slots label")
    assert slots and slots[0].text == "09:30"  # 09:00 has begun
    slots[1].click()
    phone.find_element(By.NAME, "name").send_keys("Nguyễn Thị Hoa")
    phone.find_element(By.NAME, "phone").send_keys("0912 345 678")
    phone.save_screenshot(str(tmp_path / "book-3-slot.png"))
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(phone, WAIT).until(lambda d: d.find_elements(By.ID, "code"))
    code = phone.find_element(By.ID, "code").text
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)
    qr = phone.find_element(By.CSS_SELECTOR, "img.qr")
    assert phone.execute_script("return arguments[0].naturalWidth", qr) > 0  # drawn
    assert "Nguyễn T*** H**" in phone.page_source
    phone.save_screenshot(str(tmp_path / "book-4-code.png"))
    assert violations(phone) == []
    store = core.store()
    try:
        (made,) = bookings_of_day(store.conn, MORNING.date())
    finally:
        store.close()
    assert (made.code, made.holder_name, made.phone) == (code, "Nguyễn Thị Hoa", "0912345678")
    assert made.slot_at == MORNING + timedelta(hours=1)  # 10:00 in Hà Nội
