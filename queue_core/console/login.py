"""The login page, logging in (a supervisor's username and PIN) and logging out."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from queue_core.api.errors import status_of
from queue_core.console import auth
from queue_core.console.rendering import lang_of, page_context, page_router, render, safe_next
from queue_core.console.text import translator
from queue_core.errors import ApiError, LuotError
from queue_core.store import Store, end_session, min_pin_digits

router = page_router()


def _login_page(
    request: Request, error: str | None = None, status: int = 200, username: str = ""
) -> HTMLResponse:
    csrf = auth.new_login_csrf()
    context = page_context(request, "login", None, error=error, username=username)
    context["csrf"] = csrf
    context["next"] = safe_next(request.query_params.get("next"))
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
    if not username or not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        return _login_page(request, t("wrong_pin"), 401, username)
    try:
        token, account = await auth.log_in(request, username, pin)
    except LuotError as refused:
        said = ("account_locked", "not_supervisor", "too_many_attempts")
        key = refused.code if refused.code in said else "wrong_pin"
        return _login_page(request, t(key), status_of(refused), username)
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    auth.set_cookie(request, response, auth.COOKIE, token)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path=auth.PATH)
    # A supervisor's PIN set by an earlier release may be shorter than one may be set now: it
    # still opens the console (an upgrade locks no centre out), which asks for a longer one.
    if len(pin) < min_pin_digits(account.role):
        auth.set_cookie(request, response, auth.SHORT_PIN_COOKIE, "1")
    else:
        response.delete_cookie(auth.SHORT_PIN_COOKIE, path=auth.PATH)
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
