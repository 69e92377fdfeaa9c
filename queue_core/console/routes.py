"""`/console`: the pages, their live fragments, and every supervisor action behind a form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from queue_core import __version__, clock
from queue_core.api.errors import status_of
from queue_core.console import auth, live, reports
from queue_core.console.alerts import checker_lifespan
from queue_core.console.text import LANGS, translator
from queue_core.domain import (
    Audited,
    CancelTicket,
    ChangeCounterServices,
    Command,
    DomainError,
    ResetDay,
    Role,
    ScheduleNotice,
    SetNotices,
    SetServiceClosed,
    TicketStatus,
    WithdrawNotice,
)
from queue_core.errors import ApiError, LuotError
from queue_core.shapes import local_time
from queue_core.store import (
    GroupBy,
    Principal,
    Store,
    audit_entries,
    counter_services,
    create_staff,
    disable_staff,
    end_session,
    from_db_time,
    list_accounts,
    pending_notices,
    rename_device,
    reset_pin,
    revoke_device_audited,
    too_long,
)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
STATIC = {
    "console.css": ("text/css; charset=utf-8", HERE / "static" / "console.css"),
    "console.js": ("text/javascript; charset=utf-8", HERE / "static" / "console.js"),
}

router = APIRouter(prefix="/console", include_in_schema=False, lifespan=checker_lifespan)

PAGES = (
    ("hall", "/console"),
    ("devices", "/console/devices"),
    ("admin", "/console/admin"),
    ("audit", "/console/audit"),
    ("reports", "/console/reports"),
)


def lang_of(request: Request) -> str:
    lang = request.cookies.get(auth.LANG_COOKIE, "vi")
    return lang if lang in LANGS else "vi"


def _context(request: Request, page: str, who: Principal | None, **extra: Any) -> dict[str, Any]:
    runtime = auth.runtime_of(request)
    site = runtime.site
    lang = lang_of(request)
    token = request.cookies.get(auth.COOKIE, "")
    return {
        "t": translator(lang),
        "lang": lang,
        "page": page,
        "pages": PAGES,
        "who": who,
        "csrf": auth.csrf_token(token) if token else "",
        "site": site,
        "site_name": site.name_en if lang == "en" and site.name_en else site.name,
        "version": __version__,
        "here": request.url.path,
        "now": site.local(clock.now()),
        "local": lambda moment: (
            "" if moment is None else site.local(moment).strftime("%d/%m/%Y %H:%M")
        ),
        **extra,
    }


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


async def _page_guard(request: Request) -> Principal | Response:
    """A page: without a session, to the login page; a clerk or a device, refused."""
    who = await auth.principal(request)
    if who is None:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/console/login?next={target}", status_code=303)
    return auth.refuse_unless_supervisor(who)


async def _fragment_guard(request: Request) -> Principal:
    return auth.refuse_unless_supervisor(await auth.principal(request))


# --- static files, language -------------------------------------------------------------


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise ApiError(404, "not_found", "There is nothing at this address.")
    kind, path = STATIC[name]
    return Response(path.read_bytes(), media_type=kind, headers={"Cache-Control": "no-cache"})


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return "/console"


@router.get("/lang")
async def switch_language(request: Request, to: str = "vi", next: str | None = None) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    auth.set_cookie(request, response, auth.LANG_COOKIE, to if to in LANGS else "vi")
    return response


# --- logging in and out -------------------------------------------------------------------


def _login_page(
    request: Request, error: str | None = None, status: int = 200, username: str = ""
) -> HTMLResponse:
    csrf = auth.new_login_csrf()
    context = _context(request, "login", None, error=error, username=username)
    context["csrf"] = csrf
    context["next"] = _safe_next(request.query_params.get("next"))
    response = render(request, "login.html", context, status)
    auth.set_cookie(request, response, auth.LOGIN_CSRF_COOKIE, csrf)
    return response


@router.get("/login")
async def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await auth.read_form(request)
    expected = request.cookies.get(auth.LOGIN_CSRF_COOKIE, "")
    sent = form.get("csrf", "")
    if not expected or not sent or expected != sent:
        raise ApiError(403, "csrf_failed", "This form is out of date; reload the login page.")
    username, pin = form.get("username", ""), form.get("pin", "")
    t = translator(lang_of(request))
    if not username or not (pin.isdigit() and 4 <= len(pin) <= 12):
        return _login_page(request, t("wrong_pin"), 401, username)
    try:
        token, _account = await auth.log_in(request, username, pin)
    except LuotError as refused:
        key = refused.code if refused.code in ("account_locked", "not_supervisor") else "wrong_pin"
        return _login_page(request, t(key), status_of(refused), username)
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    auth.set_cookie(request, response, auth.COOKIE, token)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path=auth.PATH)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await auth.acting(request)
    token = request.cookies.get(auth.COOKIE, "")

    def work(store: Store, now: datetime) -> None:
        end_session(store.conn, token, now)

    await auth.runtime_of(request).writer.transaction(work)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(auth.COOKIE, path=auth.PATH)
    return response


# --- the live hall -------------------------------------------------------------------------


async def _hall(request: Request) -> dict[str, Any]:
    now = clock.now()
    return await auth.runtime_of(request).reader.read(lambda store: live.hall(store, now))


@router.get("")
async def hall_page(request: Request) -> Response:
    who = await _page_guard(request)
    if isinstance(who, Response):
        return who
    return render(request, "hall.html", _context(request, "hall", who, hall=await _hall(request)))


@router.get("/fragment/hall")
async def hall_fragment(request: Request) -> Response:
    who = await _fragment_guard(request)
    context = _context(request, "hall", who, hall=await _hall(request))
    return render(request, "_hall.html", context)


# --- devices -----------------------------------------------------------------------------


async def _devices(request: Request) -> dict[str, Any]:
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        return {
            "devices": live.devices(store, now),
            "alerts": live.active_alerts(store),
            "seq": store.last_seq(),
        }

    return await auth.runtime_of(request).reader.read(read)


@router.get("/devices")
async def devices_page(request: Request) -> Response:
    who = await _page_guard(request)
    if isinstance(who, Response):
        return who
    context = _context(request, "devices", who, **await _devices(request))
    return render(request, "devices.html", context)


@router.get("/fragment/devices")
async def devices_fragment(request: Request) -> Response:
    who = await _fragment_guard(request)
    context = _context(request, "devices", who, **await _devices(request))
    return render(request, "_devices.html", context)


def _actor(who: Principal) -> str:
    return who.username or who.name


@router.post("/devices/{device_id}/rename")
async def device_rename(request: Request, device_id: int) -> Response:
    who, form = await auth.acting(request)
    name = form.get("name", "")
    return await _device_action(
        request,
        who,
        lambda store, now: rename_device(store.conn, who.username or "", now, device_id, name),
    )


@router.post("/devices/{device_id}/revoke")
async def device_revoke(request: Request, device_id: int) -> Response:
    who, _form = await auth.acting(request)
    return await _device_action(
        request,
        who,
        lambda store, now: revoke_device_audited(store.conn, who.username or "", now, device_id),
    )


async def _device_action(
    request: Request, who: Principal, work: Callable[[Store, datetime], None]
) -> Response:
    try:
        await auth.runtime_of(request).writer.transaction(work)
    except LuotError as error:
        context = _context(request, "devices", who, error=error, **await _devices(request))
        return render(request, "devices.html", context, status_of(error))
    return RedirectResponse("/console/devices?done=1", status_code=303)


# --- administration -------------------------------------------------------------------------


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
            "notices": store.notices(),
            "scheduled": [p for p in pending_notices(store.conn) if not p["shown"]],
            "waiting": store.tickets(day=day, status=TicketStatus.WAITING),
        }

    return await auth.runtime_of(request).reader.read(read)


async def _admin_page(
    request: Request,
    who: Principal,
    error: LuotError | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    data = await _admin_data(request)
    context = _context(
        request,
        "admin",
        who,
        error=error,
        form=form or {},
        done=request.query_params.get("done"),
        from_utc=lambda text: local_time(auth.runtime_of(request).site, _parse_db(text)),
        **data,
    )
    return render(request, "admin.html", context, status)


def _parse_db(text: str | None) -> datetime | None:
    return None if text is None else from_db_time(text)


@router.get("/admin")
async def admin_page(request: Request) -> Response:
    who = await _page_guard(request)
    if isinstance(who, Response):
        return who
    return await _admin_page(request, who)


Build = Callable[[dict[str, str], Request], Command]


def _command_action(action: str, build: Build) -> None:
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
            return await _admin_page(request, who, error, form, status_of(error))
        return RedirectResponse(f"/console/admin?done={action}#{action}", status_code=303)

    endpoint.__name__ = f"admin_{action.replace('-', '_')}"
    router.add_api_route(f"/admin/{action}", endpoint, methods=["POST"])


def _transaction_action(action: str, work: Callable[[Principal, dict[str, str]], Any]) -> None:
    """A form that changes staff accounts: one audited transaction in the writer."""

    async def endpoint(request: Request) -> Response:
        who, form = await auth.acting(request)
        form["form"] = action
        try:
            await auth.runtime_of(request).writer.transaction(work(who, form))
        except LuotError as error:
            return await _admin_page(request, who, error, form, status_of(error))
        return RedirectResponse(f"/console/admin?done={action}#{action}", status_code=303)

    endpoint.__name__ = f"admin_{action.replace('-', '_')}"
    router.add_api_route(f"/admin/{action}", endpoint, methods=["POST"])


def _required(form: dict[str, str], name: str, message: str, longest: int = 200) -> str:
    value = form.get(name, "").strip()
    if not value or len(value) > longest:
        raise DomainError("invalid_input", message, name)
    if any(ord(c) < 32 for c in value):
        raise DomainError("invalid_input", "Use plain text.", name)
    return value


def _service_closed(form: dict[str, str], _request: Request) -> Command:
    service = _required(form, "service", "Choose a service.", 64)
    if form.get("do") == "reopen":
        return SetServiceClosed(service, None)
    return SetServiceClosed(service, _required(form, "reason", "Say why it is closed today."))


def _counter_services(form: dict[str, str], _request: Request) -> Command:
    counter = form.get("counter", "")
    if not counter.isdigit() or len(counter) > 4:
        raise DomainError("invalid_input", "Choose a counter.", "counter")
    services = tuple(s.strip() for s in form.get("services", "").split(",") if s.strip())
    return ChangeCounterServices(int(counter), services)


def _post_notice(form: dict[str, str], request: Request) -> Command:
    text = _required(form, "text", "Write the notice (at most 300 characters).", 300)
    site = auth.runtime_of(request).site
    show_at, hide_at = form.get("show_at", ""), form.get("hide_at", "")
    if not show_at and not hide_at:
        return ScheduleNotice(text, clock.now(), None)
    start = _local_moment(request, show_at, "show_at") if show_at else clock.now()
    end = _local_moment(request, hide_at, "hide_at") if hide_at else None
    del site
    return ScheduleNotice(text, start, end)


def _local_moment(request: Request, text: str, field: str) -> datetime:
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError("invalid_input", "Give a date and time.", field) from None
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=auth.runtime_of(request).site.timezone).astimezone(UTC)


def _withdraw_notice(form: dict[str, str], _request: Request) -> Command:
    return WithdrawNotice(_required(form, "text", "Choose a notice.", 300))


def _clear_notices(_form: dict[str, str], _request: Request) -> Command:
    return SetNotices(())


def _cancel_ticket(form: dict[str, str], _request: Request) -> Command:
    ticket = form.get("ticket", "")
    if not ticket.isdigit() or len(ticket) > 15:
        raise DomainError("invalid_input", "Choose a waiting ticket.", "ticket")
    return CancelTicket(int(ticket), _required(form, "reason", "Say why it is cancelled."))


def _end_day(form: dict[str, str], _request: Request) -> Command:
    if form.get("confirm") != "yes":
        raise DomainError("confirm_required", "Tick the box to confirm.", "confirm")
    return ResetDay(_required(form, "reason", "Say why the day ends early."))


_command_action("service", _service_closed)
_command_action("counter", _counter_services)
_command_action("notice", _post_notice)
_command_action("notice-withdraw", _withdraw_notice)
_command_action("notice-clear", _clear_notices)
_command_action("ticket-cancel", _cancel_ticket)
_command_action("day-end", _end_day)


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise DomainError("invalid_input", "Choose a role.", "role") from None


def _staff_add(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = _required(form, "username", "Give a username (a-z, 0-9).", 64)
    if not all(c.isascii() and (c.isalnum() or c in "_.-") for c in username) or (
        username != username.lower()
    ):
        raise DomainError("invalid_input", "A username is lower-case a-z, 0-9, _ . -", "username")
    name = _required(form, "display_name", "Give the full name.", 80)
    role = _role(form.get("role", ""))
    if role is Role.ADMIN and who.staff_role is not Role.ADMIN:
        # a refusal of the form's input, shown on the page as the other fields' are
        raise ApiError(422, "not_allowed", "Only an administrator adds administrators.", "role")
    pin = form.get("pin", "")
    return lambda store, now: create_staff(
        store.conn, who.username or "", now, username, name, role, pin
    )


def _staff_disable(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = _required(form, "username", "Choose a staff member.", 64)
    return lambda store, now: disable_staff(store.conn, who.username or "", now, username)


def _staff_pin(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = _required(form, "username", "Choose a staff member.", 64)
    pin = form.get("pin", "")
    return lambda store, now: reset_pin(store.conn, who.username or "", now, username, pin)


_transaction_action("staff-add", _staff_add)
_transaction_action("staff-disable", _staff_disable)
_transaction_action("staff-pin", _staff_pin)


# --- audit ---------------------------------------------------------------------------------


@router.get("/audit")
async def audit_page(request: Request) -> Response:
    who = await _page_guard(request)
    if isinstance(who, Response):
        return who
    rows = await auth.runtime_of(request).reader.read(lambda store: audit_entries(store.conn))
    return render(request, "audit.html", _context(request, "audit", who, entries=rows))


# --- reports -------------------------------------------------------------------------------


def _report_query(request: Request) -> tuple[date, date, GroupBy, str]:
    today = auth.runtime_of(request).site.business_day(clock.now())
    query = request.query_params
    try:
        last = date.fromisoformat(query["to"]) if query.get("to") else today
        first = date.fromisoformat(query["from"]) if query.get("from") else last - timedelta(days=6)
    except ValueError:
        raise ApiError(422, "invalid_input", "Dates are like 2026-11-25.", "from") from None
    if first > last:
        raise ApiError(422, "invalid_range", "`from` must not be after `to`.", "from")
    if too_long(first, last):
        raise ApiError(422, "range_too_long", "Ask for at most a year at a time.", "from")
    by = query.get("by", "service")
    period = query.get("period", "day")
    if by not in {g.value for g in GroupBy}:
        raise ApiError(422, "invalid_input", "`by` is service, counter or staff.", "by")
    if period not in reports.PERIODS:
        raise ApiError(422, "invalid_input", "`period` is day, week or month.", "period")
    return first, last, GroupBy(by), period


async def _report(request: Request) -> reports.Report:
    first, last, by, period = _report_query(request)
    return await auth.runtime_of(request).reader.read(
        lambda store: reports.build(store, first, last, by, period)
    )


@router.get("/reports")
async def reports_page(request: Request) -> Response:
    who = await _page_guard(request)
    if isinstance(who, Response):
        return who
    try:
        report = await _report(request)
    except ApiError as error:
        today = auth.runtime_of(request).site.business_day(clock.now())
        context = _context(request, "reports", who, error=error, report=None, today=today)
        return render(request, "reports.html", context, error.status)
    t = translator(lang_of(request))
    series_chart = reports.bar_chart(
        [s["label"] for s in report.series],
        [
            (t("issued"), "#1d4ed8", [float(s["issued"]) for s in report.series]),
            (t("served"), "#15803d", [float(s["served"]) for s in report.series]),
        ],
    )
    group_chart = reports.bar_chart(
        [reports.group_label(report.by, r) for r in report.rows],
        [
            (
                t("wait_mean"),
                "#b45309",
                [float(r["wait_minutes"]["mean"] or 0) for r in report.rows],
            )
        ],
    )
    query = request.url.query
    context = _context(
        request,
        "reports",
        who,
        report=report,
        series_chart=series_chart,
        group_chart=group_chart,
        label=lambda row: reports.group_label(report.by, row),
        rating_bar=lambda row: reports.rating_bar(row, report.level_names(lang_of(request))),
        query=query,
    )
    return render(request, "reports.html", context)


async def _download(request: Request, kind: str) -> Response:
    await _fragment_guard(request)
    report = await _report(request)
    name = f"luot-{report.by.value}-{report.first.isoformat()}-{report.last.isoformat()}"
    if kind == "csv":
        return Response(
            reports.to_csv(report, lang_of(request)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        reports.to_xlsx(report, lang_of(request)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@router.get("/reports.csv")
async def report_csv(request: Request) -> Response:
    return await _download(request, "csv")


@router.get("/reports.xlsx")
async def report_xlsx(request: Request) -> Response:
    return await _download(request, "xlsx")
