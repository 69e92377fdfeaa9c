"""A real core for the console's tests, and a logged-in console client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import CoreServer
from tests.support.server import core_server as core_server


def login_csrf(client: httpx.Client) -> str:
    page = client.get("/console/login")
    assert page.status_code == 200
    return form_csrf(page.text)


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: httpx.Client, username: str, pin: str) -> httpx.Response:
    csrf = login_csrf(client)
    return client.post(
        "/console/login", data={"username": username, "pin": pin, "csrf": csrf, "next": "/console"}
    )


@pytest.fixture
def console(core_server: CoreServer) -> Iterator[httpx.Client]:
    """An HTTP client logged in to the console as the supervisor ``boss``."""
    with httpx.Client(base_url=core_server.base_url, timeout=10) as client:
        response = log_in(client, "boss", "999999")
        assert response.status_code == 303, response.text
        yield client


def csrf_of(client: httpx.Client, page: str = "/console") -> str:
    return form_csrf(client.get(page).text)
