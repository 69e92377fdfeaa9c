"""Dossier lookups over real HTTP: masked everywhere, unknown and malformed alike, rate-limited."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from queue_core.config import SAMPLE_SITE
from queue_core.dossiers.service import import_file
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core

SAMPLES = Path(SAMPLE_SITE).parent / "samples"
READY = "000.00.12.H55-261104-0002"
HOLDERS = (
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Lê Hoàng Minh",
    "Phạm Thị Hoa",
    "Hoàng Văn Dũng",
    "Vũ Thị Lan Anh",
    "Đỗ Quang Huy",
    "Bùi Thị Thu",
    "Ngô Văn Tùng",
    "Đặng Thị Mai",
)
EXPORTED = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
"""When the sample export was taken: imported as of then, its names are within the retention."""
CODES = re.findall(r"^(000\.[^,]+)", (SAMPLES / "dossiers.csv").read_text("utf-8"), re.M)


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path, site_toml=SAMPLE_SITE.read_text("utf-8")) as server:
        store = server.store()
        import_file(store, SAMPLES / "dossiers.csv", EXPORTED)
        store.close()
        yield server


def test_a_lookup_answers_in_plain_words_with_the_name_masked(core: CoreServer) -> None:
    answer = httpx.get(f"{core.base_url}/api/v1/dossiers/{READY.lower()}").json()
    assert answer["status_text"] == "Đã có kết quả — chờ trả"
    assert answer["holder"] == "Trần T*** B*** N**"
    assert answer["result"]["counters"] == [12]
    assert answer["agency"]["name"] == "Sở Tư pháp"


def test_unknown_and_malformed_codes_get_the_same_404(core: CoreServer) -> None:
    unknown = httpx.get(f"{core.base_url}/api/v1/dossiers/000.00.00.X00-000000-0000")
    malformed = httpx.get(f"{core.base_url}/api/v1/dossiers/%3Cscript%3E")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()
    assert unknown.json()["error"]["code"] == "unknown_dossier"


def test_no_public_answer_or_page_shows_a_holders_name(core: CoreServer) -> None:
    """Every endpoint and page that can show a dossier, walked for every dossier."""
    pages = [f"/api/v1/dossiers/{code}" for code in CODES] + [f"/d/{code}" for code in CODES]
    pages += ["/api/v1/dossiers", "/api/v1/board", "/api/v1/services", "/d/UNKNOWN-CODE"]
    seen = []
    for path in pages:
        response = httpx.get(core.base_url + path)
        assert response.status_code in (200, 404), path
        seen.append(response.text)
    text = "\n".join(seen)
    assert "Trần T*** B*** N**" in text
    for holder in HOLDERS:
        assert holder not in text
        for word in holder.split()[1:]:
            assert f"{holder.split()[0]} {word}" not in text


def test_the_phone_page_shows_the_status(core: CoreServer) -> None:
    page = httpx.get(f"{core.base_url}/d/{READY}")
    assert page.status_code == 200
    assert "Đã có kết quả — chờ trả" in page.text and "quầy 12" in page.text
    assert httpx.get(f"{core.base_url}/d/NOPE-0000").status_code == 404


def test_the_months_figures_and_ready_codes(core: CoreServer) -> None:
    figures = httpx.get(f"{core.base_url}/api/v1/dossiers").json()
    assert re.fullmatch(r"\d{4}-\d{2}", figures["month"])
    assert all("holder" not in str(agency) for agency in figures["agencies"])


def test_enumeration_beyond_the_limit_gets_429(core: CoreServer) -> None:
    with httpx.Client(base_url=core.base_url) as client:
        answers = [client.get(f"/api/v1/dossiers/000.00.00.X00-000000-{i:04d}") for i in range(31)]
    assert [a.status_code for a in answers[:30]] == [404] * 30
    assert answers[30].status_code == 429
    assert int(answers[30].headers["Retry-After"]) >= 1
    assert answers[30].json()["error"]["code"] == "too_many_lookups"


def test_a_failing_source_shows_in_health_and_never_stops_the_queue(tmp_path: Path) -> None:
    site = SMALL_SITE + '\n[dossiers]\nsource = "http://127.0.0.1:9/ho-so.json"\n'
    with running_core(tmp_path, site_toml=site) as server:
        health: dict = {}
        for _ in range(100):
            health = httpx.get(f"{server.base_url}/api/v1/health").json()
            if health["dossiers"]["last_error"]:
                break
            time.sleep(0.1)
        assert "127.0.0.1:9" in health["dossiers"]["last_error"]
        assert health["dossiers"]["last_pull"] is None
        kiosk = server.pair_device("kiosk")
        issued = httpx.post(
            f"{server.base_url}/api/v1/tickets",
            json={"service": "lltp"},
            headers={"Authorization": f"Bearer {kiosk}"},
        )
        assert issued.status_code == 201
