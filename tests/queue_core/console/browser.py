"""A real headless Chromium (Debian's chromium and chromedriver) driven by Selenium.

Nothing is downloaded: the browser's and the driver's paths are given. As root it needs
``--no-sandbox``; each browser gets its own temporary profile.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@contextmanager
def chromium(width: int = 1920, height: int = 1080) -> Iterator[webdriver.Chrome]:
    """A browser whose page (the viewport) is exactly ``width`` × ``height`` CSS pixels."""
    with tempfile.TemporaryDirectory(prefix="luot-chromium-") as profile:
        options = Options()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
            yield driver
        finally:
            driver.quit()


def log_in(driver: webdriver.Chrome, base_url: str, username: str, pin: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base_url + "/console/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "pin").send_keys(pin)
    driver.find_element(By.ID, "login-button").click()
