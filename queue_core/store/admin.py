"""Supervisors' changes outside the queue's commands: staff accounts, counter assignments and
devices, audited; each change of an account held to the roles' matrix (``domain.roles``), the
one place the console and ``luot-core`` both pass."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from queue_core.domain import (
    Actor,
    DomainError,
    NotFound,
    Role,
    Site,
    StaffChange,
    check_sign_in,
    check_staff_change,
    may_open,
)
from queue_core.errors import AccessDenied
from queue_core.store import audit
from queue_core.store.accounts import add_staff, check_pin_format, get_account, hash_pin
from queue_core.store.devices import (
    Device,
    DeviceRole,
    create_pairing_code,
    get_device,
    revoke_device,
)
from queue_core.store.records import to_db_time


def _account_state(conn: sqlite3.Connection, username: str) -> dict[str, object] | None:
    try:
        account = get_account(conn, username)
    except NotFound:
        return None
    return {
        "name": account.display_name,
        "role": account.role.value,
        "active": account.active,
        "has_pin": account.has_pin,
    }


def _role_of(conn: sqlite3.Connection, username: str) -> Role | None:
    try:
        return get_account(conn, username).role
    except NotFound:
        return None


def _unknown(username: str) -> NotFound:
    return NotFound("unknown_staff", f"There is no staff member {username!r}.", "username")


def acting(conn: sqlite3.Connection, actor: Actor) -> Actor:
    """The actor with the authority their account has now, in this transaction: an account
    disabled or given another role since its session began acts as it is now."""
    if actor.is_operator:
        return actor
    try:
        account = get_account(conn, actor.name)
    except NotFound:
        account = None
    if account is None or not account.active:
        raise AccessDenied("not_allowed", "This account is disabled; it may change nothing.")
    return Actor.staff(account.username, account.role)


def create_staff(
    conn: sqlite3.Connection,
    actor: Actor,
    now: datetime,
    username: str,
    display_name: str,
    role: Role,
    pin: str,
    title: str = "",
) -> None:
    """Add a staff account (or re-enable and re-PIN an existing one), as `luot-core staff add`;
    only within the actor's reach, the account as it is and as it would become."""
    who = acting(conn, actor)
    check_staff_change(who, StaffChange.ADD, username, _role_of(conn, username), role)
    before = _account_state(conn, username)
    add_staff(conn, username, display_name, role, pin, title)
    audit.record(conn, now, who.name, "staff.add", username, before, _account_state(conn, username))


def disable_staff(conn: sqlite3.Connection, actor: Actor, now: datetime, username: str) -> None:
    """The account can no longer log in; its open sessions stop working at once."""
    who = acting(conn, actor)
    before = _account_state(conn, username)
    if before is None:
        raise _unknown(username)
    check_staff_change(who, StaffChange.DISABLE, username, _role_of(conn, username))
    conn.execute("UPDATE staff SET active = 0 WHERE username = ?", (username,))
    conn.execute(
        "UPDATE sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL",
        (to_db_time(now), username),
    )
    audit.record(
        conn, now, who.name, "staff.disable", username, before, _account_state(conn, username)
    )


def reset_pin(
    conn: sqlite3.Connection, actor: Actor, now: datetime, username: str, pin: str
) -> None:
    """A new PIN; the wrong-PIN count and any lockout are cleared."""
    who = acting(conn, actor)
    before = _account_state(conn, username)
    if before is None:
        raise _unknown(username)
    check_staff_change(who, StaffChange.NEW_PIN, username, _role_of(conn, username))
    check_pin_format(pin, Role(str(before["role"])))
    conn.execute(
        "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE username = ?",
        (hash_pin(pin), username),
    )
    audit.record(
        conn, now, who.name, "staff.reset_pin", username, before, _account_state(conn, username)
    )


# --- who works where today ----------------------------------------------------------------


def assigned_counters(conn: sqlite3.Connection, username: str, day: date) -> list[int]:
    """The counters a supervisor assigned this clerk to for ``day``."""
    rows = conn.execute(
        "SELECT counter FROM counter_assignments WHERE username = ? AND business_day = ? "
        "ORDER BY counter",
        (username, day.isoformat()),
    )
    return [int(r[0]) for r in rows]


def assignments(conn: sqlite3.Connection, day: date) -> list[tuple[int, str, str]]:
    """``day``'s assignments: counter, clerk, and who assigned them, by counter."""
    rows = conn.execute(
        "SELECT counter, username, assigned_by FROM counter_assignments WHERE business_day = ? "
        "ORDER BY counter, username",
        (day.isoformat(),),
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def check_counter_sign_in(
    conn: sqlite3.Connection, site: Site, username: str, role: Role, counter: int, now: datetime
) -> None:
    """Refuse a clerk's sign-in at a counter they do not work at today (``not_assigned``)."""
    today = assigned_counters(conn, username, site.business_day(now))
    check_sign_in(site, counter, username, role, today)


def assign_counter(
    conn: sqlite3.Connection,
    actor: Actor,
    now: datetime,
    site: Site,
    username: str,
    counter: int,
    *,
    assigned: bool = True,
) -> None:
    """A clerk may sign in at ``counter`` for the rest of the business day (``assigned``), or
    no longer by this assignment (not ``assigned``); the site file's lists stay as they are."""
    who = acting(conn, actor)
    if site.counter(counter) is None:
        raise NotFound("unknown_counter", f"There is no counter {counter}.", "counter")
    role = _role_of(conn, username)
    if role is None:
        raise _unknown(username)
    check_staff_change(who, StaffChange.ASSIGN, username, role)
    day = site.business_day(now)
    before = assigned_counters(conn, username, day)
    if (counter in before) == assigned:
        said = "already assigned to" if assigned else "not assigned to"
        raise DomainError(
            "no_change", f"{username!r} is {said} counter {counter} today.", "counter"
        )
    if assigned:
        conn.execute(
            "INSERT INTO counter_assignments(business_day, counter, username, assigned_by, "
            "assigned_at) VALUES (?, ?, ?, ?, ?)",
            (day.isoformat(), counter, username, who.name, to_db_time(now)),
        )
    else:
        conn.execute(
            "DELETE FROM counter_assignments WHERE business_day = ? AND counter = ? "
            "AND username = ?",
            (day.isoformat(), counter, username),
        )
        if not may_open(site, counter, username, ()):
            # the clerk no longer works there: a session opened there by the assignment ends
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE username = ? AND counter = ? "
                "AND ended_at IS NULL",
                (to_db_time(now), username, counter),
            )
    audit.record(
        conn,
        now,
        who.name,
        "staff.assign" if assigned else "staff.unassign",
        username,
        {"counters": before},
        {"counters": assigned_counters(conn, username, day)},
        detail=f"{day.isoformat()}: counter {counter}",
    )


def rename_device(
    conn: sqlite3.Connection, actor: str, now: datetime, device_id: int, name: str
) -> None:
    name = name.strip()
    if not name or len(name) > 80:
        raise DomainError("invalid_name", "A device's name is 1 to 80 characters.", "name")
    device = get_device(conn, device_id)
    conn.execute("UPDATE devices SET name = ? WHERE id = ?", (name, device_id))
    audit.record(
        conn, now, actor, "device.rename", str(device_id), {"name": device.name}, {"name": name}
    )


def revoke_device_audited(
    conn: sqlite3.Connection, actor: str, now: datetime, device_id: int
) -> Device:
    """``revoke_device``, written to the audit log with who revoked it."""
    device = get_device(conn, device_id)
    after = revoke_device(conn, device_id, now)
    audit.record(
        conn,
        now,
        actor,
        "device.revoke",
        str(device_id),
        {"name": device.name, "revoked": device.revoked_at is not None},
        {"name": after.name, "revoked": True},
    )
    return after


def pairing_code_audited(
    conn: sqlite3.Connection,
    actor: str,
    now: datetime,
    role: DeviceRole,
    name: str,
    counter: int | None = None,
) -> tuple[str, datetime]:
    """``create_pairing_code``, written to the audit log; the code itself never is (it is a
    credential until it is spent or expires)."""
    code, expires = create_pairing_code(conn, role, name, now, counter)
    after: dict[str, object] = {"role": role.value, "name": name, "expires": to_db_time(expires)}
    if counter is not None:
        after["counter"] = counter
    audit.record(conn, now, actor, "device.pairing_code", name or role.value, None, after)
    return code, expires
