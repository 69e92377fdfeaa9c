"""Supervisors' changes outside the queue's commands: staff accounts and devices, audited."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_core.domain import DomainError, NotFound, Role
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


def create_staff(
    conn: sqlite3.Connection,
    actor: str,
    now: datetime,
    username: str,
    display_name: str,
    role: Role,
    pin: str,
    title: str = "",
) -> None:
    """Add a staff account (or re-enable and re-PIN an existing one), as `luot-core staff add`."""
    before = _account_state(conn, username)
    add_staff(conn, username, display_name, role, pin, title)
    audit.record(conn, now, actor, "staff.add", username, before, _account_state(conn, username))


def disable_staff(conn: sqlite3.Connection, actor: str, now: datetime, username: str) -> None:
    """The account can no longer log in; its open sessions stop working at once."""
    before = _account_state(conn, username)
    if before is None:
        raise NotFound("unknown_staff", f"There is no staff member {username!r}.", "username")
    if username == actor:
        raise DomainError("not_yourself", "You cannot disable your own account.", "username")
    conn.execute("UPDATE staff SET active = 0 WHERE username = ?", (username,))
    conn.execute(
        "UPDATE sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL",
        (to_db_time(now), username),
    )
    audit.record(
        conn, now, actor, "staff.disable", username, before, _account_state(conn, username)
    )


def reset_pin(conn: sqlite3.Connection, actor: str, now: datetime, username: str, pin: str) -> None:
    """A new PIN; the wrong-PIN count and any lockout are cleared."""
    before = _account_state(conn, username)
    if before is None:
        raise NotFound("unknown_staff", f"There is no staff member {username!r}.", "username")
    check_pin_format(pin, Role(str(before["role"])))
    conn.execute(
        "UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE username = ?",
        (hash_pin(pin), username),
    )
    audit.record(
        conn, now, actor, "staff.reset_pin", username, before, _account_state(conn, username)
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
    conn: sqlite3.Connection, actor: str, now: datetime, role: DeviceRole, name: str
) -> tuple[str, datetime]:
    """``create_pairing_code``, written to the audit log; the code itself never is (it is a
    credential until it is spent or expires)."""
    code, expires = create_pairing_code(conn, role, name, now)
    after = {"role": role.value, "name": name, "expires": to_db_time(expires)}
    audit.record(conn, now, actor, "device.pairing_code", name or role.value, None, after)
    return code, expires
