"""The REST rows that change the queue: issue a ticket, rate one, and a counter's moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from starlette.responses import JSONResponse, Response

from queue_core import clock
from queue_core.api.access import (
    Bearer,
    CounterNumber,
    TicketId,
    api_router,
    at_counter,
    bearer,
    json,
    require_supervisor,
    runtime_of,
)
from queue_core.api.issue_rate import KioskPace
from queue_core.api.models import CallRequest, IssueRequest, RatingRequest, TransferRequest
from queue_core.api.runtime import ApiRuntime
from queue_core.domain import (
    CallNext,
    CallTicket,
    Command,
    CounterState,
    CounterStatus,
    FinishService,
    IssueTicket,
    MarkNoShow,
    RateTicket,
    Recall,
    SetCounterState,
    StartService,
    Ticket,
    Transfer,
)
from queue_core.errors import AccessDenied
from queue_core.shapes import counter_json, live_ticket_json, ticket_json
from queue_core.store import DeviceRole, Principal, Store, TicketView

router = api_router()


@router.post("/tickets", status_code=201, summary="issue a ticket (kiosk token)")
async def issue(request: Request, body: IssueRequest, authorization: Bearer = None) -> JSONResponse:
    """Valid requests are served by ``api.fast_issue`` beneath FastAPI; this answers the rest."""
    return json(await issue_ticket(runtime_of(request), bearer(authorization), body), 201)


async def issue_ticket(
    runtime: ApiRuntime, token: str | None, body: IssueRequest
) -> dict[str, Any]:
    """Issue in the next group commit; the ticket as the contract shows it. A kiosk is held to
    a person's pace (``api.issue_rate``), counted on the writer thread as each is authorized."""

    def authorize(principal: Principal) -> Command:
        if principal.kind == "device":
            if principal.device_role is not DeviceRole.KIOSK:
                raise AccessDenied("not_allowed", "Only a kiosk or a supervisor issues tickets.")
            assert principal.device_id is not None
            pace = KioskPace.of(runtime.site.extra)
            runtime.issues.take(principal.device_id, clock.now().timestamp(), pace)
        if principal.kind == "staff":
            require_supervisor(principal)
        return IssueTicket(
            body.service,
            priority=body.priority or body.priority_kind is not None,
            priority_kind=body.priority_kind.value if body.priority_kind else None,
            channel=body.channel,
            lang=body.lang,
        )

    outcome = await runtime.writer.command(token, authorize)
    view = outcome.result
    assert isinstance(view, TicketView)
    return ticket_json(
        runtime.site,
        view.ticket,
        view.ahead,
        view.estimate_minutes,
        with_token=True,
        wait=view.estimate_range,
    )


@router.post(
    "/tickets/{ticket_id}/rating",
    summary="the citizen rates a ticket served at this display's counter, once, soon after",
)
async def rate(
    request: Request, ticket_id: TicketId, body: RatingRequest, authorization: Bearer = None
) -> JSONResponse:
    runtime = runtime_of(request)

    def authorize(principal: Principal) -> Command:
        # the citizen rates at the display facing them; a clerk's session or another device
        # does not speak for the citizen (the ticket's counter is checked with the ticket)
        if principal.device_role is not DeviceRole.COUNTER_DISPLAY or principal.counter is None:
            raise AccessDenied(
                "not_allowed",
                "Only the counter display paired to the counter that served a ticket rates it.",
            )
        return RateTicket(ticket_id, body.score, body.reason, counter=principal.counter)

    outcome = await runtime.writer.command(bearer(authorization), authorize)
    assert isinstance(outcome.result, Ticket)
    return json(ticket_json(runtime.site, outcome.result))


async def _ticket_action(
    request: Request, n: int, authorization: str | None, build: Callable[[Principal], Command]
) -> Response:
    runtime = runtime_of(request)
    outcome = await runtime.writer.command(bearer(authorization), at_counter(n, build))
    ticket = outcome.result
    if ticket is None:
        return Response(status_code=204)
    assert isinstance(ticket, Ticket)
    if ticket.status.value == "waiting":  # a transfer: the live figures are a read away
        fresh = ticket

        def read(store: Store) -> dict[str, Any]:
            return live_ticket_json(store, store.ticket(fresh.id) or fresh)

        return json(await runtime.reader.read(read))
    return json(ticket_json(runtime.site, ticket))


@router.post(
    "/counters/{n}/next",
    summary="call the next ticket (200 + ticket, or 204 when nobody waits)",
    responses={204: {"description": "nobody is waiting"}},
)
async def call_next(request: Request, n: CounterNumber, authorization: Bearer = None) -> Response:
    return await _ticket_action(request, n, authorization, lambda p: CallNext(n, p.username))


def _simple(path: str, command: Callable[[int], Command], summary: str) -> None:
    async def action(request: Request, n: CounterNumber, authorization: Bearer = None) -> Response:
        return await _ticket_action(request, n, authorization, lambda _p: command(n))

    action.__name__ = f"counter_{path.replace('-', '_')}"
    router.add_api_route(f"/counters/{{n}}/{path}", action, methods=["POST"], summary=summary)


_simple("recall", Recall, "call the counter's ticket again")
_simple("start", StartService, "the citizen is here: start serving")
_simple("finish", FinishService, "finish serving the counter's ticket")
_simple("no-show", MarkNoShow, "the citizen did not come: mark no-show")


@router.post("/counters/{n}/call", summary="call one chosen waiting ticket out of turn")
async def call_ticket(
    request: Request, n: CounterNumber, body: CallRequest, authorization: Bearer = None
) -> Response:
    return await _ticket_action(
        request, n, authorization, lambda p: CallTicket(n, body.ticket, body.reason, p.username)
    )


@router.post("/counters/{n}/transfer", summary="send the counter's ticket to a service or counter")
async def transfer(
    request: Request, n: CounterNumber, body: TransferRequest, authorization: Bearer = None
) -> Response:
    command = Transfer(n, body.service, body.counter, body.position)
    return await _ticket_action(request, n, authorization, lambda _p: command)


def _state(path: str, state: CounterState) -> None:
    async def action(request: Request, n: CounterNumber, authorization: Bearer = None) -> Response:
        runtime = runtime_of(request)
        authorize = at_counter(n, lambda p: SetCounterState(n, state, p.username))
        outcome = await runtime.writer.command(bearer(authorization), authorize)
        status = outcome.result
        assert isinstance(status, CounterStatus)
        return json(await runtime.reader.read(lambda store: counter_json(store, status)))

    action.__name__ = f"counter_{path}"
    router.add_api_route(
        f"/counters/{{n}}/{path}", action, methods=["POST"], summary=f"{path} the counter"
    )


_state("open", CounterState.OPEN)
_state("pause", CounterState.PAUSED)
_state("close", CounterState.CLOSED)
