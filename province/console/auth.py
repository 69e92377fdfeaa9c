"""Who is at the provincial console: the session cookie (a row of ``staff_sessions``), the CSRF
token of its forms, the roles, and the limits on guessing passwords."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import parse_qs

import psycopg
from psycopg_pool import ConnectionPool
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from province.console.settings import ConsoleSettings
from province.errors import ConsoleError
from province.staff import hash_password, password_matches

__all__ = [
    "COOKIE",
    "LANG_COOKIE",
    "LOGIN_CSRF_COOKIE",
    "PATH",
    "Staff",
    "acting",
    "check_csrf",
    "csrf_token",
    "database",
    "log_in",
    "log_out",
    "read_form",
    "refuse_unless_admin",
    "set_cookie",
    "settings_of",
    "staff_of",
    "used",
]

PATH = "/province"
COOKIE = "luot_province"
LOGIN_CSRF_COOKIE = "luot_province_login"
LANG_COOKIE = "luot_lang"
TOKEN_PREFIX = "luot_ps_"
MAX_FORM_FIELDS = 50
MAX_FORM_BYTES = 64 * 1024

T = TypeVar("T")

# One comparison at a time: scrypt holds 16 MB while it runs; one thread also paces a guesser.
_PASSWORD_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="luot-province-password")
_NOBODY = hash_password("a password nobody has, compared for an unknown username")
"""Compared when the username is unknown, so that its answer takes as long as a wrong one's."""


@dataclass(frozen=True)
class Staff:
    """The staff member behind a live session."""

    username: str
    name: str
    role: str
    token: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def settings_of(request: Request) -> ConsoleSettings:
    settings: ConsoleSettings = request.app.state.console
    return settings


def _pool(request: Request) -> ConnectionPool:
    pool: ConnectionPool = request.app.state.pool
    return pool


async def database(request: Request, work: Callable[[psycopg.Connection], T]) -> T:
    """``work`` on a connection of the pool, on the server's thread pool (never on its loop)."""
    pool = _pool(request)

    def run() -> T:
        with pool.connection() as conn:
            return work(conn)

    return await run_in_threadpool(run)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(session_token: str) -> str:
    """The CSRF token of a session: derived from its secret, so only its holder can know it."""
    return hmac.new(session_token.encode(), b"luot-province-csrf", hashlib.sha256).hexdigest()


def secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, path=PATH, httponly=True, samesite="strict", secure=secure(request)
    )


def address_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- sessions --------------------------------------------------------------------------------


def _session(
    conn: psycopg.Connection, token: str, now: datetime, settings: ConsoleSettings
) -> Staff | None:
    row = conn.execute(
        "SELECT st.username, st.name, st.role, st.active, st.password_stamp, s.password_stamp, "
        "s.opened_at, s.used_at, s.ended_at FROM staff_sessions s "
        "JOIN staff st ON st.username = s.username WHERE s.token_hash = %s",
        (token_hash(token),),
    ).fetchone()
    if row is None:
        return None
    username, name, role, active, stamp, session_stamp, opened, used_at, ended = row
    if ended is not None or not active or stamp != session_stamp:
        return None
    if now - used_at > timedelta(minutes=settings.idle_minutes):
        return None
    if now - opened > timedelta(hours=settings.session_hours):
        return None
    return Staff(username, name, role, token)


async def staff_of(request: Request) -> Staff | None:
    """Who is behind the session cookie; None without a live session."""
    token = request.cookies.get(COOKIE)
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    settings = settings_of(request)
    now = settings.now()
    return await database(request, lambda conn: _session(conn, token, now, settings))


async def used(request: Request, who: Staff) -> None:
    """A page or a form: the session's idle time starts again (the live parts' own fetches and
    the downloads are not use: an unattended console times out)."""
    now = settings_of(request).now()
    await database(
        request,
        lambda conn: conn.execute(
            "UPDATE staff_sessions SET used_at = greatest(used_at, %s) WHERE token_hash = %s",
            (now, token_hash(who.token)),
        ),
    )


def required_session(who: Staff | None) -> Staff:
    if who is None:
        raise ConsoleError(
            "Log in to the provincial console with your username and password.",
            code="login_required",
        )
    return who


def refuse_unless_admin(who: Staff) -> Staff:
    if not who.is_admin:
        raise ConsoleError("Only an administrator of the province may do this.", code="not_allowed")
    return who


async def read_form(request: Request) -> dict[str, str]:
    """A URL-encoded form body, the last value of each field."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise ConsoleError("Send the console's form as a form.", code="unsupported_media_type")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ConsoleError("A form is at most 64 KiB.", code="body_too_large")
    try:
        fields = parse_qs(
            body.decode("utf-8", errors="replace"),
            keep_blank_values=True,
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError:
        raise ConsoleError(
            f"A form has at most {MAX_FORM_FIELDS} fields.", code="too_many_fields"
        ) from None
    return {key: values[-1].strip() for key, values in fields.items()}


def check_csrf(request: Request, form: dict[str, str]) -> None:
    token = request.cookies.get(COOKIE, "")
    sent = form.get("csrf", "")
    if not token or not sent or not hmac.compare_digest(sent, csrf_token(token)):
        raise ConsoleError(
            "This form is out of date or not from the console; reload it.", code="csrf_failed"
        )


async def acting(request: Request, admin: bool = True) -> tuple[Staff, dict[str, str]]:
    """For a form: the staff member (an admin, unless ``admin`` is False) and the form, its CSRF
    token checked."""
    who = required_session(await staff_of(request))
    form = await read_form(request)
    check_csrf(request, form)
    if admin:
        refuse_unless_admin(who)
    await used(request, who)
    return who, form


# --- guessing ----------------------------------------------------------------------------------


# Wrong passwords, in the database (``login_failures``) so that every worker of the server counts
# the same ones: ten from one address within 15 minutes make that address wait (429); five for
# one account from one address within 5 minutes lock that account at that address (423). A right
# password clears the account's count there, not the address's.
@dataclass(frozen=True)
class GuessLimit:
    """At most ``limit`` wrong passwords within ``window`` of the rows ``where`` picks."""

    where: str
    limit: int
    window: timedelta
    said: str
    code: str


BY_ADDRESS = GuessLimit(
    "address = %s",
    10,
    timedelta(minutes=15),
    "Too many wrong passwords from this address: wait a few minutes.",
    "too_many_attempts",
)
BY_ACCOUNT = GuessLimit(
    "address = %s AND username = %s AND NOT cleared",
    5,
    timedelta(minutes=5),
    "Too many wrong passwords for this account: it is locked for a few minutes.",
    "account_locked",
)


def refuse_guessing(conn: psycopg.Connection, username: str, address: str, now: datetime) -> None:
    """Refuse (429, 423) an address or an account past its limit of wrong passwords."""
    for rule, params in ((BY_ADDRESS, (address,)), (BY_ACCOUNT, (address, username[:64]))):
        count, oldest = conn.execute(
            f"SELECT count(*), min(at) FROM login_failures WHERE {rule.where} AND at >= %s",
            (*params, now - rule.window),
        ).fetchone() or (0, None)
        if count >= rule.limit:
            wait = max(1, int((oldest + rule.window - now).total_seconds()) + 1)
            raise ConsoleError(rule.said, code=rule.code, retry_after=wait)


def count_wrong_password(
    conn: psycopg.Connection, username: str, address: str, now: datetime
) -> None:
    """Keep a wrong password; forget those past the longest window."""
    conn.execute(
        "INSERT INTO login_failures (address, username, at) VALUES (%s, %s, %s)",
        (address, username[:64], now),
    )
    conn.execute(
        "DELETE FROM login_failures WHERE at < %s",
        (now - max(BY_ADDRESS.window, BY_ACCOUNT.window),),
    )


def clear_account(conn: psycopg.Connection, username: str, address: str) -> None:
    """A right password: the account's wrong ones at this address no longer lock it."""
    conn.execute(
        "UPDATE login_failures SET cleared = true WHERE address = %s AND username = %s "
        "AND NOT cleared",
        (address, username[:64]),
    )


async def log_in(request: Request, username: str, password: str) -> tuple[str, Staff]:
    """A new session for a right password (the guard asked first, a wrong one counted); its
    token and who."""
    settings = settings_of(request)
    address = address_of(request)
    now = settings.now()
    await database(request, lambda conn: refuse_guessing(conn, username, address, now))

    def stored(conn: psycopg.Connection) -> tuple[str, str, str, int] | None:
        row = conn.execute(
            "SELECT password_hash, name, role, password_stamp FROM staff "
            "WHERE username = %s AND active",
            (username,),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    found = await database(request, stored) if len(username) <= 64 else None
    loop = asyncio.get_running_loop()
    matches = await loop.run_in_executor(
        _PASSWORD_THREAD, password_matches, password[:256], found[0] if found else _NOBODY
    )
    if found is None or not matches:
        await database(request, lambda conn: count_wrong_password(conn, username, address, now))
        raise ConsoleError(
            "The username or password is not right.", code="wrong_password", field="password"
        )
    await database(request, lambda conn: clear_account(conn, username, address))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    _hash, name, role, stamp = found

    def open_session(conn: psycopg.Connection) -> None:
        conn.execute(
            "INSERT INTO staff_sessions (token_hash, username, password_stamp, address, "
            "opened_at, used_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (token_hash(token), username, stamp, address, now, now),
        )

    await database(request, open_session)
    return token, Staff(username, name, role, token)


async def log_out(request: Request, who: Staff) -> None:
    now = settings_of(request).now()

    def end(conn: psycopg.Connection) -> Any:
        return conn.execute(
            "UPDATE staff_sessions SET ended_at = %s WHERE token_hash = %s AND ended_at IS NULL",
            (now, token_hash(who.token)),
        )

    await database(request, end)
