"""Bad input never gets a 5xx: a JSON body nested too deeply is 400 `invalid_json` on every
route, the kiosks' fast issue path included, in the contract's shape and with nothing logged."""

from __future__ import annotations

import httpx
import pytest

from queue_core.api.json_depth import MAX_JSON_DEPTH, too_deep
from tests.support.server import CoreServer

JSON = {"Content-Type": "application/json"}


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def refused_as_invalid_json(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    assert response.json() == {
        "error": {
            "code": "invalid_json",
            "message": f"The body is nested deeper than {MAX_JSON_DEPTH} levels.",
        }
    }


def no_trace_in(core: CoreServer) -> None:
    log = core.log()
    assert "Traceback" not in log and "unexpected error" not in log, log[-3000:]


def test_20000_nested_brackets_to_the_issue_path_are_400_not_500(
    core_server: CoreServer,
) -> None:
    kiosk = core_server.pair_device("kiosk")
    headers = {**JSON, "Authorization": f"Bearer {kiosk}"}
    with httpx.Client(base_url=core_server.base_url, timeout=30) as api:
        deep = api.post("/api/v1/tickets", content=nested(20_000), headers=headers)
        refused_as_invalid_json(deep)
        # the connection is still good, and so is the next well-formed issue
        issued = api.post("/api/v1/tickets", json={"service": "lltp"}, headers=headers)
        assert issued.status_code == 201, issued.text
    no_trace_in(core_server)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/tickets", "/api/v1/pair", "/api/v1/session", "/api/v1/devices/heartbeat"],
)
def test_every_json_route_refuses_a_body_nested_one_level_too_deep_alike(
    core_server: CoreServer, path: str
) -> None:
    response = httpx.post(
        core_server.base_url + path, content=nested(MAX_JSON_DEPTH + 1), headers=JSON
    )
    refused_as_invalid_json(response)
    no_trace_in(core_server)


def test_a_body_at_the_depth_limit_is_read_and_refused_by_the_rules(
    core_server: CoreServer,
) -> None:
    """At the limit the body is parsed: what refuses it is its shape (422), not its depth."""
    response = httpx.post(
        core_server.base_url + "/api/v1/pair", content=nested(MAX_JSON_DEPTH), headers=JSON
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        (b'{"service": "lltp"}', False),
        (nested(MAX_JSON_DEPTH), False),
        (nested(MAX_JSON_DEPTH + 1), True),
        # brackets inside strings are text, not nesting; escaped quotes do not end a string
        (b'{"a": "' + b"[" * 500 + b'\\"' + b"{" * 500 + b'"}', False),
        (b'["\\\\"' + b"," + nested(MAX_JSON_DEPTH) + b"]", True),
        (b"{" * 40, True),  # not even JSON: too deep before it is found to be broken
        (b"[]" * 5000, False),  # many, but side by side
    ],
)
def test_depth_is_counted_outside_strings(body: bytes, deep: bool) -> None:
    assert too_deep(body) is deep
