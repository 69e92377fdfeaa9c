"""The phone page in Debian's Chromium follows its ticket without a reload: ticket 1004, three
ahead, turns to "called to counter 5" as the clerk calls it; at the site's ``near`` it shows the
near-turn card, changes its title, chimes and vibrates (after the citizen's tap allowed it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.queue_core.conftest import SMALL_SITE
from tests.queue_core.console.browser import chromium
from tests.support.server import CoreServer, running_core

WAIT = 60  # seconds a wait may take on a loaded machine before the test fails
FIVE_COUNTERS = SMALL_SITE + "".join(
    f'\n[[counters]]\nnumber = {n}\nservices = ["lltp"]\n' for n in (4, 5)
)
RECORD = """
window.__tones = 0; window.__vibrations = []; window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
var made = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () { window.__tones++; return made.call(this); };
Object.defineProperty(navigator, "vibrate", {value: function (p) {
  window.__vibrations.push(JSON.stringify(p)); return true; }});
"""


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, FIVE_COUNTERS) as server:
        yield server


@pytest.fixture
def phone() -> Iterator[webdriver.Chrome]:
    with chromium(390, 844) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})
        yield driver


def page(driver: webdriver.Chrome, script: str) -> object:
    return driver.execute_script(script)


def test_the_page_is_pushed_from_three_ahead_to_the_call(
    core: CoreServer, phone: webdriver.Chrome
) -> None:
    kiosk = {"Authorization": f"Bearer {core.pair_device('kiosk')}"}
    issued = [
        httpx.post(core.base_url + "/api/v1/tickets", json={"service": "lltp"}, headers=kiosk)
        for _ in range(4)
    ]
    ticket = issued[-1].json()
    assert (ticket["number"], ticket["ahead"]) == ("1004", 3)
    phone.get(f"{core.base_url}/t/{ticket['public_token']}")
    wait = WebDriverWait(phone, WAIT)
    wait.until(lambda d: d.find_element(By.ID, "ahead").text == "3")
    # three ahead is the site's near (3 without [sms]): the card, the title
    assert phone.find_element(By.ID, "near").is_displayed()
    assert phone.title == "Sắp đến lượt: còn 3 người — số 1004"
    phone.find_element(By.ID, "alerts").click()  # the citizen's tap allows sound and vibration
    assert page(phone, "return window.__tones") == 2  # the tap's own chime: two notes
    page(phone, "window.__marker = 'no reload'")

    supervisor = {"Authorization": f"Bearer {core.login('boss', '999999', None)}"}
    httpx.post(core.base_url + "/api/v1/counters/5/open", headers=supervisor).raise_for_status()
    before = page(phone, "return Date.now()")
    called = httpx.post(
        core.base_url + "/api/v1/counters/5/call",
        json={"ticket": ticket["id"], "reason": "người cao tuổi"},
        headers=supervisor,
    )
    assert called.status_code == 200, called.text
    wait.until(lambda d: d.find_element(By.ID, "call").is_displayed())
    assert phone.find_element(By.ID, "counter").text == "5"
    assert phone.title == "Mời đến quầy 5 — số 1004"
    assert page(phone, "return window.__marker") == "no reload"
    assert page(phone, "return window.__tones") == 2 + 6  # three chimes of two notes
    # near at the page's first sight (a phone allows it only after a tap), the tap, the call
    assert page(phone, "return window.__vibrations") == [
        "[300,150,300]",
        "80",
        "[400,200,400,200,400]",
    ]
    polled = page(
        phone,
        "return performance.getEntriesByType('resource')"
        ".filter(function (e) { return e.name.indexOf('/api/v1/tickets/') >= 0; }).length",
    )
    assert polled == 0  # pushed by the stream, not polled
    shown_after = int(str(page(phone, "return document.body.dataset.shownAt"))) - int(str(before))
    print(f"the call reached the page {shown_after} ms after it was asked")
    phone.find_element(By.ID, "lang").click()
    assert phone.title == "Go to counter 5 — number 1004"
    assert page(phone, "return window.__violations") == []
