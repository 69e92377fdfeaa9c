"""The client's error tree against a real HTTP server: refusals, faults, unreachable cores."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from harness.child import free_port
from queue_core.client import (
    CoreClient,
    CoreError,
    CoreFault,
    CoreRefused,
    CoreUnavailable,
    TicketInfo,
)
from queue_core.domain import TicketStatus
from tests.queue_core.client import samples

pytestmark = pytest.mark.anyio


def refuse(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    error = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return JSONResponse({"error": error}, status_code=status)


async def issue(request: Request) -> Response:
    return refuse(422, "unknown_service", "Dịch vụ không tồn tại.", "service")


async def next_ticket(request: Request) -> Response:
    counter = int(request.path_params["n"])
    if counter == 1:
        return Response(status_code=204)
    return JSONResponse(samples.ticket(7, "1007"))


TOKENS: list[str | None] = []


async def echo_token(request: Request) -> Response:
    TOKENS.append(request.headers.get("authorization"))
    return JSONResponse(samples.STATS)


async def slow(request: Request) -> Response:
    await asyncio.sleep(1.0)
    return JSONResponse({})


def make_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/api/v1/tickets", issue, methods=["POST"]),
            Route("/api/v1/counters/{n:int}/next", next_ticket, methods=["POST"]),
            Route("/api/v1/stats", echo_token),
            Route("/api/v1/tickets/9", lambda r: PlainTextResponse("nope", status_code=404)),
            Route("/api/v1/board", lambda r: PlainTextResponse("boom", status_code=500)),
            Route("/api/v1/counters", lambda r: PlainTextResponse("not json")),
            Route("/api/v1/services", lambda r: PlainTextResponse("busy", status_code=503)),
            Route("/api/v1/health", slow),
        ]
    )


@pytest.fixture
def url(serve_app: Callable[[Starlette], str]) -> str:
    return serve_app(make_app())


async def test_contract_error_body_becomes_core_refused(url: str) -> None:
    async with CoreClient(url, token="kiosk-token") as core:
        with pytest.raises(CoreRefused) as caught:
            await core.issue_ticket("no-such-service")
    error = caught.value
    assert (error.status, error.code, error.field) == (422, "unknown_service", "service")
    assert error.message == "Dịch vụ không tồn tại."
    assert str(error) == "Dịch vụ không tồn tại."


async def test_a_4xx_without_the_contract_body_is_still_core_refused(url: str) -> None:
    async with CoreClient(url) as core:
        with pytest.raises(CoreRefused) as caught:
            await core.ticket(9)
    assert (caught.value.status, caught.value.code, caught.value.field) == (404, "http_404", None)


async def test_next_with_nobody_waiting_is_none_and_otherwise_a_ticket(url: str) -> None:
    async with CoreClient(url, token="clerk") as core:
        assert await core.call_next(1) is None
        called = await core.call_next(2)
    assert isinstance(called, TicketInfo)
    assert (called.id, called.number, called.status) == (7, "1007", TicketStatus.CALLED)
    assert called.service.name == "Cấp phiếu lý lịch tư pháp"


async def test_token_is_sent_as_a_bearer_header(url: str) -> None:
    async with CoreClient(url + "/api/v1/", token="s3cret") as core:
        assert core.base_url == url
        figures = await core.stats(date(2026, 11, 25), date(2026, 11, 25))
    assert TOKENS[-1] == "Bearer s3cret"
    assert figures.total.issued == 3


@pytest.mark.parametrize(
    ("call", "kind", "status"),
    [
        (lambda core: core.board(), CoreFault, 500),
        (lambda core: core.counters(), CoreFault, None),  # 200 but not JSON
        (lambda core: core.services(), CoreUnavailable, 503),
    ],
)
async def test_broken_answers_are_faults_and_503_is_unavailable(
    url: str, call: Callable[[CoreClient], object], kind: type[CoreError], status: int | None
) -> None:
    async with CoreClient(url) as core:
        with pytest.raises(kind) as caught:
            await call(core)  # type: ignore[misc]
    assert getattr(caught.value, "status", "missing") == status


async def test_connection_refused_is_core_unavailable() -> None:
    async with CoreClient(f"http://127.0.0.1:{free_port()}") as core:
        with pytest.raises(CoreUnavailable) as caught:
            await core.health()
    assert caught.value.__cause__ is not None


async def test_unknown_host_is_core_unavailable() -> None:
    async with CoreClient("http://no-such-core.invalid:8470", timeout=3.0) as core:
        with pytest.raises(CoreUnavailable):
            await core.counters()


async def test_a_core_that_does_not_answer_in_time_is_core_unavailable(url: str) -> None:
    async with CoreClient(url, timeout=0.1) as core:
        with pytest.raises(CoreUnavailable):
            await core.health()


async def test_a_bad_url_is_a_core_error_not_an_httpx_one() -> None:
    async with CoreClient("ftp://core.local") as core:
        with pytest.raises(CoreError):
            await core.health()


async def test_errors_form_one_tree() -> None:
    for kind in (CoreUnavailable, CoreRefused, CoreFault):
        assert issubclass(kind, CoreError)
    assert not issubclass(CoreError, OSError)
