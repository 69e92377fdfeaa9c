"""The REST rows of who is calling: pairing a device, a clerk's session, a device's heartbeat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from starlette.responses import JSONResponse, Response

from queue_core.api.access import (
    Bearer,
    api_router,
    bearer,
    client_address,
    json,
    require_staff,
    runtime_of,
)
from queue_core.api.models import HeartbeatRequest, PairRequest, SessionRequest
from queue_core.api.pins import sign_in
from queue_core.api.tls import served_sha256
from queue_core.domain import DomainError, NotFound, Role
from queue_core.errors import AccessDenied, NotAuthenticated
from queue_core.shapes import local_time
from queue_core.store import (
    Account,
    Store,
    authenticate,
    check_counter_sign_in,
    end_session,
    open_session,
    pair_device,
    record_heartbeat,
)

router = api_router()


@router.post("/pair", summary="exchange a one-time pairing code for a device token")
async def pair(request: Request, body: PairRequest) -> JSONResponse:
    runtime = runtime_of(request)
    address = client_address(request)
    cert_sha256 = served_sha256(request)
    attempt = await runtime.pairing.attempt(address)  # counts against the limit until judged

    def work(store: Store, now: datetime) -> dict[str, Any]:
        token, device = pair_device(store.conn, body.code, body.name, now)
        return {
            "token": token,
            "role": device.role.value,
            "device_id": device.id,
            "name": device.name,
            "cert_sha256": cert_sha256,  # what the device pins, with its token
        }

    try:
        paired = await runtime.writer.transaction(work)
    except NotAuthenticated:  # a wrong, used or expired code
        attempt.judged(wrong=True)
        raise
    except BaseException:
        attempt.judged(wrong=False)
        raise
    attempt.judged(wrong=False)
    return json(paired, 201)


@router.post("/session", summary="a clerk logs in at a counter (username + PIN)")
async def login(request: Request, body: SessionRequest) -> JSONResponse:
    runtime = runtime_of(request)
    site = runtime.site
    if body.counter is not None and site.counter(body.counter) is None:
        raise NotFound("unknown_counter", f"There is no counter {body.counter}.", field="counter")

    def work(store: Store, now: datetime, account: Account) -> dict[str, Any] | DomainError:
        if body.counter is None and account.role is Role.CLERK:
            return DomainError("counter_required", "Say which counter you work at.", "counter")
        if body.counter is not None:  # not this clerk's counter: 403, no session
            check_counter_sign_in(
                store.conn, store.site, account.username, account.role, body.counter, now
            )
        token = open_session(
            store.conn, store.site, account, body.counter, now, address=client_address(request)
        )
        staff = {
            "username": account.username,
            "name": account.display_name,
            "role": account.role.value,
            "title": account.title,
        }
        return {"token": token, "staff": staff, "counter": body.counter}

    answer = await sign_in(runtime, body.username, body.pin, client_address(request), work)
    return json(answer, 201)


@router.delete("/session", status_code=204, summary="end this staff session")
async def logout(request: Request, authorization: Bearer = None) -> Response:
    token = bearer(authorization)

    def work(store: Store, now: datetime) -> None:
        require_staff(authenticate(store.conn, token, now))
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
        principal = authenticate(store.conn, token, now)
        if principal.device_id is None:
            raise AccessDenied("not_allowed", "Only a paired device sends heartbeats.")
        device = record_heartbeat(
            store.conn, principal.device_id, now, body.version, body.uptime_seconds, body.printer
        )
        return {"device_id": device.id, "last_seen": local_time(runtime.site, device.last_seen)}

    return json(await runtime.writer.transaction(work))
