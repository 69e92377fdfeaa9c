"""schemathesis against /api/v1/openapi.json, bounded for CI: no 5xx, every error in one shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.support.server import CoreServer, running_core

EXAMPLES_PER_OPERATION = 30


@pytest.fixture(scope="module")
def live_core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    with running_core(Path(tmp_path_factory.mktemp("schema"))) as core:
        yield core


@pytest.fixture(scope="module")
def supervisor(live_core: CoreServer) -> dict[str, str]:
    """A supervisor may do every write, so inputs reach the rules and not only the 401."""
    return {"Authorization": f"Bearer {live_core.login('boss', '9999', None)}"}


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


# schemathesis itself draws from the `random` module inside its strategies now and then;
# Hypothesis warns about it. That is the library's business, not a fault of the API.
@pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)
def test_the_api_never_fails_and_always_speaks_the_error_shape(
    live_core: CoreServer, supervisor: dict[str, str]
) -> None:
    tested = []
    for operation in operations(live_core.base_url):

        @given(case=operation.as_strategy())
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
    assert "POST /api/v1/tickets" in tested
