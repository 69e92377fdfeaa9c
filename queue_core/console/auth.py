"""Who is at the console: the session cookie, the CSRF token, and the supervisor-only rule."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response

from queue_core import clock
from queue_core.api.pins import sign_in
from queue_core.api.runtime import ApiRuntime
from queue_core.domain import Role
from queue_core.errors import ApiError, LuotError, NotAuthenticated
from queue_core.store import (
    Account,
    Principal,
    SessionKind,
    Store,
    authenticate,
    open_session,
    touch_session,
)

COOKIE = "luot_console"
LOGIN_CSRF_COOKIE = "luot_console_login"
LANG_COOKIE = "luot_lang"
SHORT_PIN_COOKIE = "luot_short_pin"
"""Set at a login whose PIN is shorter than the role now asks: every page then asks for a new
one. A new PIN ends the session, and the next login clears it."""
PATH = "/console"
MAX_FORM_FIELDS = 50


def runtime_of(request: Request) -> ApiRuntime:
    runtime: ApiRuntime = request.app.state.runtime
    return runtime


def csrf_token(session_token: str) -> str:
    """The CSRF token of a session: derived from its secret, so only its holder can know it."""
    return hmac.new(session_token.encode(), b"luot-console-csrf", hashlib.sha256).hexdigest()


def secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, path=PATH, httponly=True, samesite="strict", secure=secure(request)
    )


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


async def principal(request: Request) -> Principal | None:
    """Who is behind the session cookie; None without a live credential."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    now = clock.now()

    def read(store: Store) -> Principal | None:
        try:
            return authenticate(store.conn, token, now)
        except NotAuthenticated:
            return None

    return await runtime_of(request).reader.read(read)


async def used(request: Request) -> None:
    """The supervisor did something (a page, a form): the session's idle time starts again.
    The live page's own fetches and its stream are not use: an unattended console times out."""
    token = request.cookies.get(COOKIE, "")
    await runtime_of(request).writer.transaction(
        lambda store, now: touch_session(store.conn, token, now)
    )


def refuse_unless_supervisor(who: Principal | None) -> Principal:
    """401 without a session; 403 for a clerk, a device, or a session not opened at the
    console (whose rules it would escape): the contract's error shape."""
    if who is None:
        raise ApiError(
            401, "login_required", "Log in to the console with a supervisor's username and PIN."
        )
    if who.kind != "staff" or not who.is_supervisor:
        raise ApiError(403, "not_allowed", "Only a supervisor or an administrator may do this.")
    if who.session_kind is not SessionKind.CONSOLE:
        raise ApiError(403, "not_allowed", "Log in at the console: this session is not its own.")
    return who


async def read_form(request: Request) -> dict[str, str]:
    """A URL-encoded form body (the console's forms), the last value of each field."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise ApiError(415, "unsupported_media_type", "Send the console's form as a form.")
    body = (await request.body()).decode("utf-8", errors="replace")
    try:
        fields = parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:  # more fields than that: the console's own forms have a handful
        raise ApiError(
            413, "too_many_fields", f"A form has at most {MAX_FORM_FIELDS} fields."
        ) from None
    return {key: values[-1].strip() for key, values in fields.items()}


def check_csrf(request: Request, form: dict[str, str]) -> None:
    """Every console form carries its session's CSRF token; without it nothing is done."""
    token = request.cookies.get(COOKIE, "")
    sent = form.get("csrf", "")
    if not token or not sent or not hmac.compare_digest(sent, csrf_token(token)):
        raise ApiError(
            403, "csrf_failed", "This form is out of date or not from the console; reload it."
        )


async def acting(request: Request) -> tuple[Principal, dict[str, str]]:
    """For a console action: the supervisor and the form, its CSRF token checked."""
    who = refuse_unless_supervisor(await principal(request))
    form = await read_form(request)
    check_csrf(request, form)
    await used(request)
    return who, form


async def log_in(request: Request, username: str, pin: str) -> tuple[str, Account]:
    """Check the PIN (counted by account and address), refuse clerks, open a console session."""
    address = request.client.host if request.client else "unknown"

    def then(store: Store, now: datetime, account: Account) -> tuple[str, Account] | LuotError:
        if account.role is Role.CLERK:
            return ApiError(403, "not_supervisor", "This account may not use the console.", "pin")
        token = open_session(
            store.conn, store.site, account, None, now, kind=SessionKind.CONSOLE, address=address
        )
        return token, account

    return await sign_in(runtime_of(request), username, pin, address, then)
