"""The ticket's phone page follows its ticket through the core's own stream of it: each change
pushed as it happens and nothing of any other ticket; it weighs little (its fonts cut to the
letters it writes), works under a path prefix, and the stream is open on the public port."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fontTools.ttLib import TTFont

from harness.font_subset import LETTERS
from queue_core.api.files import FONT_FILES
from tests.support.server import CoreServer, running_core

PAGE_BUDGET = 60 * 1024
"""The issue's weight for the page and all it loads, on a cheap phone over a weak link."""
TEMPLATES = Path(__file__).parents[3] / "queue_core" / "api" / "templates"


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    with running_core(Path(tmp_path_factory.mktemp("phone"))) as server:
        yield server


def issue(core: CoreServer, kiosk: str, service: str = "lltp") -> dict[str, Any]:
    answer = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": service},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    answer.raise_for_status()
    return dict(answer.json())


def events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The ``ticket`` events of a server-sent stream, as they come."""
    kind, data = None, None
    for line in lines:
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and kind == "ticket" and data is not None:
            yield json.loads(data)
            kind, data = None, None


def test_the_stream_pushes_each_change_of_its_ticket_and_ends_with_it(core: CoreServer) -> None:
    kiosk = core.pair_device("kiosk")
    mine = [issue(core, kiosk) for _ in range(3)][-1]
    other = issue(core, kiosk, "datdai")
    supervisor = {"Authorization": f"Bearer {core.login('boss', '999999', None)}"}
    url = f"{core.base_url}/t/{mine['public_token']}/events"
    with httpx.stream("GET", url, timeout=30) as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        assert answer.headers["cache-control"] == "no-store"
        seen = events(answer.iter_lines())
        first = next(seen)
        assert (first["id"], first["status"], first["ahead"]) == (mine["id"], "waiting", 2)
        assert "public_token" not in first
        httpx.post(f"{core.base_url}/api/v1/counters/1/open", headers=supervisor)
        httpx.post(f"{core.base_url}/api/v1/counters/1/next", headers=supervisor)
        assert next(seen)["ahead"] == 1
        httpx.post(f"{core.base_url}/api/v1/counters/3/open", headers=supervisor)
        for step, body in (
            ("call", {"ticket": mine["id"], "reason": "hẹn trước"}),
            ("start", None),
            ("finish", None),
        ):
            done = httpx.post(f"{core.base_url}/api/v1/counters/3/{step}", headers=supervisor,
                              json=body)  # fmt: skip
            assert done.is_success, done.text
        statuses = []
        for ticket in seen:
            assert ticket["id"] == mine["id"]  # never another citizen's ticket
            assert ticket["number"] != other["number"]
            statuses.append((ticket["status"], ticket["counter"]))
        assert ("called", 3) in statuses and statuses[-1] == ("done", 3)


def test_two_pages_of_one_ticket_both_follow_it_and_one_closing_leaves_the_other(
    tmp_path: Path,
) -> None:
    with running_core(tmp_path) as core:
        two_pages_of_one_ticket(core)


def two_pages_of_one_ticket(core: CoreServer) -> None:
    kiosk = core.pair_device("kiosk")
    mine = issue(core, kiosk, "datdai")
    supervisor = {"Authorization": f"Bearer {core.login('boss', '999999', None)}"}
    url = f"{core.base_url}/t/{mine['public_token']}/events"

    def post(path: str, body: dict[str, Any] | None = None) -> None:
        done = httpx.post(f"{core.base_url}{path}", headers=supervisor, json=body)
        assert done.is_success, done.text

    with httpx.stream("GET", url, timeout=30) as kept:
        staying = events(kept.iter_lines())
        assert next(staying)["status"] == "waiting"
        with httpx.stream("GET", url, timeout=30) as closed:
            leaving = events(closed.iter_lines())
            assert next(leaving)["status"] == "waiting"
            post("/api/v1/counters/3/open")
            post("/api/v1/counters/3/call", {"ticket": mine["id"], "reason": "hẹn trước"})
            assert (next(leaving)["status"], next(staying)["status"]) == ("called", "called")
        post("/api/v1/counters/3/start")
        post("/api/v1/counters/3/finish")
        after = [t["status"] for t in staying]
    assert after[-1] == "done"


def test_an_unknown_ticket_has_no_stream(core: CoreServer) -> None:
    answer = httpx.get(f"{core.base_url}/t/nosuchtoken/events")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "unknown_ticket"


def test_the_page_and_all_it_loads_weigh_under_the_budget(core: CoreServer) -> None:
    ticket = issue(core, core.pair_device("kiosk"))
    page_url = f"{core.base_url}/t/{ticket['public_token']}"
    page = httpx.get(page_url)
    css = httpx.get(httpx.URL(page_url).join("../static/ticket.css"))
    loaded = [page, css, httpx.get(httpx.URL(page_url).join("../static/ticket.js"))]
    for font in re.findall(r'url\("([^"]+)"\)', css.text):
        loaded.append(httpx.get(css.url.join(font)))
    assert all(a.status_code == 200 for a in loaded), [(a.url, a.status_code) for a in loaded]
    assert len(loaded) == 5  # the page, its style, its script and two fonts: nothing else
    weight = sum(len(a.content) for a in loaded)
    assert weight <= PAGE_BUDGET, f"{weight} bytes"
    assert 'href="/' not in page.text and 'src="/' not in page.text  # relative: a path prefix


def test_the_fonts_hold_every_letter_the_pages_write() -> None:
    written = set()
    for template in ("ticket.html", "dossier.html"):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        for said in re.findall(r'data-(?:vi|en|title-[a-z]+-(?:vi|en))="([^"]*)"', text):
            written.update(re.sub(r"\{[a-z]+\}", "", said))
    assert written, "no text found: the test reads nothing"
    assert written <= set(LETTERS), sorted(written - set(LETTERS))
    for kind, path in FONT_FILES.values():
        assert kind == "font/woff"
        cmap = TTFont(path).getBestCmap()
        missing = [c for c in LETTERS if ord(c) not in cmap and c != "\x7f"]
        assert missing == [], (path.name, missing)
