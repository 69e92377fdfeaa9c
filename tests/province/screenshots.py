"""Screenshots of every page of the provincial console, in a real headless Chromium, at
1920×1080 (Vietnamese and English) and at tablet size (1280×800, Vietnamese), against a real
province on PostgreSQL into which five centres' days were shipped as their cores keep them.

    .venv/bin/python -m tests.province.screenshots docs/screenshots/province
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from harness.postgres import running_postgres
from harness.province import migrated_database, serving_in_thread
from province import staff
from province.console import ConsoleSettings
from province.db import connect
from tests.province.console_days import NOW, CentrePlan, backup_stale, ship_centre
from tests.queue_core.console.browser import chromium

SIZES = {"desktop": (1920, 1080), "tablet": (1280, 800)}
TALLEST = 2600
"""A long page is shot whole, down to this many pixels."""
ADMIN = ("thu.nguyen", "Nguyễn Thị Thu", "mat-khau-cua-thu")
PLANS = (
    CentrePlan(
        "hcc-tinh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        tickets=170,
        days=5,
        late=((9.65, "sxd-gpxd"), (9.8, "sxd-gpxd")),
        dossiers=True,
    ),
    CentrePlan(
        "mc-tpbacninh",
        "Bộ phận Một cửa thành phố Bắc Ninh",
        tickets=120,
        days=5,
        seed=11,
        counters=(1, 2, 3, 5, 7, 10, 11, 12),
    ),
    CentrePlan(
        "mc-tuson",
        "Bộ phận Một cửa thành phố Từ Sơn",
        tickets=90,
        days=5,
        seed=5,
        pace=1.7,  # few counters for the day's crowd: long waits
        counters=(1, 3, 7, 10, 12),
    ),
    CentrePlan(
        "mc-giabinh",
        "Bộ phận Một cửa huyện Gia Bình",
        tickets=45,
        days=5,
        seed=7,
        counters=(1, 3, 7, 10, 12),
        alerts=((8.2, backup_stale(3)),),
    ),
)
NEVER = ("mc-luongtai", "Bộ phận Một cửa huyện Lương Tài")
PAGES = (
    ("01-login", "/province/login", False),
    ("02-overview", "/province", False),
    ("03-alerts", "/province/alerts", False),
    ("04-reports", "/province/reports?by=centre&period=day", True),
    ("05-reports-agency-week", "/province/reports?by=agency&period=week&from=2026-10-01", True),
    ("06-centre", "/province/centres/hcc-tinh", True),
    ("07-admin", "/province/admin", True),
    ("08-audit", "/province/audit", False),
)


def fill(dsn: str, folder: Path) -> None:
    with connect(dsn) as conn:
        staff.add(conn, "cli:admin", *ADMIN[:2], "admin", ADMIN[2])
        staff.add(conn, "cli:admin", "hung.pham", "Phạm Quốc Hùng", "viewer", "mat-khau-cua-hung")
        staff.add(conn, "cli:admin", "lan.tran", "Trần Thị Lan", "viewer", "mat-khau-cua-lan")
    with serving_in_thread(dsn) as url, httpx.Client(timeout=120, trust_env=False) as client:
        for plan in PLANS:
            ship_centre(dsn, url, client, plan, folder)
    with connect(dsn) as conn:
        conn.execute("UPDATE centres SET last_seen_at = %s", (NOW - timedelta(minutes=1),))
        conn.execute(  # its core stopped at 10:02 (its last shipment)
            "UPDATE centres SET last_seen_at = %s WHERE code = 'mc-giabinh'",
            (NOW - timedelta(minutes=28),),
        )
        conn.execute("UPDATE audit SET at = %s", (NOW - timedelta(days=6),))
        conn.execute("UPDATE centres SET added_at = %s", (NOW - timedelta(days=8),))


def _admin_changes(url: str) -> None:
    """Changes through the console, for the audit page: a centre added, a viewer disabled."""
    with httpx.Client(base_url=url, timeout=30, trust_env=False) as client:
        page = client.get("/province/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post(
            "/province/login", data={"username": ADMIN[0], "password": ADMIN[2], "csrf": csrf}
        )

        def post(action: str, **data: str) -> None:
            html = client.get("/province/admin").text
            token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
            answer = client.post(f"/province/admin/{action}", data={"csrf": token, **data})
            assert answer.status_code in (200, 303), answer.text

        post("centre-add", centre=NEVER[0], name=NEVER[1])
        post("staff-disable", username="lan.tran")


def full_page(driver: webdriver.Chrome, target: Path, width: int, height: int) -> None:
    """The page down to its end (at most TALLEST pixels), or the window when it is shorter."""
    tall = int(driver.execute_script("return document.documentElement.scrollHeight"))
    tall = min(max(tall, height), TALLEST)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": tall, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.save_screenshot(str(target))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def log_in(driver: webdriver.Chrome, url: str) -> None:
    driver.get(url + "/province/login")
    driver.find_element(By.ID, "username").send_keys(ADMIN[0])
    driver.find_element(By.ID, "password").send_keys(ADMIN[2])
    driver.find_element(By.ID, "login-button").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "nav-overview"))


def shoot(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    settings = ConsoleSettings(now=lambda: NOW, title="Tỉnh Bắc Ninh", refresh_seconds=3600)
    with running_postgres() as pg, tempfile.TemporaryDirectory(prefix="luot-shots-") as tmp:
        dsn = migrated_database(pg, "province")
        fill(dsn, Path(tmp))
        with serving_in_thread(dsn, console=settings) as url:
            _admin_changes(url)
            for size, lang in (("desktop", "vi"), ("desktop", "en"), ("tablet", "vi")):
                width, height = SIZES[size]
                with chromium(width, height) as driver:
                    if lang == "en":
                        driver.get(url + "/province/lang?to=en&next=/province/login")
                    for name, path, whole in PAGES:
                        if name == "02-overview":
                            log_in(driver, url)
                        driver.get(url + path)
                        WebDriverWait(driver, 30).until(
                            lambda d: d.find_elements(By.TAG_NAME, "main")
                        )
                        target = outdir / f"{name}-{size}-{lang}.png"
                        if whole:
                            full_page(driver, target, width, height)
                        else:
                            driver.save_screenshot(str(target))
                        made.append(target)
    return made


if __name__ == "__main__":
    for path in shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/province")):
        print(path)
