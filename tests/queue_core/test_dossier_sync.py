"""Pulling the e-system over real HTTP: new and changed dossiers arrive; a failing source
changes nothing and its error is kept for health and status."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from queue_core.config import SAMPLE_SITE
from queue_core.dossiers.repository import get_dossier
from queue_core.dossiers.service import pull_status
from queue_core.dossiers.sync import pull_once
from queue_core.store import Store

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
EXPORT = json.loads((Path(SAMPLE_SITE).parent / "samples" / "dossiers.json").read_text("utf-8"))


class Source:
    """What the fake e-system answers next: a status and a body."""

    def __init__(self) -> None:
        self.status, self.body = 200, json.dumps(EXPORT, ensure_ascii=False).encode()


@pytest.fixture
def source() -> Iterator[tuple[Source, str]]:
    answer = Source()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answer, f"http://127.0.0.1:{server.server_address[1]}/ho-so.json"
    server.shutdown()
    server.server_close()


def rows(store: Store) -> list[tuple[object, ...]]:
    return store.conn.execute("SELECT * FROM dossiers ORDER BY code").fetchall()


def test_new_and_changed_dossiers_arrive(sample_store: Store, source: tuple[Source, str]) -> None:
    answer, url = source
    first = pull_once(sample_store, url, NOW)
    assert first is not None and first.added == 10
    later = json.loads(json.dumps(EXPORT))
    later["dossiers"][0]["Trạng thái"] = "Đã trả kết quả"
    later["dossiers"][3]["Trạng thái"] = "Đã có kết quả"
    later["dossiers"][3]["Ngày có kết quả"] = "25/11/2026 09:00"
    later["dossiers"].append({**later["dossiers"][1], "Mã hồ sơ": "000.00.12.H55-261125-0099"})
    answer.body = json.dumps(later, ensure_ascii=False).encode()
    second = pull_once(sample_store, url, NOW.replace(hour=4))
    assert second is not None and (second.added, second.changed) == (1, 1)
    stored = get_dossier(sample_store.conn, "000.00.21.H55-261105-0004")
    assert stored is not None and stored.dossier.status.value == "ready"
    assert pull_status(sample_store).last_error is None
    assert pull_status(sample_store).last_success is not None


@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (500, b"Internal Server Error", "500"),
        (200, b"<html>maintenance</html>", "not JSON"),
        (200, b'[{"M\\u00e3 h\\u1ed3 s\\u01a1": "X"}]', "bad row"),
    ],
)
def test_a_failing_source_changes_nothing_and_is_reported(
    sample_store: Store,
    source: tuple[Source, str],
    status: int,
    body: bytes,
    said: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer, url = source
    pull_once(sample_store, url, NOW)
    before = rows(sample_store)
    caplog.clear()  # the good pull's line, when an earlier test left the logger at INFO
    answer.status, answer.body = status, body
    with caplog.at_level(logging.WARNING, logger="luot.dossiers"):
        assert pull_once(sample_store, url, NOW.replace(hour=5)) is None
    assert rows(sample_store) == before
    error = pull_status(sample_store).last_error
    assert error is not None and said in error
    assert [r.getMessage().split(":")[0] for r in caplog.records] in (
        ["dossier pull failed"],
        ["dossier pull refused"],
    )


def test_an_unreachable_source_is_reported(
    sample_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="luot.dossiers"):
        assert pull_once(sample_store, "http://127.0.0.1:9/none.json", NOW, timeout=2) is None
    assert "127.0.0.1:9" in (pull_status(sample_store).last_error or "")
    assert "127.0.0.1:9" in caplog.text
