"""The core's pages in a real headless Chromium under its Content-Security-Policy: each draws
and behaves (styles applied, scripts run, the ticket polled, the console live, Swagger UI
calling the core) and the browser reports no violation of the policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.queue_core.console.browser import chromium, log_in
from tests.support.dossiers import READY, import_dossiers, this_month_rows
from tests.support.server import CoreServer, running_core

WAIT = 60  # seconds a wait may take on a loaded machine before the test fails

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    directory = Path(tmp_path_factory.mktemp("pages"))
    with running_core(directory) as server:
        import_dossiers(server, directory / "export.csv", this_month_rows())
        yield server


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    with chromium(420, 860) as driver:
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
        )
        yield driver


def violations(driver: webdriver.Chrome) -> list[str]:
    return list(driver.execute_script("return window.__violations"))


def wait_for(driver: webdriver.Chrome, script: str) -> None:
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script))


def style_of(driver: webdriver.Chrome, selector: str, name: str) -> str:
    script = "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]"
    return str(driver.execute_script(script, selector, name))


def test_the_ticket_page_draws_switches_language_and_follows_the_ticket(
    core: CoreServer, browser: webdriver.Chrome
) -> None:
    kiosk = core.pair_device("kiosk")
    ticket = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {kiosk}"},
    ).json()
    browser.get(f"{core.base_url}/t/{ticket['public_token']}")
    assert style_of(browser, ".number", "fontSize") == "72px"  # ticket.css: 4.5rem
    assert browser.find_element(By.ID, "lang").text == "English"
    browser.find_element(By.ID, "lang").click()  # ticket.js
    assert browser.find_element(By.ID, "lang").text == "Tiếng Việt"
    assert browser.find_element(By.CSS_SELECTOR, "#waiting span").text == "people ahead"
    supervisor = {"Authorization": f"Bearer {core.login('boss', '999999', None)}"}
    for step in ("open", "next"):
        done = httpx.post(f"{core.base_url}/api/v1/counters/1/{step}", headers=supervisor)
        assert done.is_success, done.text
    # the page polls the ticket (fetch to the core: connect-src 'self') and shows the call
    wait_for(browser, "return !document.getElementById('call').hidden")
    assert browser.find_element(By.ID, "counter").text == "1"
    assert violations(browser) == []


def test_the_dossier_page_draws_switches_language_and_looks_up_another(
    core: CoreServer, browser: webdriver.Chrome
) -> None:
    browser.get(f"{core.base_url}/d/{READY}")
    assert style_of(browser, ".status", "fontWeight") == "700"  # dossier.css
    browser.find_element(By.ID, "lang").click()  # dossier.js
    assert browser.find_element(By.ID, "lang").text == "Tiếng Việt"
    code = browser.find_element(By.CSS_SELECTOR, "#lookup input")
    code.send_keys("no-such-code")
    browser.find_element(By.CSS_SELECTOR, "#lookup button").click()
    WebDriverWait(browser, WAIT).until(lambda d: "/d/NO-SUCH-CODE" in d.current_url)
    assert "?lang=en" in browser.current_url
    assert violations(browser) == []


def test_the_docs_page_runs_swagger_ui_from_the_core_and_calls_it(
    core: CoreServer, browser: webdriver.Chrome
) -> None:
    browser.set_window_size(1280, 900)
    browser.get(core.base_url + "/api/v1/docs")
    wait_for(browser, "return document.querySelectorAll('.opblock').length >= 20")
    browser.find_element(By.ID, "operations-default-health_api_v1_health_get").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    browser.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    browser.find_element(By.CSS_SELECTOR, ".execute").click()
    answer = ".live-responses-table tbody .response-col_status"
    wait_for(browser, f"return !!document.querySelector('{answer}')")
    assert browser.find_element(By.CSS_SELECTOR, answer).text.strip().startswith("200")
    assert violations(browser) == []


def test_the_console_pages_draw_and_go_live_under_the_policy(
    core: CoreServer, browser: webdriver.Chrome
) -> None:
    browser.set_window_size(1280, 800)
    log_in(browser, core.base_url, "boss", "999999")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "live"))
    # console.js opened the event stream (a WebSocket to the core: connect-src 'self')
    wait_for(
        browser,
        "var b = document.getElementById('live-state');"
        "return !b.hidden && !b.classList.contains('down');",
    )
    for page in ("devices", "admin", "audit", "reports"):
        browser.get(f"{core.base_url}/console/{page}")
        assert browser.find_elements(By.ID, f"nav-{page}")
        assert style_of(browser, "header.top", "display") == "flex"  # console.css
    swatches = browser.find_elements(By.CSS_SELECTOR, ".legend .swatch")
    assert swatches and swatches[0].size["width"] == 12
    assert violations(browser) == []
