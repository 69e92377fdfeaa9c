"""The administration page (an admin's): the centres — added, with their token shown once, or
revoked — and the provincial staff — added, disabled, enabled, given a new password; each
change audited in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import psycopg
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from province import audit, centres, staff
from province.api.errors import STATUS_BY_CODE
from province.console import auth
from province.console.rendering import page_context, page_guard, page_router, render
from province.errors import CentreError, ProvinceError, StaffError

router = page_router()

Work = Callable[[psycopg.Connection, str, datetime], Any]
"""A form's change: on a connection, by whom, when; what the page shows after it, if anything."""


async def _show(
    request: Request,
    who: auth.Staff,
    error: ProvinceError | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
    made: dict[str, str] | None = None,
) -> HTMLResponse:
    def read(conn: psycopg.Connection) -> tuple[list[Any], list[Any]]:
        return centres.listing(conn), staff.listing(conn)

    listed, accounts = await auth.database(request, read)
    context = page_context(
        request,
        "admin",
        who,
        centres=listed,
        accounts=accounts,
        error=error,
        form=form or {},
        made=made,
        done=request.query_params.get("done"),
    )
    return render(request, "admin.html", context, status)


@router.get("/admin")
async def admin_page(request: Request) -> Response:
    who = await page_guard(request, admin=True)
    if isinstance(who, Response):
        return who
    return await _show(request, who)


def _form(action: str, build: Callable[[dict[str, str], auth.Staff], Work]) -> None:
    async def endpoint(request: Request) -> Response:
        who, form = await auth.acting(request)
        form["form"] = action
        now = auth.settings_of(request).now()
        try:
            work = build(form, who)
            made = await auth.database(request, lambda conn: work(conn, who.username, now))
        except (StaffError, CentreError) as error:
            form.pop("password", None)
            status = STATUS_BY_CODE.get(error.code, 422)
            return await _show(request, who, error, form, status)
        if made is not None:  # a token, shown this once: not behind a redirect
            return await _show(request, who, form={"form": action}, made=made)
        return RedirectResponse(f"/province/admin?done={action}#{action}", status_code=303)

    endpoint.__name__ = f"admin_{action.replace('-', '_')}"
    router.add_api_route(f"/admin/{action}", endpoint, methods=["POST"])


def _centre_add(form: dict[str, str], who: auth.Staff) -> Work:
    code, name = form.get("centre", ""), form.get("name", "")
    if len(name) > 200 or any(ord(c) < 32 for c in name):
        raise StaffError("Give the centre's name on one line.", field="name")

    def work(conn: psycopg.Connection, actor: str, now: datetime) -> dict[str, str]:
        with conn.transaction():
            token = centres.add(conn, code, name)
            audit.record(conn, actor, "centre.add", code, None, {"name": name.strip()}, now)
        return {"centre": code, "token": token}

    return work


def _centre_revoke(form: dict[str, str], who: auth.Staff) -> Work:
    code = form.get("centre", "")
    if form.get("confirm") != "yes":
        raise StaffError("Tick the box to confirm.", code="confirm_required", field="confirm")

    def work(conn: psycopg.Connection, actor: str, now: datetime) -> None:
        with conn.transaction():
            _when, just_now = centres.revoke(conn, code)
            if just_now:
                audit.record(
                    conn, actor, "centre.revoke", code, {"revoked": False}, {"revoked": True}, now
                )

    return work


def _staff_add(form: dict[str, str], who: auth.Staff) -> Work:
    def work(conn: psycopg.Connection, actor: str, now: datetime) -> None:
        staff.add(
            conn,
            actor,
            form.get("username", ""),
            form.get("name", ""),
            form.get("role", ""),
            form.get("password", ""),
            now,
        )

    return work


def _staff_disable(form: dict[str, str], who: auth.Staff) -> Work:
    username = form.get("username", "")
    if username == who.username:
        raise StaffError("You cannot disable your own account.", field="username")
    return lambda conn, actor, now: staff.disable(conn, actor, username, now) and None


def _staff_enable(form: dict[str, str], who: auth.Staff) -> Work:
    username = form.get("username", "")
    return lambda conn, actor, now: staff.enable(conn, actor, username, now) and None


def _staff_password(form: dict[str, str], who: auth.Staff) -> Work:
    username, password = form.get("username", ""), form.get("password", "")
    return lambda conn, actor, now: staff.set_password(conn, actor, username, password, now)


_form("centre-add", _centre_add)
_form("centre-revoke", _centre_revoke)
_form("staff-add", _staff_add)
_form("staff-disable", _staff_disable)
_form("staff-enable", _staff_enable)
_form("staff-password", _staff_password)
