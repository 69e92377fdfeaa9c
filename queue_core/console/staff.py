"""The administration page's staff forms: add an account, disable one, give one a new PIN,
assign a clerk to a counter for today; who may change whom is the store's to refuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from queue_core.console.admin import required, transaction_form
from queue_core.console.rendering import page_router
from queue_core.domain import Actor, DomainError, Role
from queue_core.store import (
    Principal,
    Store,
    assign_counter,
    create_staff,
    disable_staff,
    reset_pin,
)

router = page_router()

Work = Callable[[Store, datetime], None]


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise DomainError("invalid_input", "Choose a role.", "role") from None


def _actor(who: Principal) -> Actor:
    assert who.username is not None and who.staff_role is not None  # a console session's
    return Actor.staff(who.username, who.staff_role)


def _staff_add(who: Principal, form: dict[str, str]) -> Work:
    username = required(form, "username", "Give a username (a-z, 0-9).", 64)
    if not all(c.isascii() and (c.isalnum() or c in "_.-") for c in username) or (
        username != username.lower()
    ):
        raise DomainError("invalid_input", "A username is lower-case a-z, 0-9, _ . -", "username")
    name = required(form, "display_name", "Give the full name.", 80)
    role = _role(form.get("role", ""))
    pin = form.get("pin", "")
    return lambda store, now: create_staff(store.conn, _actor(who), now, username, name, role, pin)


def _staff_disable(who: Principal, form: dict[str, str]) -> Work:
    username = required(form, "username", "Choose a staff member.", 64)
    return lambda store, now: disable_staff(store.conn, _actor(who), now, username)


def _staff_pin(who: Principal, form: dict[str, str]) -> Work:
    username = required(form, "username", "Choose a staff member.", 64)
    pin = form.get("pin", "")
    return lambda store, now: reset_pin(store.conn, _actor(who), now, username, pin)


def _staff_assign(who: Principal, form: dict[str, str]) -> Work:
    username = required(form, "username", "Choose a clerk.", 64)
    counter = form.get("counter", "")
    if not (counter.isascii() and counter.isdigit()) or len(counter) > 4:  # "²".isdigit()
        raise DomainError("invalid_input", "Choose a counter.", "counter")
    assigned = form.get("do", "assign") != "unassign"

    def work(store: Store, now: datetime) -> None:
        assign_counter(
            store.conn, _actor(who), now, store.site, username, int(counter), assigned=assigned
        )

    return work


transaction_form(router, "staff-add", _staff_add)
transaction_form(router, "staff-disable", _staff_disable)
transaction_form(router, "staff-pin", _staff_pin)
transaction_form(router, "staff-assign", _staff_assign)
