"""The headers every answer carries (a Content-Security-Policy naming no source outside the
core, nosniff, no framing), and pages that keep to that policy: no inline script or style, no
handler attribute, nothing loaded from another site; the API's docs page with its own Swagger UI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from queue_core.api.files import DOCS_FILES, PAGE_FILES, SWAGGER_UI
from queue_core.api.headers import LOGO_POLICY, POLICY
from tests.queue_core.console.conftest import log_in
from tests.support.dossiers import READY, import_dossiers, this_month_rows
from tests.support.server import CoreServer, running_core

SOURCES_OF_THE_CORE = {"'self'", "'none'", "data:"}
"""Every source a directive of the policy may name: the core itself, nothing, inline data."""


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    directory = Path(tmp_path_factory.mktemp("headers"))
    with running_core(directory) as server:
        import_dossiers(server, directory / "export.csv", this_month_rows())
        yield server


@pytest.fixture(scope="module")
def console(core: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=core.base_url, timeout=10) as client:
        assert log_in(client, "boss", "999999").status_code == 303
        yield client


@pytest.fixture(scope="module")
def ticket_page(core: CoreServer) -> str:
    kiosk = core.pair_device("kiosk")
    issued = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": "lltp"},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    return f"/t/{issued.json()['public_token']}"


PUBLIC_PAGES = ["/t/no-such-token", f"/d/{READY}", "/d/NO-SUCH-CODE", "/api/v1/docs"]
CONSOLE_PAGES = [
    "/console/login",
    "/console",
    "/console/devices",
    "/console/admin",
    "/console/audit",
    "/console/reports",
    "/console/fragment/hall",
]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = [part.split() for part in policy.split(";") if part.strip()]
    return {words[0]: words[1:] for words in parsed}


def test_the_policy_names_no_source_outside_the_core() -> None:
    found = directives(POLICY)
    assert found["default-src"] == ["'self'"]
    assert found["script-src"] == ["'self'"] and found["style-src"] == ["'self'"]
    assert found["frame-ancestors"] == ["'none'"] and found["object-src"] == ["'none'"]
    for name, sources in found.items():
        assert set(sources) <= SOURCES_OF_THE_CORE, (name, sources)


def test_design_md_states_the_policy_as_served() -> None:
    design = (Path(__file__).resolve().parents[3] / "docs" / "design.md").read_text("utf-8")
    section = design.split("### Headers", 1)[1].split("### ", 1)[0]
    assert POLICY in " ".join(section.split()), "docs/design.md, Headers: not the policy served"
    assert LOGO_POLICY in " ".join(section.split())


def guarded(response: httpx.Response) -> None:
    """The answer carries the core's headers."""
    assert response.headers["content-security-policy"] == POLICY, response.request.url
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


class Page(HTMLParser):
    """What in a page the policy would refuse, and what it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and not a.get("src"):
            self.refused.append("an inline <script>")
        if tag == "style":
            self.refused.append("a <style> element")
        for name, value in attrs:
            if name == "style":
                self.refused.append(f"style={value!r} on <{tag}>")
            if name.startswith("on"):
                self.refused.append(f"{name}= on <{tag}>")
            if name in ("href", "src") and value and value.startswith("javascript:"):
                self.refused.append(f"{name}={value!r}")
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and a.get(name):
                self.loads.append(str(a[name]))


def keeps_to_the_policy(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    assert not page.refused, page.refused
    for url in page.loads:
        parts = urlsplit(url)  # relative to the page (a path prefix), never another site
        assert not parts.scheme and not parts.netloc, f"loads {url} from elsewhere"
    return page.loads


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_the_headers_and_keeps_to_the_policy(
    core: CoreServer, path: str
) -> None:
    response = httpx.get(core.base_url + path)
    assert response.status_code in (200, 404)
    assert response.headers["content-type"].startswith("text/html")
    guarded(response)
    for url in keeps_to_the_policy(response.text):
        loaded = httpx.get(response.url.join(url))
        assert loaded.status_code == 200, url
        guarded(loaded)


def test_the_ticket_page_has_the_headers_and_keeps_to_the_policy(
    core: CoreServer, ticket_page: str
) -> None:
    response = httpx.get(core.base_url + ticket_page)
    assert response.status_code == 200
    guarded(response)
    assert keeps_to_the_policy(response.text) == ["../static/ticket.css", "../static/ticket.js"]


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_every_console_page_has_the_headers_and_keeps_to_the_policy(
    console: httpx.Client, path: str
) -> None:
    response = console.get(path)
    assert response.status_code == 200, response.text
    guarded(response)
    assert response.headers["cache-control"] == "no-store"
    keeps_to_the_policy(response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/health",
        "/api/v1/board",
        "/api/v1/openapi.json",
        "/api/v1/no-such-row",
        "/console/static/console.js",
        "/static/no-such-file",
    ],
)
def test_every_other_answer_has_them_too(core: CoreServer, path: str) -> None:
    guarded(httpx.get(core.base_url + path))


def test_refusals_at_the_edge_have_them_too(core: CoreServer) -> None:
    too_large = httpx.post(core.base_url + "/api/v1/pair", content=b"x" * 70_000)
    assert too_large.status_code == 413
    guarded(too_large)
    too_deep = httpx.post(
        core.base_url + "/api/v1/pair",
        content=b"[" * 100,
        headers={"Content-Type": "application/json"},
    )
    assert too_deep.status_code == 400
    guarded(too_deep)


def test_the_docs_page_loads_the_cores_own_swagger_ui(core: CoreServer) -> None:
    page = httpx.get(core.base_url + "/api/v1/docs")
    assert keeps_to_the_policy(page.text) == [
        "/api/v1/docs/swagger-ui.css",
        "/api/v1/docs/swagger-ui-bundle.js",
        "/api/v1/docs/api-docs.js",
    ]
    assert 'data-openapi="/api/v1/openapi.json"' in page.text
    bundle = httpx.get(core.base_url + "/api/v1/docs/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert bundle.content == (SWAGGER_UI / "swagger-ui-bundle.js").read_bytes()
    starter = httpx.get(core.base_url + "/api/v1/docs/api-docs.js").text
    assert "validatorUrl: null" in starter  # no badge fetched from the validator's site
    unknown = httpx.get(core.base_url + "/api/v1/docs/LICENSE")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    # FastAPI's own docs pages (a CDN's script, an inline one) are not served
    assert httpx.get(core.base_url + "/docs/oauth2-redirect").status_code == 404


def test_swagger_ui_is_vendored_with_its_licence() -> None:
    licence = (SWAGGER_UI / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    assert "SmartBear" in (SWAGGER_UI / "NOTICE").read_text(encoding="utf-8")
    source = (SWAGGER_UI / "SOURCE.txt").read_text(encoding="utf-8")
    version = re.search(r"swagger-ui-dist (\d+\.\d+\.\d+)", source)
    assert version and int(version.group(1).split(".")[0]) >= 5  # OpenAPI 3.1, as FastAPI's
    for _kind, path in {**DOCS_FILES, **PAGE_FILES}.values():
        assert path.is_file(), path
