"""Screenshots of every console page at 1920×1080 and at tablet size (1280×800), Vietnamese
and English, against a real core filled with a plausible morning.

    .venv/bin/python -m tests.queue_core.console.screenshots docs/screenshots/console
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from harness.child import free_port
from queue_core.config import SAMPLE_SITE, open_around_the_clock
from queue_core.domain import (
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    RateTicket,
    Recall,
    SetCounterState,
    StartService,
)
from queue_core.store import DeviceRole, Store, create_pairing_code, pair_device, record_heartbeat
from tests.queue_core.console.browser import chromium, log_in
from tests.support.server import CoreServer

SIZES = {"desktop": (1920, 1080), "tablet": (1280, 800)}
PAGES = (
    ("01-login", "/console/login"),
    ("02-hall", "/console"),
    ("03-devices", "/console/devices"),
    ("04-admin", "/console/admin"),
    ("05-audit", "/console/audit"),
    ("06-reports", "/console/reports?by=service&period=day"),
)
CLERKS = ("lan.nguyen", "minh.tran", "hoa.le")
NAMES = {
    "giamdoc": "Phạm Quốc Hùng",
    "lan.nguyen": "Nguyễn Thị Lan",
    "minh.tran": "Trần Văn Minh",
    "hoa.le": "Lê Thị Hoa",
}


def _site_text() -> str:
    text = open_around_the_clock(SAMPLE_SITE.read_text(encoding="utf-8"))
    return text + "\n[console]\ncheck_seconds = 1\n"


def _day(store: Store, start: datetime, tickets: int, finish: bool) -> None:
    """A stretch of a day: tickets issued every few minutes, three counters serving them."""
    services = ["stp-lltp", "stp-chungthuc", "stnmt-gcn", "stnmt-biendong", "skhdt-dkdn"]
    for n, clerk in zip((1, 3, 5), CLERKS, strict=True):
        store.execute(SetCounterState(n, CounterState.OPEN, clerk), start)
    for i in range(tickets):
        store.execute(IssueTicket(services[i % len(services)]), start + timedelta(minutes=2 * i))
    moment = start + timedelta(minutes=2 * tickets)
    for round_ in range(3 if finish else 1):
        for n in (1, 3, 5):
            moment += timedelta(minutes=3)
            called = store.execute(CallNext(n), moment).result
            if called is None:
                continue
            if (round_ + n) % 7 == 0:
                store.execute(Recall(n), moment + timedelta(minutes=1))
                store.execute(MarkNoShow(n), moment + timedelta(minutes=2))
                continue
            store.execute(StartService(n), moment + timedelta(minutes=1))
            if finish or (round_ == 0 and n == 5):
                store.execute(FinishService(n), moment + timedelta(minutes=9 + n))
                store.execute(
                    RateTicket(called.id, 1 + (n + round_) % 3, counter=n),
                    moment + timedelta(minutes=10 + n),
                )


def fill(db: Path) -> None:
    now = datetime.now(UTC)
    store = Store.open(db)
    try:
        store.import_site(_site_text(), now - timedelta(days=8))
        for back in range(6, 0, -1):
            _day(store, now - timedelta(days=back, minutes=90), 10 + back, finish=True)
        start = now - timedelta(minutes=55)
        _day(store, start, 16, finish=False)
        store.execute(SetCounterState(4, CounterState.OPEN, "lan.nguyen"), start)
        store.execute(SetCounterState(4, CounterState.PAUSED), now - timedelta(minutes=24))
        with store.transaction() as conn:
            for role, name, printer, seen in (
                (DeviceRole.KIOSK, "Kiosk sảnh A", "ok", now),
                (DeviceRole.KIOSK, "Kiosk sảnh B", "paper_out", now),
                (DeviceRole.KIOSK, "Kiosk tầng 2", "paper_low", now),
                (DeviceRole.BOARD, "Bảng gọi số sảnh", None, now),
                (DeviceRole.COUNTER_DISPLAY, "Màn hình quầy 1", None, now - timedelta(minutes=40)),
            ):
                paired = now - timedelta(days=3)
                counter = 1 if role is DeviceRole.COUNTER_DISPLAY else None
                code, _ = create_pairing_code(conn, role, name, paired, counter)
                _token, device = pair_device(conn, code, name, paired)
                record_heartbeat(conn, device.id, seen, "1.4.2", 86_000, printer)
    finally:
        store.close()


def _admin_changes(base_url: str) -> None:
    """A few changes through the console, so that the audit page has something to list."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        page = client.get("/console/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post("/console/login", data={"username": "giamdoc", "pin": "246810", "csrf": csrf})

        def post(action: str, **data: str) -> None:
            html = client.get("/console/admin").text
            token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
            response = client.post(f"/console/admin/{action}", data={"csrf": token, **data})
            assert response.status_code == 303, response.text

        post("service", service="stp-quoctich", reason="Cán bộ đi tập huấn", do="close")
        post("notice", text="Trung tâm làm việc buổi sáng thứ Bảy từ 7:30 đến 11:30.")
        tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT07:30")
        post("notice", text="Ngày mai: bảo trì hệ thống từ 7:30 đến 8:00.", show_at=tomorrow)
        post("counter", counter="2", services="stp-chungthuc, stp-lltp, stp-quoctich")
        post("staff-add", username="thu.vo", display_name="Võ Thị Thu", role="clerk", pin="1357")


def shoot(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="luot-console-shots-") as tmp:
        db = Path(tmp) / "luot.db"
        fill(db)
        core = CoreServer(db, free_port(), Path(tmp) / "core.log")
        staff = [("giamdoc", "246810", "supervisor"), *((c, "1234", "clerk") for c in CLERKS)]
        for username, pin, role in staff:
            core.add_staff(username, pin, role, name=NAMES[username])
        core.start()
        try:
            _admin_changes(core.base_url)
            for size, (width, height) in SIZES.items():
                for lang in ("vi", "en"):
                    with chromium(width, height) as driver:
                        if lang == "en":
                            driver.get(core.base_url + "/console/lang?to=en&next=/console/login")
                        for name, path in PAGES:
                            if name == "02-hall":
                                log_in(driver, core.base_url, "giamdoc", "246810")
                            driver.get(core.base_url + path)
                            WebDriverWait(driver, 30).until(
                                lambda d: d.find_elements(By.TAG_NAME, "main")
                            )
                            if path in ("/console", "/console/devices"):
                                WebDriverWait(driver, 30).until(
                                    lambda d: d.find_elements(By.CSS_SELECTOR, ".alert")
                                )
                            target = outdir / f"{name}-{size}-{lang}.png"
                            driver.save_screenshot(str(target))
                            made.append(target)
        finally:
            core.stop()
    return made


if __name__ == "__main__":
    for path in shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/console")):
        print(path)
