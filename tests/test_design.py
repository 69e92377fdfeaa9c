"""docs/design.md held to the server: its route tables and its event types are the code's.

Every REST row against the OpenAPI document the app serves, both ways; every route the app
serves outside that document (the event stream, the phone pages, the console, FastAPI's own
pages) against the table for them, both ways; the event types against the domain's.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import BaseRoute, Mount, WebSocketRoute
from starlette.types import Message, Receive, Scope, Send

from queue_core.api import LuotApp, create_app, stream
from queue_core.console import events as console_events
from queue_core.domain import EventType

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "design.md"
REST_SECTION = "REST rows (in the OpenAPI document)"
OUTSIDE_SECTION = "Routes outside the OpenAPI document"
EVENTS_SECTION = "Event types"
WEBSOCKET = "WS"
"""How the tables write a WebSocket route's method."""
OPENAPI_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

Row = tuple[str, str]
"""(method, path) as the tables write them: ``("GET", "/api/v1/health")``."""


@dataclass(frozen=True)
class Table:
    sections: tuple[str, ...]
    """The headings the table sits under, outermost first."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return tuple(cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner))


def tables(markdown: str) -> list[Table]:
    """Every Markdown table outside code blocks, with the headings above it."""
    found: list[Table] = []
    headings: list[tuple[int, str]] = []
    lines = markdown.splitlines()
    in_code = False
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = re.match(r"(#+)\s+(.*)", line)
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and heading:
            level = len(heading[1])
            headings = [h for h in headings if h[0] < level] + [(level, heading[2].strip())]
        elif not in_code and line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(_cells(lines[i]))
                i += 1
            sections = tuple(title for _, title in headings)
            found.append(Table(sections, block[0], tuple(block[2:])))
            continue
        i += 1
    return found


def route_rows(markdown: str, section: str) -> list[Row]:
    """The (method, path) rows of the route tables under ``section``, at any depth."""
    rows: list[Row] = []
    for table in tables(markdown):
        if section in table.sections and table.header[:2] == ("method", "path"):
            rows.extend((cells[0], cells[1].strip("`")) for cells in table.rows)
    return rows


def event_types(markdown: str) -> list[str]:
    return [
        cells[0].strip("`")
        for table in tables(markdown)
        if EVENTS_SECTION in table.sections and table.header[:1] == ("type",)
        for cells in table.rows
    ]


def listed(section: str) -> set[Row]:
    rows = route_rows(DOC.read_text(encoding="utf-8"), section)
    assert rows, f"docs/design.md has no route table under a heading {section!r}"
    twice = sorted({row for row in rows if rows.count(row) > 1})
    assert not twice, f"docs/design.md lists these twice under {section!r}: {twice}"
    return set(rows)


# --- what the app serves -----------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> LuotApp:
    """The whole service as `luot-core serve` builds it; nothing is started or opened."""
    return create_app(tmp_path_factory.mktemp("design") / "luot.db")


def openapi_rows(app: LuotApp) -> set[Row]:
    paths: dict[str, dict[str, Any]] = app.fastapi.openapi()["paths"]
    return {
        (method.upper(), path)
        for path, item in paths.items()
        for method in item
        if method in OPENAPI_METHODS
    }


def _as_served(routes: Iterable[BaseRoute]) -> list[Any]:
    """The routes with their full paths: newer FastAPI keeps an included router whole."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # an older FastAPI copies included routes, prefixed, into the app
        return list(routes)
    return list(iter_route_contexts(list(routes)))


def _original(route: Any) -> Any:
    return getattr(route, "original_route", route)


def _flatten(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[Row]:
    for route in _as_served(routes):
        path = prefix + route.path
        kind = _original(route)
        if isinstance(kind, Mount):
            inner = kind.routes
            if not inner:  # a mounted app that is not a router: a row of its own
                yield ("MOUNT", path)
            yield from _flatten(inner, path)
        elif isinstance(kind, WebSocketRoute):
            yield (WEBSOCKET, path)
        else:
            # Starlette answers HEAD wherever it answers GET; the tables name the GET.
            yield from ((m, path) for m in sorted(route.methods or ()) if m != "HEAD")


OUTER_ROUTES: set[Row] = {(WEBSOCKET, stream.PATH), (WEBSOCKET, console_events.PATH)}
"""What LuotApp routes itself, before FastAPI (see test_the_outer_layer_routes_...)."""


def served_rows(app: LuotApp) -> set[Row]:
    return set(_flatten(app.fastapi.routes)) | OUTER_ROUTES


# --- the tests ---------------------------------------------------------------------------


def test_every_openapi_operation_is_a_rest_row(app: LuotApp) -> None:
    missing = sorted(openapi_rows(app) - listed(REST_SECTION))
    assert not missing, f"served and in OpenAPI, but not a row of docs/design.md: {missing}"


def test_every_rest_row_is_an_openapi_operation(app: LuotApp) -> None:
    extra = sorted(listed(REST_SECTION) - openapi_rows(app))
    assert not extra, f"rows of docs/design.md that the OpenAPI document lacks: {extra}"


def test_every_route_outside_openapi_is_in_its_table(app: LuotApp) -> None:
    outside = served_rows(app) - openapi_rows(app)
    missing = sorted(outside - listed(OUTSIDE_SECTION))
    assert not missing, (
        f"served outside the OpenAPI document, but not in docs/design.md under "
        f"{OUTSIDE_SECTION!r}: {missing}"
    )


def test_every_row_outside_openapi_is_served_and_not_in_openapi(app: LuotApp) -> None:
    rows = listed(OUTSIDE_SECTION)
    unserved = sorted(rows - served_rows(app))
    assert not unserved, f"rows of docs/design.md that the app does not serve: {unserved}"
    documented = sorted(rows & openapi_rows(app))
    assert not documented, f"in the OpenAPI document, so they are REST rows: {documented}"


def test_the_outer_layer_routes_the_event_stream(
    app: LuotApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OUTER_ROUTES is no list of wishes: a WebSocket at each path reaches its stream."""
    reached: list[str] = []

    async def endpoint(_core: object, scope: Scope, _receive: Receive, _send: Send) -> None:
        reached.append(scope["path"])

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(_message: Message) -> None:
        raise AssertionError("the stream's endpoint was not the one that answered")

    monkeypatch.setattr(stream, "events_endpoint", endpoint)
    monkeypatch.setattr(console_events, "console_events", endpoint)
    for _method, path in sorted(OUTER_ROUTES):
        scope = {"type": "websocket", "path": path, "query_string": b"since=0", "headers": []}
        asyncio.run(app(scope, receive, send))
    assert reached == [path for _method, path in sorted(OUTER_ROUTES)]


def test_the_event_types_are_the_domains() -> None:
    types = event_types(DOC.read_text(encoding="utf-8"))
    assert types, f"docs/design.md has no table of event types under {EVENTS_SECTION!r}"
    assert len(types) == len(set(types)), f"an event type is listed twice: {types}"
    domain = {t.value for t in EventType}
    assert not domain - set(types), f"not in docs/design.md: {sorted(domain - set(types))}"
    assert not set(types) - domain, f"not in the domain: {sorted(set(types) - domain)}"


def test_the_tables_are_read_under_their_headings() -> None:
    sample = "\n".join(
        [
            "## Contract",
            "### REST rows (in the OpenAPI document)",
            "| method | path | who | what |",
            "| --- | --- | --- | --- |",
            "| GET | `/a` | anyone | `front\\|back` |",
            "```",
            "| POST | /in-a-code-block | - | - |",
            "```",
            "### Routes outside the OpenAPI document",
            "#### The console",
            "| method | path | who | what |",
            "| --- | --- | --- | --- |",
            "| WS | `/b` | anyone | - |",
            "## Event types",
            "| type | when |",
            "| --- | --- |",
            "| `x.y` | - |",
        ]
    )
    assert route_rows(sample, REST_SECTION) == [("GET", "/a")]
    assert route_rows(sample, OUTSIDE_SECTION) == [(WEBSOCKET, "/b")]
    assert event_types(sample) == ["x.y"]
    assert tables(sample)[0].rows[0][3] == "`front|back`"
