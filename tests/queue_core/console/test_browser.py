"""The console in a real headless Chromium against a real core on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from websockets.sync.client import connect

from queue_core.client import CoreClient
from tests.queue_core.console.browser import chromium, log_in
from tests.queue_core.console.test_live import FAST_SITE
from tests.support.server import CoreServer, running_core

WAIT = 60  # seconds a wait may take on a loaded machine before the test fails


@pytest.fixture
def fast_core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=FAST_SITE) as core:
        yield core


@pytest.fixture
def browser(fast_core: CoreServer) -> Iterator[webdriver.Chrome]:
    with chromium(1280, 800) as driver:
        log_in(driver, fast_core.base_url, "boss", "999999")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "live"))
        yield driver


def wait_for(driver: webdriver.Chrome, script: str) -> None:
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script))


def mark_page(driver: webdriver.Chrome) -> None:
    """A flag on this page's window: gone if the page reloads."""
    driver.execute_script("window.__notReloaded = true;")


def still_the_same_page(driver: webdriver.Chrome) -> bool:
    return bool(driver.execute_script("return window.__notReloaded === true;"))


def refreshed_by_an_event(driver: webdriver.Chrome) -> bool:
    reason = driver.execute_script("return document.getElementById('live').dataset.refreshed")
    return str(reason).startswith("event ")


def test_logging_in_lands_on_the_live_hall(fast_core: CoreServer) -> None:
    with chromium(1920, 1080) as driver:
        log_in(driver, fast_core.base_url, "lan", "1234")
        # the click returns before the refused login's page has come back
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "login-error"))
        assert "không có quyền" in driver.find_element(By.ID, "login-error").text
        log_in(driver, fast_core.base_url, "boss", "999999")
        WebDriverWait(driver, WAIT).until(lambda d: d.current_url.endswith("/console"))
        assert driver.find_element(By.ID, "nav-hall").get_attribute("class") == "on"
        assert driver.execute_script("return window.innerWidth") == 1920
        assert driver.get_cookie("luot_console")["httpOnly"] is True
        assert driver.execute_script("return document.cookie") == ""


def test_a_ticket_issued_through_the_client_appears_without_a_reload(
    fast_core: CoreServer, browser: webdriver.Chrome
) -> None:
    kiosk = fast_core.pair_device("kiosk")
    wait_for(browser, "return !document.getElementById('live-state').hidden")
    mark_page(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#service-datdai .waiting").text == "0"

    async def issue() -> str:
        async with CoreClient(fast_core.base_url, kiosk) as client:
            return (await client.issue_ticket("datdai")).number

    number = asyncio.run(issue())
    wait_for(
        browser,
        "return document.querySelector('#service-datdai .waiting').textContent.trim() === '1'",
    )
    assert still_the_same_page(browser)
    assert refreshed_by_an_event(browser)
    assert number == "A001"


def test_closing_a_service_in_the_browser_makes_the_api_report_it(
    fast_core: CoreServer, browser: webdriver.Chrome
) -> None:
    browser.find_element(By.ID, "nav-admin").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "service-select"))
    Select(browser.find_element(By.ID, "service-select")).select_by_value("chungthuc")
    browser.find_element(By.ID, "service-reason").send_keys("Máy photo hỏng")
    browser.find_element(By.ID, "service-close").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "done"))
    agencies = httpx.get(fast_core.base_url + "/api/v1/services").json()
    service = next(s for a in agencies for s in a["services"] if s["id"] == "chungthuc")
    assert service["available"] is False and service["reason"] == "closed_today"
    assert "Máy photo hỏng" in service["reason_message"]


def test_a_notice_posted_in_the_browser_reaches_a_websocket_subscriber(
    fast_core: CoreServer, browser: webdriver.Chrome
) -> None:
    seq = httpx.get(fast_core.base_url + "/api/v1/health").json()["seq"]
    with connect(
        f"{fast_core.ws_url}?since={seq}", additional_headers=fast_core.stream_headers()
    ) as ws:
        browser.get(fast_core.base_url + "/console/admin")
        browser.find_element(By.ID, "notice-text").send_keys("Hôm nay làm việc đến 17:00")
        browser.find_element(By.ID, "notice-post").click()
        while True:
            event = json.loads(ws.recv(timeout=WAIT))
            if event["type"] == "notice.changed":
                break
    assert event["notices"] == ["Hôm nay làm việc đến 17:00"]


def test_a_paper_out_heartbeat_turns_the_device_row_red_and_raises_an_alert(
    fast_core: CoreServer, browser: webdriver.Chrome
) -> None:
    kiosk = fast_core.pair_device("kiosk", "Kiosk cửa chính")

    async def beat(printer: str) -> None:
        async with CoreClient(fast_core.base_url, kiosk) as client:
            await client.heartbeat("1.0.0", 3600, printer)

    asyncio.run(beat("ok"))
    browser.get(fast_core.base_url + "/console/devices")
    row = "document.getElementById('device-1')"
    assert browser.execute_script(f"return {row}.dataset.health") == "ok"
    wait_for(browser, "return !document.getElementById('live-state').hidden")
    mark_page(browser)
    asyncio.run(beat("paper_out"))
    wait_for(browser, f"return {row} && {row}.dataset.health === 'paper_out'")
    wait_for(browser, "return document.querySelector('.alert.kind-device_paper_out') !== null")
    assert still_the_same_page(browser)
    assert refreshed_by_an_event(browser)  # the alert.raised event, not the periodic look
    colour = browser.execute_script(f"return getComputedStyle({row}.cells[0]).backgroundColor")
    assert colour == "rgb(253, 226, 226)"  # the red of a device in trouble
    alert = browser.find_element(By.CSS_SELECTOR, ".alert.kind-device_paper_out").text
    assert "Kiosk cửa chính" in alert and "hết giấy" in alert
