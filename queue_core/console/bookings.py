"""The bookings page: a day's bookings with their figures (booked, checked in, missed,
punctuality), live like the hall; a slot booked for a caller, one cancelled; each change
audited, through the writer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from queue_core import clock
from queue_core.api.errors import status_of
from queue_core.bookings import booking_json, services_json
from queue_core.console import auth
from queue_core.console.admin import required
from queue_core.console.rendering import (
    fragment_guard,
    page_context,
    page_guard,
    page_router,
    render,
)
from queue_core.domain import Audited, CancelBooking, Command, DomainError
from queue_core.errors import LuotError
from queue_core.store import (
    Principal,
    Store,
    book_slot,
    booking_facts,
    booking_figures,
    bookings_of_day,
    record_audit,
    slots_of_day,
)

router = page_router()


def _day(request: Request, today: date) -> date:
    try:
        return date.fromisoformat(request.query_params.get("day", ""))
    except ValueError:
        return today


async def _show(
    request: Request,
    who: Principal,
    error: LuotError | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
    template: str = "bookings.html",
) -> HTMLResponse:
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        site = store.site
        day = _day(request, site.business_day(now))
        services = services_json(site)
        free = [
            {"service": s, "at": slot.slot_at, "free": slot.free}
            for s in services
            for slot in slots_of_day(store.conn, site, s["id"], day)
            if slot.slot_at > now and slot.free
        ]
        numbers = {t.id: t.number for t in store.tickets(day=day)}
        return {
            "day": day,
            "services": services,
            "free": free,
            "bookings": [
                {**booking_json(site, b, whole=True), "number": numbers.get(b.ticket_id or 0)}
                for b in bookings_of_day(store.conn, day)
            ],
            "figures": booking_figures(booking_facts(store, day, day)),
            "seq": store.last_seq(),
        }

    data = await auth.runtime_of(request).reader.read(read)
    context = page_context(
        request, "bookings", who, error=error, form=form or {},
        done=request.query_params.get("done"), **data,
    )  # fmt: skip
    return render(request, template, context, status)


@router.get("/bookings")
async def bookings_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    return await _show(request, who)


@router.get("/fragment/bookings")
async def bookings_fragment(request: Request) -> Response:
    """The day's figures and list, fetched again by the page on every event of the stream (a
    holder checked in issues a ticket) and every 15 s (a booking from /book or a portal, one
    marked missed: they raise no event)."""
    who = await fragment_guard(request)
    return await _show(request, who, template="_bookings.html")


@router.post("/bookings/book")
async def book_for_a_caller(request: Request) -> Response:
    """A supervisor books a slot for someone on the phone (audited with the code made)."""
    who, form = await auth.acting(request)
    form["form"] = "book"
    try:
        service = required(form, "service", "Choose a service.", 64)
        slot_text = required(form, "slot", "Choose a time.", 40)
        try:
            slot = datetime.fromisoformat(slot_text)
        except ValueError:
            raise DomainError("invalid_input", "Choose a time.", "slot") from None
        name = required(form, "name", "Give the caller's full name.", 80)
        phone = form.get("phone") or None

        def work(store: Store, now: datetime) -> str:
            made = book_slot(store.conn, store.site, now, service_id=service, slot_at=slot,
                             name=name, phone=phone, source="console")  # fmt: skip
            after = {"service": service, "slot": slot_text, "status": "booked"}
            actor = who.username or ""
            record_audit(store.conn, now, actor, "booking.make", made.code, None, after, name)
            return made.code

        code = await auth.runtime_of(request).writer.transaction(work)
    except LuotError as error:
        return await _show(request, who, error, form, status_of(error))
    return RedirectResponse(f"/console/bookings?done={code}#made", status_code=303)


@router.post("/bookings/cancel")
async def cancel(request: Request) -> Response:
    who, form = await auth.acting(request)
    form["form"] = "cancel"
    token = request.cookies.get(auth.COOKIE)
    try:
        code = required(form, "code", "Choose a booking.", 16)
        reason = required(form, "reason", "Say why it is cancelled.")

        def authorize(principal: Principal) -> Command:
            auth.refuse_unless_supervisor(principal)
            return Audited(principal.username or "", CancelBooking(code, reason))

        await auth.runtime_of(request).writer.command(token, authorize)
    except LuotError as error:
        return await _show(request, who, error, form, status_of(error))
    return RedirectResponse("/console/bookings?done=cancelled", status_code=303)
