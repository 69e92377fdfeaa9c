"""A real SQLite file with a small, always-open test site, and a clock the tests move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from queue_core.config import SAMPLE_SITE
from queue_core.store import Store

# A Wednesday, 09:00 in Hà Nội.
MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

SMALL_SITE = """
[site]
id = "test-centre"
name = "Trung tâm thử nghiệm"
timezone = "Asia/Ho_Chi_Minh"

[rules]
priority_ratio = 2
recalls_before_no_show = 1

[kiosk]
# The tests issue tickets by the dozen from one kiosk token; test_issue_rate.py holds the pace.
tickets_per_minute = 0

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[[agencies]]
id = "stp"
name = "Sở Tư pháp"

[[agencies]]
id = "stnmt"
name = "Sở Tài nguyên và Môi trường"

[[services]]
id = "lltp"
agency = "stp"
name = "Cấp phiếu lý lịch tư pháp"
numbers = "1001-1040"

[[services]]
id = "chungthuc"
agency = "stp"
name = "Chứng thực bản sao"
numbers = "2001-2999"
daily_cap = 30

[[services]]
id = "datdai"
agency = "stnmt"
name = "Đăng ký đất đai"
numbers = "A001-A999"

[[counters]]
number = 1
services = ["lltp", "chungthuc"]

[[counters]]
number = 2
services = ["chungthuc"]

[[counters]]
number = 3
services = ["datdai", "lltp"]
"""


def open_store(path: Path, site_text: str = SMALL_SITE) -> Store:
    store = Store.open(path)
    store.import_site(site_text, MORNING)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "luot.db")
    yield store
    store.close()


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "luot.db", SAMPLE_SITE.read_text(encoding="utf-8"))
    yield store
    store.close()
