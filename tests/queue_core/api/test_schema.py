"""schemathesis against /api/v1/openapi.json, bounded for CI: no 5xx, every error in one shape,
for inputs drawn from the schema and against it (wrong types, missing fields), and for JSON
bodies nested around the edge's depth limit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from queue_core.api.json_depth import MAX_JSON_DEPTH
from tests.support.server import CoreServer, running_core

EXAMPLES_PER_OPERATION = 30
DEEP_EXAMPLES_PER_OPERATION = 10


@pytest.fixture(scope="module")
def live_core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    with running_core(Path(tmp_path_factory.mktemp("schema"))) as core:
        yield core


@pytest.fixture(scope="module")
def supervisor(live_core: CoreServer) -> dict[str, str]:
    """A supervisor may do every write, so inputs reach the rules and not only the 401."""
    return {"Authorization": f"Bearer {live_core.login('boss', '999999', None)}"}


def errors_in_the_contract_shape(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code < 400:
        return
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) <= {"code", "message", "field"}, body
    assert re.fullmatch(r"[a-z][a-z0-9_]*", error["code"]), body
    assert isinstance(error["message"], str) and error["message"], body
    assert isinstance(error.get("field", ""), str), body


def operations(base_url: str) -> list[Any]:
    schema = schemathesis.openapi.from_url(base_url + "/api/v1/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def takes_input(operation: Any) -> bool:
    """A body, or a parameter in the path or query (an optional string header, the only
    header the API reads, has no value against its schema)."""
    definition = operation.definition.raw
    located = {parameter.get("in") for parameter in definition.get("parameters", [])}
    return bool(definition.get("requestBody") or located & {"path", "query"})


# schemathesis itself draws from the `random` module inside its strategies now and then;
# Hypothesis warns about it. That is the library's business, not a fault of the API.
@pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_never_fails_and_always_speaks_the_error_shape(
    live_core: CoreServer, supervisor: dict[str, str], mode: GenerationMode
) -> None:
    tested = []
    for operation in operations(live_core.base_url):
        if mode is GenerationMode.NEGATIVE and not takes_input(operation):
            continue  # nothing of it can be drawn against its schema

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(base_url=live_core.base_url, headers=supervisor)
            case.validate_response(response, checks=[not_a_server_error])
            errors_in_the_contract_shape(response)

        check()
        tested.append(operation.label)
    assert "POST /api/v1/tickets" in tested and "GET /api/v1/stats" in tested


def nested_json(depth: int, inner: str) -> str:
    """``depth`` arrays and objects inside one another, around ``inner``."""
    text = inner
    for level in range(depth):
        text = f"[{text}]" if level % 2 else f'{{"k{level}": {text}}}'
    return text


def test_a_json_body_past_the_depth_limit_is_400_on_every_route_that_takes_one(
    live_core: CoreServer, supervisor: dict[str, str]
) -> None:
    with_bodies = [
        operation
        for operation in operations(live_core.base_url)
        if operation.method.upper() in {"POST", "PUT", "PATCH", "DELETE"} and operation.body
    ]
    assert len(with_bodies) >= 5

    for operation in with_bodies:
        url = live_core.base_url + operation.path.replace("{n}", "1").replace("{ticket_id}", "1")

        @given(
            depth=st.integers(1, MAX_JSON_DEPTH + 40),
            inner=st.sampled_from(['"[[[{"', "1", "null", '"\\"', "{}"]),
            url=st.just(url),
        )
        @settings(
            max_examples=DEEP_EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(depth: int, inner: str, url: str) -> None:
            body = nested_json(depth, inner)
            headers = {**supervisor, "Content-Type": "application/json"}
            response = httpx.post(url, content=body, headers=headers, timeout=30)
            errors_in_the_contract_shape(response)
            if depth > MAX_JSON_DEPTH:
                assert response.status_code == 400, response.text
                assert response.json()["error"]["code"] == "invalid_json"

        check()
