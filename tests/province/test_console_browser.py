"""The provincial console in a real headless Chromium (Debian's chromium and chromedriver, as the
core's console is tested) against a real province on 127.0.0.1 over PostgreSQL: logging in,
the overview following a shipped batch without a reload, drilling down to a centre and on to
its report, a report chosen in its form, an admin's form, no script or style refused by the
policy, and the text on its ground at 4.5:1 or more as the browser draws it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness.province import post_batch
from queue_core.domain.contrast import MIN_TEXT_CONTRAST, contrast_ratio
from tests.province.conftest import event, ticket
from tests.province.console_days import NOW, TODAY
from tests.province.console_fixtures import ADMIN, VIEWER, Console
from tests.province.console_fixtures import console as console
from tests.queue_core.console.browser import chromium

WAIT = 60  # seconds a wait may take on a loaded machine before the test fails
WATCH_POLICY = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__refused.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""
PAGES = (
    "/province",
    "/province/alerts",
    "/province/reports",
    "/province/reports?by=service&period=week&from=2026-10-01",
    "/province/centres/hcc-tinh",
    "/province/admin",
    "/province/audit",
)


def log_in(driver: webdriver.Chrome, url: str, username: str, password: str) -> None:
    driver.get(url + "/province/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-button").click()


def wait_for(driver: webdriver.Chrome, script: str) -> None:
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script))


@pytest.fixture
def browser(console: Console) -> Iterator[webdriver.Chrome]:
    with chromium(1920, 1080) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_POLICY})
        log_in(driver, console.url, ADMIN[0], ADMIN[2])
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "centres"))
        yield driver


def test_logging_in_lands_on_the_overview_in_an_httponly_cookie(console: Console) -> None:
    with chromium(1280, 800) as driver:
        log_in(driver, console.url, VIEWER[0], "not-the-password")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "login-error"))
        assert "không đúng" in driver.find_element(By.ID, "login-error").text
        log_in(driver, console.url, VIEWER[0], VIEWER[2])
        WebDriverWait(driver, WAIT).until(lambda d: d.current_url.endswith("/province"))
        assert driver.find_element(By.ID, "nav-overview").get_attribute("class") == "on"
        assert not driver.find_elements(By.ID, "nav-admin")  # a viewer's bar
        assert driver.get_cookie("luot_province")["httpOnly"] is True
        assert driver.execute_script("return document.cookie") == ""


def test_a_batch_shipped_shows_on_the_overview_without_a_reload(
    console: Console, browser: webdriver.Chrome
) -> None:
    cell = "document.querySelector('#centre-hcc-tinh .waiting').textContent.trim()"
    before = int(browser.execute_script(f"return {cell}"))
    browser.execute_script("window.__notReloaded = true;")
    token = "luot_p_a-token-for-the-test"
    console.run(
        "UPDATE centres SET token_hash = %s WHERE code = 'hcc-tinh'",
        hashlib.sha256(token.encode()).hexdigest(),
    )
    acked = int(console.rows("SELECT acked_seq FROM centres WHERE code = 'hcc-tinh'")[0][0])
    at = NOW - timedelta(minutes=1)
    new = [
        event(acked + n, "ticket.issued", at, ticket(90_000 + n, "stp-lltp", issued=at, day=TODAY))
        for n in (1, 2)
    ]
    with httpx.Client(timeout=30, trust_env=False) as client:
        answer = post_batch(client, console.url, token, "hcc-tinh", new)
    assert answer.status_code == 200, answer.text
    wait_for(browser, f"return {cell} === '{before + 2}'")
    assert browser.execute_script("return window.__notReloaded === true")
    assert int(browser.execute_script("return document.getElementById('live').dataset.looks")) > 0
    assert browser.execute_script("return window.__refused") == []


def test_drilling_down_to_a_centre_and_on_to_its_report(
    console: Console, browser: webdriver.Chrome
) -> None:
    browser.find_element(By.CSS_SELECTOR, "#centre-hcc-tinh a.name").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "centre"))
    assert browser.current_url.endswith("/province/centres/hcc-tinh")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Trung tâm PVHCC tỉnh")
    over = browser.find_element(By.ID, "service-sxd-gpxd")
    assert "over" in (over.get_attribute("class") or "")
    browser.find_element(By.CSS_SELECTOR, "details.all-services summary").click()
    assert browser.find_element(By.ID, "all-services").is_displayed()
    browser.find_element(By.ID, "centre-report").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "report-table"))
    chosen = Select(browser.find_element(By.ID, "report-centre")).first_selected_option
    assert chosen.get_attribute("value") == "hcc-tinh"
    assert (
        Select(browser.find_element(By.ID, "report-by")).first_selected_option.get_attribute(
            "value"
        )
        == "service"
    )


def test_a_report_chosen_in_its_form_draws_its_charts(
    console: Console, browser: webdriver.Chrome
) -> None:
    browser.find_element(By.ID, "nav-reports").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "report-form"))
    Select(browser.find_element(By.ID, "report-by")).select_by_value("agency")
    Select(browser.find_element(By.ID, "report-period")).select_by_value("week")
    browser.find_element(By.ID, "report-show").click()
    WebDriverWait(browser, WAIT).until(lambda d: "by=agency" in d.current_url)
    assert "period=week" in browser.current_url
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart-series svg.chart rect")
    assert len(bars) >= 2 and all(float(b.get_attribute("height") or 0) >= 0 for b in bars)
    waits = browser.find_elements(By.CSS_SELECTOR, "#chart-waits svg.chart text.label")
    assert "Sở Tư pháp" in [w.text for w in waits]
    link = browser.find_element(By.ID, "xlsx").get_attribute("href") or ""
    assert "/province/reports.xlsx?" in link and "by=agency" in link
    rows = browser.find_elements(By.CSS_SELECTOR, "#report-table tbody tr")
    assert rows[-1].get_attribute("id") == "total"


def test_an_admin_adds_a_centre_and_reads_its_token_once(
    console: Console, browser: webdriver.Chrome
) -> None:
    browser.find_element(By.ID, "nav-admin").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "form-centre-add"))
    browser.find_element(By.ID, "centre-id").send_keys("hcc-luongtai")
    browser.find_element(By.ID, "centre-name").send_keys("Trung tâm huyện Lương Tài")
    browser.find_element(By.ID, "centre-add-button").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "centre-token"))
    shown = browser.find_element(By.ID, "centre-token").text
    token = re.search(r'token = "(luot_p_\S+)"', shown)
    assert token and 'centre = "hcc-luongtai"' in shown
    browser.get(console.url + "/province")
    row = "document.getElementById('centre-hcc-luongtai').dataset.state"
    assert browser.execute_script(f"return {row}") == "never"
    state = httpx.get(  # its shipper's first question: the province hears from it
        console.url + "/api/v1/ingest/state",
        headers={"Authorization": f"Bearer {token.group(1)}"},
    )
    assert state.json() == {"centre": "hcc-luongtai", "acked_seq": 0}
    wait_for(browser, f"return {row} === 'ok'")


def test_every_page_loads_nothing_the_policy_refuses_and_switches_to_english(
    console: Console, browser: webdriver.Chrome
) -> None:
    for path in PAGES:
        browser.get(console.url + path)
        WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.TAG_NAME, "main"))
        assert browser.execute_script("return window.__refused") == [], path
        loaded = browser.execute_script(
            "return [...document.styleSheets].map(s => s.cssRules.length)"
        )
        assert loaded and loaded[0] > 50, path  # the stylesheet was applied
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "nav-overview"))
    assert browser.find_element(By.ID, "nav-overview").text == "Overview"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.current_url.endswith("/province/audit")


CONTRAST = """
function parse(c) {
  const v = (c.match(/[\\d.]+/g) || []).map(Number);
  return [v[0] || 0, v[1] || 0, v[2] || 0, v.length > 3 ? v[3] : 1];
}
function ground(el) {  // the backgrounds under el, see-through ones laid on those below
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const bg = parse(getComputedStyle(e).backgroundColor);
    if (bg[3] > 0) { layers.push(bg); }
    if (bg[3] >= 1) { break; }
  }
  let base = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) {
    base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
  }
  return 'rgb(' + base.map(Math.round).join(', ') + ')';
}
const out = [];
for (const el of document.querySelectorAll(arguments[0])) {
  if (!el.getClientRects().length || !el.textContent.trim()) { continue; }
  out.push([el.tagName + '.' + el.className, getComputedStyle(el).color, ground(el)]);
}
return out;
"""
TEXT = (
    "h1, h2, th, td, td small, a, button, label, .badge, .tag, .count, .figures span, "
    ".figures b, .hint, .error, .late, .stamp, .legend span, .who, .brand .site"
)


def _hex(rgb: str) -> str:
    parts = [int(float(p)) for p in re.findall(r"[\d.]+", rgb)[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


def test_the_text_stands_out_from_its_ground_as_the_browser_draws_it(
    console: Console, browser: webdriver.Chrome
) -> None:
    console.run(
        "UPDATE centres SET last_seen_at = %s WHERE code = 'hcc-giabinh'",
        NOW - timedelta(hours=1),
    )  # a silent centre: its red badge and row
    checked = 0
    for path in (*PAGES, "/province/login"):
        browser.get(console.url + path)
        WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.TAG_NAME, "main"))
        for name, colour, ground in browser.execute_script(CONTRAST, TEXT):
            ratio = contrast_ratio(_hex(colour), _hex(ground))
            assert ratio >= MIN_TEXT_CONTRAST, f"{path} {name}: {colour} on {ground} {ratio:.2f}"
            checked += 1
    assert checked > 300
