"""The contract's REST rows: each route checks input, asks the writer or the reader, shapes JSON."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request
from starlette.responses import JSONResponse, Response

from queue_core import __version__, clock
from queue_core.api.errors import ERROR_SCHEMA
from queue_core.api.models import (
    CallRequest,
    HeartbeatRequest,
    IssueRequest,
    PairRequest,
    RatingRequest,
    SessionRequest,
    TransferRequest,
)
from queue_core.api.pins import precheck_pin
from queue_core.api.runtime import ApiRuntime
from queue_core.domain import (
    CallNext,
    CallTicket,
    Command,
    CounterState,
    CounterStatus,
    DomainError,
    FinishService,
    IssueTicket,
    MarkNoShow,
    NotFound,
    RateTicket,
    Recall,
    Role,
    SetCounterState,
    StartService,
    Ticket,
    Transfer,
)
from queue_core.dossiers.service import pull_status
from queue_core.errors import AccessDenied, ApiError, NotAuthenticated
from queue_core.shapes import (
    board_json,
    counter_json,
    live_ticket_json,
    local_time,
    services_json,
    ticket_json,
)
from queue_core.store import (
    DeviceRole,
    GroupBy,
    Principal,
    Store,
    TicketView,
    authenticate,
    end_session,
    open_session,
    pair_device,
    record_heartbeat,
    stats,
    too_long,
    verify_pin,
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    for status, text in (
        (401, "no token, or an unknown, revoked or ended one"),
        (403, "the token does not allow this"),
        (404, "not found"),
        (409, "the queue is not in a state that allows this"),
        (413, "the request body is too large"),
        (422, "the input is not valid"),
    )
}
_READ_ERRORS: dict[int | str, dict[str, Any]] = {
    k: v for k, v in _ERRORS.items() if k in (404, 422)
}

Bearer = Annotated[
    str | None,
    Header(alias="Authorization", description="`Bearer <device token or session token>`"),
]
CounterNumber = Annotated[int, Path(ge=1, le=9999, description="the counter's number")]
TicketId = Annotated[int, Path(ge=1, le=2**53, description="the ticket's id")]


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def runtime_of(request: Request) -> ApiRuntime:
    runtime: ApiRuntime = request.app.state.runtime
    return runtime


def json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


router = APIRouter(prefix="/api/v1", responses=_ERRORS)


# --- who may do what --------------------------------------------------------------------


def require_staff(principal: Principal) -> Principal:
    if principal.kind != "staff":
        raise AccessDenied(
            "not_allowed",
            "This needs a staff session: log in at the counter with username and PIN.",
        )
    return principal


def require_supervisor(principal: Principal) -> Principal:
    if not require_staff(principal).is_supervisor:
        raise AccessDenied("not_allowed", "Only a supervisor may do this.")
    return principal


def at_counter(
    number: int, build: Callable[[Principal], Command]
) -> Callable[[Principal], Command]:
    """A clerk acts only at the counter of the session; a supervisor at any counter."""

    def authorize(principal: Principal) -> Command:
        require_staff(principal)
        if not principal.is_supervisor and principal.counter != number:
            raise AccessDenied(
                "wrong_counter",
                f"This session is for counter {principal.counter}, not counter {number}.",
                field="n",
            )
        return build(principal)

    return authorize


def _device_or_staff(*roles: DeviceRole) -> Callable[[Principal], None]:
    def check(principal: Principal) -> None:
        if principal.kind == "device" and principal.device_role not in roles:
            allowed = " or ".join(r.value for r in roles) or "no"
            raise AccessDenied("not_allowed", f"Only {allowed} devices or staff may do this.")

    return check


# --- anyone -----------------------------------------------------------------------------------


@router.get("/health", summary="is the core up; the site and the last event's seq")
async def health(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    site = runtime.site
    pull = await runtime.reader.read(pull_status)
    return json(
        {
            "status": "ok",
            "site": {"id": site.id, "name": site.name},
            "version": __version__,
            "seq": runtime.hub.last_seq,
            "dossiers": {"last_pull": pull.last_success, "last_error": pull.last_error},
        }
    )


@router.get(
    "/site/logo",
    summary="the centre's logo for the boards (PNG or SVG), from the site file",
    responses=_READ_ERRORS,
    response_class=Response,
)
async def site_logo(request: Request) -> Response:
    logo = await runtime_of(request).reader.read(lambda store: store.board_logo())
    if logo is None:
        raise ApiError(404, "no_logo", "The site file names no board logo.")
    kind = "image/png" if logo.startswith(b"\x89PNG") else "image/svg+xml"
    return Response(logo, media_type=kind, headers={"Cache-Control": "max-age=300"})


@router.get("/services", summary="agencies with their services, waiting and estimates")
async def services(request: Request) -> JSONResponse:
    now = clock.now()
    return json(await runtime_of(request).reader.read(lambda store: services_json(store, now)))


@router.get("/counters", summary="counters, their state and current ticket")
async def counters(request: Request) -> JSONResponse:
    def read(store: Store) -> list[dict[str, Any]]:
        return [counter_json(store, s) for s in store.counter_statuses()]

    return json(await runtime_of(request).reader.read(read))


@router.get("/board", summary="what a hall board shows, with the seq it is consistent with")
async def board(request: Request) -> JSONResponse:
    now = clock.now()
    return json(await runtime_of(request).reader.read(lambda store: board_json(store, now)))


@router.get(
    "/tickets/{ticket_id}",
    summary="a ticket with live ahead and estimate: for staff and devices, or with ?t=",
)
async def get_ticket(
    request: Request,
    ticket_id: TicketId,
    t: Annotated[str | None, Query(max_length=64, description="the ticket's public token")] = None,
    authorization: Bearer = None,
) -> JSONResponse:
    token = bearer(authorization)

    def read(store: Store) -> dict[str, Any]:
        ticket = store.ticket(ticket_id)
        if t is None:
            authenticate(store.conn, token)
        elif ticket is not None and not hmac.compare_digest(ticket.public_token, t):
            ticket = None
        if ticket is None:
            raise NotFound("unknown_ticket", f"There is no ticket {ticket_id}.", field="ticket_id")
        return live_ticket_json(store, ticket)

    return json(await runtime_of(request).reader.read(read))


# --- devices and sessions ----------------------------------------------------------------------


@router.post("/pair", summary="exchange a one-time pairing code for a device token")
async def pair(request: Request, body: PairRequest) -> JSONResponse:
    runtime = runtime_of(request)
    runtime.pairing.check()

    def work(store: Store, now: datetime) -> dict[str, Any]:
        token, device = pair_device(store.conn, body.code, body.name, now)
        return {
            "token": token,
            "role": device.role.value,
            "device_id": device.id,
            "name": device.name,
        }

    try:
        return json(await runtime.writer.transaction(work), 201)
    except NotAuthenticated:
        runtime.pairing.failed()
        raise


@router.post("/session", summary="a clerk logs in at a counter (username + PIN)")
async def login(request: Request, body: SessionRequest) -> JSONResponse:
    runtime = runtime_of(request)
    site = runtime.site
    if body.counter is not None and site.counter(body.counter) is None:
        raise NotFound("unknown_counter", f"There is no counter {body.counter}.", field="counter")

    checked = await precheck_pin(runtime, body.username, body.pin)

    def work(store: Store, now: datetime) -> dict[str, Any] | DomainError:
        try:
            account = verify_pin(store.conn, body.username, body.pin, now, checked)
        except DomainError as refused:
            return refused  # the wrong PIN is counted: commit, then refuse
        if body.counter is None and account.role is Role.CLERK:
            return DomainError("counter_required", "Say which counter you work at.", "counter")
        token = open_session(store.conn, account, body.counter, now)
        staff = {
            "username": account.username,
            "name": account.display_name,
            "role": account.role.value,
            "title": account.title,
        }
        return {"token": token, "staff": staff, "counter": body.counter}

    return json(await runtime.writer.transaction(work), 201)


@router.delete("/session", status_code=204, summary="end this staff session")
async def logout(request: Request, authorization: Bearer = None) -> Response:
    token = bearer(authorization)

    def work(store: Store, now: datetime) -> None:
        require_staff(authenticate(store.conn, token))
        assert token is not None
        end_session(store.conn, token, now)

    await runtime_of(request).writer.transaction(work)
    return Response(status_code=204)


@router.post("/devices/heartbeat", summary="a device says it is alive: version, uptime, printer")
async def heartbeat(
    request: Request, body: HeartbeatRequest, authorization: Bearer = None
) -> JSONResponse:
    token = bearer(authorization)
    runtime = runtime_of(request)

    def work(store: Store, now: datetime) -> dict[str, Any]:
        principal = authenticate(store.conn, token)
        if principal.device_id is None:
            raise AccessDenied("not_allowed", "Only a paired device sends heartbeats.")
        device = record_heartbeat(
            store.conn, principal.device_id, now, body.version, body.uptime_seconds, body.printer
        )
        return {"device_id": device.id, "last_seen": local_time(runtime.site, device.last_seen)}

    return json(await runtime.writer.transaction(work))


# --- tickets ---------------------------------------------------------------------------------


@router.post("/tickets", status_code=201, summary="issue a ticket (kiosk token)")
async def issue(request: Request, body: IssueRequest, authorization: Bearer = None) -> JSONResponse:
    """Valid requests are served by ``api.fast_issue`` beneath FastAPI; this answers the rest."""
    return json(await issue_ticket(runtime_of(request), bearer(authorization), body), 201)


async def issue_ticket(
    runtime: ApiRuntime, token: str | None, body: IssueRequest
) -> dict[str, Any]:
    """Issue in the next group commit; the ticket as the contract shows it."""

    def authorize(principal: Principal) -> Command:
        if principal.kind == "device" and principal.device_role is not DeviceRole.KIOSK:
            raise AccessDenied("not_allowed", "Only a kiosk or a supervisor issues tickets.")
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
    return ticket_json(runtime.site, view.ticket, view.ahead, view.estimate_minutes)


@router.post("/tickets/{ticket_id}/rating", summary="the citizen rates a served ticket, once")
async def rate(
    request: Request, ticket_id: TicketId, body: RatingRequest, authorization: Bearer = None
) -> JSONResponse:
    runtime = runtime_of(request)
    allowed = _device_or_staff(DeviceRole.COUNTER)

    def authorize(principal: Principal) -> Command:
        allowed(principal)
        return RateTicket(ticket_id, body.score, body.reason)

    outcome = await runtime.writer.command(bearer(authorization), authorize)
    assert isinstance(outcome.result, Ticket)
    return json(ticket_json(runtime.site, outcome.result))


# --- counters ------------------------------------------------------------------------------


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


# --- stats -------------------------------------------------------------------------------------


@router.get(
    "/stats", summary="figures per service, counter or clerk over business days (supervisor)"
)
async def get_stats(
    request: Request,
    from_: Annotated[date | None, Query(alias="from", description="first business day")] = None,
    to: Annotated[date | None, Query(description="last business day (inclusive)")] = None,
    by: Literal["service", "counter", "staff"] = "service",
    authorization: Bearer = None,
) -> JSONResponse:
    runtime = runtime_of(request)
    today = runtime.site.business_day(clock.now())
    last = to or today
    first = from_ or last
    if first > last:
        raise ApiError(422, "invalid_range", "`from` must not be after `to`.", field="from")
    if too_long(first, last):
        raise ApiError(422, "range_too_long", "Ask for at most a year at a time.", field="from")
    token = bearer(authorization)

    def read(store: Store) -> dict[str, Any]:
        require_supervisor(authenticate(store.conn, token))
        return stats(store, first, last, GroupBy(by))

    return json(await runtime.reader.read(read))
