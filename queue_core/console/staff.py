"""The administration page's staff forms: add an account, disable one, give one a new PIN."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from queue_core.console.admin import required, transaction_form
from queue_core.console.rendering import page_router
from queue_core.domain import DomainError, Role
from queue_core.errors import ApiError
from queue_core.store import Principal, Store, create_staff, disable_staff, reset_pin

router = page_router()


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise DomainError("invalid_input", "Choose a role.", "role") from None


def _staff_add(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = required(form, "username", "Give a username (a-z, 0-9).", 64)
    if not all(c.isascii() and (c.isalnum() or c in "_.-") for c in username) or (
        username != username.lower()
    ):
        raise DomainError("invalid_input", "A username is lower-case a-z, 0-9, _ . -", "username")
    name = required(form, "display_name", "Give the full name.", 80)
    role = _role(form.get("role", ""))
    if role is Role.ADMIN and who.staff_role is not Role.ADMIN:
        # a refusal of the form's input, shown on the page as the other fields' are
        raise ApiError(422, "not_allowed", "Only an administrator adds administrators.", "role")
    pin = form.get("pin", "")
    return lambda store, now: create_staff(
        store.conn, who.username or "", now, username, name, role, pin
    )


def _staff_disable(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = required(form, "username", "Choose a staff member.", 64)
    return lambda store, now: disable_staff(store.conn, who.username or "", now, username)


def _staff_pin(who: Principal, form: dict[str, str]) -> Callable[[Store, datetime], None]:
    username = required(form, "username", "Choose a staff member.", 64)
    pin = form.get("pin", "")
    return lambda store, now: reset_pin(store.conn, who.username or "", now, username, pin)


transaction_form(router, "staff-add", _staff_add)
transaction_form(router, "staff-disable", _staff_disable)
transaction_form(router, "staff-pin", _staff_pin)
