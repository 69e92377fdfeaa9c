"""The administration page (services, counters, staff, notices, waiting tickets, the day) and
its forms: each a command or an account change, audited, through the writer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from queue_core import clock
from queue_core.api.errors import status_of
from queue_core.console import auth, live
from queue_core.console.rendering import page_context, page_guard, page_router, render
from queue_core.domain import (
    MAY_CHANGE,
    Audited,
    CancelTicket,
    ChangeCounterServices,
    Command,
    DomainError,
    ResetDay,
    SetServiceClosed,
    TicketStatus,
)
from queue_core.errors import LuotError
from queue_core.shapes import local_time
from queue_core.store import (
    Principal,
    Store,
    assignments,
    counter_services,
    from_db_time,
    list_accounts,
    pending_notices,
)

router = page_router()


async def _admin_data(request: Request) -> dict[str, Any]:
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        site = store.site
        day = site.business_day(now)
        return {
            "services": live.hall(store, now)["services"],
            "closures": store.closures(day),
            "counters": [
                {"counter": c, "services": counter_services(store.conn, site, c.number)}
                for c in site.counters
            ],
            "accounts": list_accounts(store.conn),
            "assignments": assignments(store.conn, day),
            "notices": store.notices(),
            "scheduled": [p for p in pending_notices(store.conn) if not p["shown"]],
            "waiting": store.tickets(day=day, status=TicketStatus.WAITING),
        }

    return await auth.runtime_of(request).reader.read(read)


async def _show_admin_page(
    request: Request,
    who: Principal,
    error: LuotError | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    data = await _admin_data(request)
    context = page_context(
        request,
        "admin",
        who,
        error=error,
        form=form or {},
        done=request.query_params.get("done"),
        # the forms offer only what the store would allow (a session is never the operator's)
        reach=MAY_CHANGE[who.staff_role] if who.staff_role else frozenset(),
        from_utc=lambda text: local_time(auth.runtime_of(request).site, _parse_db(text)),
        **data,
    )
    return render(request, "admin.html", context, status)


def _parse_db(text: str | None) -> datetime | None:
    return None if text is None else from_db_time(text)


@router.get("/admin")
async def admin_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    return await _show_admin_page(request, who)


Build = Callable[[dict[str, str], Request], Command]


def command_form(router: APIRouter, action: str, build: Build) -> None:
    """A form that runs one of the queue's commands, audited, through the writer."""

    async def endpoint(request: Request) -> Response:
        who, form = await auth.acting(request)
        form["form"] = action
        runtime = auth.runtime_of(request)
        token = request.cookies.get(auth.COOKIE)
        try:
            command = build(form, request)

            def authorize(principal: Principal) -> Command:
                auth.refuse_unless_supervisor(principal)
                return Audited(principal.username or "", command)

            await runtime.writer.command(token, authorize)
        except LuotError as error:
            return await _show_admin_page(request, who, error, form, status_of(error))
        return RedirectResponse(f"/console/admin?done={action}#{action}", status_code=303)

    endpoint.__name__ = f"admin_{action.replace('-', '_')}"
    router.add_api_route(f"/admin/{action}", endpoint, methods=["POST"])


def transaction_form(
    router: APIRouter, action: str, work: Callable[[Principal, dict[str, str]], Any]
) -> None:
    """A form that changes staff accounts: one audited transaction in the writer."""

    async def endpoint(request: Request) -> Response:
        who, form = await auth.acting(request)
        form["form"] = action
        try:
            await auth.runtime_of(request).writer.transaction(work(who, form))
        except LuotError as error:
            return await _show_admin_page(request, who, error, form, status_of(error))
        return RedirectResponse(f"/console/admin?done={action}#{action}", status_code=303)

    endpoint.__name__ = f"admin_{action.replace('-', '_')}"
    router.add_api_route(f"/admin/{action}", endpoint, methods=["POST"])


def required(form: dict[str, str], name: str, message: str, longest: int = 200) -> str:
    value = form.get(name, "").strip()
    if not value or len(value) > longest:
        raise DomainError("invalid_input", message, name)
    if any(ord(c) < 32 for c in value):
        raise DomainError("invalid_input", "Use plain text.", name)
    return value


def _service_closed(form: dict[str, str], _request: Request) -> Command:
    service = required(form, "service", "Choose a service.", 64)
    if form.get("do") == "reopen":
        return SetServiceClosed(service, None)
    return SetServiceClosed(service, required(form, "reason", "Say why it is closed today."))


def _counter_services(form: dict[str, str], _request: Request) -> Command:
    counter = form.get("counter", "")
    if not (counter.isascii() and counter.isdigit()) or len(counter) > 4:  # "²".isdigit()
        raise DomainError("invalid_input", "Choose a counter.", "counter")
    services = tuple(s.strip() for s in form.get("services", "").split(",") if s.strip())
    return ChangeCounterServices(int(counter), services)


def _cancel_ticket(form: dict[str, str], _request: Request) -> Command:
    ticket = form.get("ticket", "")
    if not (ticket.isascii() and ticket.isdigit()) or len(ticket) > 15:
        raise DomainError("invalid_input", "Choose a waiting ticket.", "ticket")
    return CancelTicket(int(ticket), required(form, "reason", "Say why it is cancelled."))


def _end_day(form: dict[str, str], _request: Request) -> Command:
    if form.get("confirm") != "yes":
        raise DomainError("confirm_required", "Tick the box to confirm.", "confirm")
    return ResetDay(required(form, "reason", "Say why the day ends early."))


command_form(router, "service", _service_closed)
command_form(router, "counter", _counter_services)
command_form(router, "ticket-cancel", _cancel_ticket)
command_form(router, "day-end", _end_day)
