"""`POST /api/v1/tickets` is served beneath FastAPI; bad input still gets FastAPI's refusals,
in the contract's shape, and issues nothing."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import CoreServer

ISSUE = "/api/v1/tickets"


@pytest.fixture
def kiosk(core_server: CoreServer) -> Iterator[httpx.Client]:
    token = core_server.pair_device("kiosk")
    with httpx.Client(
        base_url=core_server.base_url, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def issued(core_server: CoreServer) -> int:
    """Tickets in the database (health's seq may trail a write by a moment)."""
    store = core_server.store()
    try:
        return len(store.table_tickets())
    finally:
        store.close()


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code", "field"),
    [
        (b'{"service": "lltp"', "application/json", 400, "invalid_json", None),
        (b"\xff\xfe", "application/json", 400, "invalid_json", None),
        (b'{"priority": true}', "application/json", 422, "invalid_input", "service"),
        (b'{"service": "lltp", "lang": "fr"}', "application/json", 422, "invalid_input", "lang"),
        (b'["lltp"]', "application/json", 422, "invalid_input", None),
        (b'{"service": "lltp"}', "text/plain", 422, "invalid_input", None),
        (b'{"service": "no-such"}', "application/json", 404, "unknown_service", "service"),
    ],
)
def test_bad_input_is_refused_in_the_contracts_shape_and_issues_nothing(
    core_server: CoreServer,
    kiosk: httpx.Client,
    content: bytes,
    content_type: str,
    status: int,
    code: str,
    field: str | None,
) -> None:
    response = kiosk.post(ISSUE, content=content, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    if field is not None:
        assert error.get("field") == field
    assert issued(core_server) == 0


def test_who_may_issue_is_checked_on_this_path_too(core_server: CoreServer) -> None:
    counter = core_server.pair_device("counter")
    with httpx.Client(base_url=core_server.base_url) as anyone:
        nobody = anyone.post(ISSUE, json={"service": "lltp"})
        wrong = anyone.post(
            ISSUE, json={"service": "lltp"}, headers={"Authorization": f"Bearer {counter}"}
        )
    assert (nobody.status_code, nobody.json()["error"]["code"]) == (401, "token_required")
    assert nobody.headers["www-authenticate"] == "Bearer"
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "not_allowed")
    assert issued(core_server) == 0


def test_a_streamed_body_over_the_limit_is_refused(
    core_server: CoreServer, kiosk: httpx.Client
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"service": "lltp", "x": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    response = kiosk.post(ISSUE, content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert issued(core_server) == 0


def test_a_good_request_with_a_charset_is_issued(kiosk: httpx.Client) -> None:
    response = kiosk.post(
        ISSUE,
        content=b'{"service": "lltp", "channel": "kiosk", "lang": "en"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    assert (response.json()["number"], response.json()["lang"]) == ("1001", "en")
