"""The login page, logging in (a provincial staff member's username and password) and out."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from province.api.errors import STATUS_BY_CODE
from province.console import auth
from province.console.rendering import lang_of, page_context, page_router, render, safe_next
from province.console.text import translator
from province.errors import ConsoleError

router = page_router()


def _login_page(
    request: Request, error: str | None = None, status: int = 200, username: str = ""
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
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
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise ConsoleError("This form is out of date; reload the login page.", code="csrf_failed")
    username, password = form.get("username", ""), form.get("password", "")
    t = translator(lang_of(request))
    if not username or not password:
        return _login_page(request, t("wrong_password"), 401, username)
    try:
        token, _who = await auth.log_in(request, username, password)
    except ConsoleError as refused:
        said = ("account_locked", "too_many_attempts")
        key = refused.code if refused.code in said else "wrong_password"
        page = _login_page(request, t(key), STATUS_BY_CODE.get(refused.code, 401), username[:64])
        if refused.retry_after:
            page.headers["Retry-After"] = str(refused.retry_after)
        return page
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    auth.set_cookie(request, response, auth.COOKIE, token)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path=auth.PATH)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    who, _form = await auth.acting(request, admin=False)
    await auth.log_out(request, who)
    response = RedirectResponse("/province/login", status_code=303)
    response.delete_cookie(auth.COOKIE, path=auth.PATH)
    return response
