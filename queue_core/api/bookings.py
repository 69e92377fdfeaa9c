"""Appointments' REST rows: the services that take them and a day's slots with their room, a
portal's bookings pushed whole or not at all (a portal's device token, or a supervisor's
session), a booking read by its
code (masked), and a holder's check-in at the kiosk."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import Field
from starlette.responses import JSONResponse

from queue_core import clock
from queue_core.api.access import Bearer, api_router, bearer, json, require_supervisor, runtime_of
from queue_core.api.models import Body
from queue_core.bookings import booking_json, services_json
from queue_core.bookings.service import PORTAL, json_items, take_bookings
from queue_core.domain import CheckIn, Command, NotFound
from queue_core.domain.appointments import normalise_booking_code
from queue_core.errors import AccessDenied
from queue_core.shapes import ticket_json
from queue_core.store import (
    CheckedIn,
    DeviceRole,
    Principal,
    Store,
    authenticate,
    get_booking,
    record_audit,
    slots_of_day,
)

router = api_router()


@router.get("/appointments", summary="the services that take appointments")
async def appointment_services(request: Request) -> JSONResponse:
    runtime = runtime_of(request)
    return json({"services": services_json(runtime.site)})


def slots_answer(store: Store, service: str, day: date, now: datetime) -> dict[str, Any]:
    """A day's slots of a service with their capacity and free places (a slot begun: none)."""
    site = store.site
    if site.service(service) is None:
        raise NotFound("unknown_service", f"There is no service {service!r}.", field="service")
    slots = slots_of_day(store.conn, site, service, day)
    if not slots and not any(s["id"] == service for s in services_json(site)):
        raise NotFound(
            "no_appointments", f"Service {service!r} takes no appointments.", field="service"
        )
    return {
        "service": service,
        "day": day.isoformat(),
        "slots": [
            {
                "at": site.local(s.slot_at).isoformat(),
                "capacity": s.capacity,
                "free": s.free if s.slot_at > now else 0,
            }
            for s in slots
        ],
    }


@router.get("/appointments/{service}", summary="a day's slots of a service and their room")
async def appointment_slots(
    request: Request,
    service: Annotated[str, Field(max_length=64)],
    day: Annotated[date, Query(description="the day, YYYY-MM-DD")],
) -> JSONResponse:
    now = clock.now()
    return json(await runtime_of(request).reader.read(lambda s: slots_answer(s, service, day, now)))


@router.get("/bookings/{code}", summary="one booking by its code (the holder's name masked)")
async def booking(request: Request, code: Annotated[str, Field(max_length=64)]) -> JSONResponse:
    found = normalise_booking_code(code)

    def read(store: Store) -> dict[str, Any]:
        if found is None:
            raise NotFound("unknown_booking", "There is no booking with this code.", field="code")
        return booking_json(store.site, get_booking(store.conn, found))

    return json(await runtime_of(request).reader.read(read))


class PushRequest(Body):
    bookings: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=2000)]


@router.post(
    "/bookings",
    status_code=201,
    summary="a portal's bookings, taken whole or not at all (a portal's token or a supervisor)",
)
async def push_bookings(
    request: Request, body: PushRequest, authorization: Bearer = None
) -> JSONResponse:
    runtime = runtime_of(request)
    token = bearer(authorization)

    def work(store: Store, now: datetime) -> dict[str, Any]:
        who = authenticate(store.conn, token, now)
        if who.kind == "device" and who.device_role is not DeviceRole.PORTAL:
            raise AccessDenied(
                "not_allowed", "Only a portal's token or a supervisor pushes bookings."
            )
        actor = f"device:{who.name}" if who.kind == "device" else require_supervisor(who).username
        made = take_bookings(store.conn, store.site, json_items(body.bookings), now, "push")
        detail = f"{len(made)} booking(s)"
        record_audit(store.conn, now, actor or "", "bookings.push", PORTAL, None, None, detail)
        return {"bookings": [booking_json(store.site, b) for b in made]}

    return json(await runtime.writer.transaction(work), 201)


class CheckInRequest(Body):
    code: Annotated[str, Field(min_length=1, max_length=200)]
    lang: Literal["vi", "en"] = "vi"


@router.post(
    "/bookings/check-in",
    summary="a holder checks in at the kiosk: a ticket at their slot, or when to come back; "
    "or a number taken by text, now called when its turn comes",
)
async def check_in(
    request: Request, body: CheckInRequest, authorization: Bearer = None
) -> JSONResponse:
    runtime = runtime_of(request)

    def authorize(principal: Principal) -> Command:
        if principal.kind == "device" and principal.device_role is not DeviceRole.KIOSK:
            raise AccessDenied("not_allowed", "Only a kiosk or a supervisor checks holders in.")
        if principal.kind == "staff":
            require_supervisor(principal)
        return CheckIn(body.code, lang=body.lang)

    outcome = await runtime.writer.command(bearer(authorization), authorize)
    result = outcome.result
    assert isinstance(result, CheckedIn)
    site = runtime.site
    view = result.ticket
    come_back = result.judgement.come_back_at
    return json(
        {
            "arrival": result.judgement.arrival.value,
            "come_back_at": None if come_back is None else site.local(come_back).isoformat(),
            "booking": None if result.booking is None else booking_json(site, result.booking),
            "ticket": None
            if view is None
            else ticket_json(
                site,
                view.ticket,
                view.ahead,
                view.estimate_minutes,
                with_token=True,
                wait=view.estimate_range,
            ),
        }
    )
