"""The province's own staff, who read the provincial console: a viewer reads, an admin also adds
centres and staff. A password is kept only as an scrypt hash (the standard library's, with the
parameters and the ``scrypt$salt$digest`` form the core keeps its PINs in); each change is
audited in its own transaction, and a new password or a disabled account ends the account's
sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from province import audit
from province.errors import StaffError

__all__ = [
    "PASSWORD_LONGEST",
    "PASSWORD_SHORTEST",
    "ROLES",
    "Account",
    "add",
    "check_password",
    "disable",
    "enable",
    "hash_password",
    "listing",
    "password_matches",
    "set_password",
]

ROLES = ("viewer", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
PASSWORD_SHORTEST, PASSWORD_LONGEST = 10, 128
NAME_LONGEST = 80
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""16 MB and some tens of milliseconds a hash: as the core's PINs."""


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    active: bool
    added_at: datetime


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        salt_bytes = bytes.fromhex(salt)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt_bytes, **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise StaffError(
            "A username is lower-case a-z, 0-9, '.', '_' and '-', at most 64, starting with a "
            "letter or digit (e.g. thu.nguyen).",
            field="username",
        )
    return username


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LONGEST or any(ord(c) < 32 for c in name):
        raise StaffError(f"Give the full name (at most {NAME_LONGEST} characters).", field="name")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise StaffError("The role is viewer or admin.", field="role")
    return role


def check_password(password: str) -> str:
    if not PASSWORD_SHORTEST <= len(password) <= PASSWORD_LONGEST or any(
        ord(c) < 32 for c in password
    ):
        raise StaffError(
            f"A password is {PASSWORD_SHORTEST} to {PASSWORD_LONGEST} characters, on one line.",
            field="password",
        )
    return password


def _state(conn: psycopg.Connection, username: str, lock: bool = False) -> dict[str, Any]:
    row = conn.execute(
        "SELECT name, role, active FROM staff WHERE username = %s"
        + (" FOR UPDATE" if lock else ""),
        (username,),
    ).fetchone()
    if row is None:
        raise StaffError(
            f"There is no staff member {username!r}.", code="no_such_staff", field="username"
        )
    return {"name": row[0], "role": row[1], "active": row[2]}


def _end_sessions(conn: psycopg.Connection, username: str, now: datetime | None) -> None:
    conn.execute(
        "UPDATE staff_sessions SET ended_at = coalesce(%s, now()) "
        "WHERE username = %s AND ended_at IS NULL",
        (now, username),
    )


def add(
    conn: psycopg.Connection,
    actor: str,
    username: str,
    name: str,
    role: str,
    password: str,
    now: datetime | None = None,
) -> Account:
    """A new account; refused when the username is taken."""
    username, name, role = check_username(username), check_name(name), check_role(role)
    hashed = hash_password(check_password(password))
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO staff (username, name, role, password_hash, added_at) "
            "VALUES (%s, %s, %s, %s, coalesce(%s, now())) ON CONFLICT (username) DO NOTHING "
            "RETURNING added_at",
            (username, name, role, hashed, now),
        ).fetchone()
        if row is None:
            raise StaffError(
                f"There is already a staff member {username!r}.",
                code="staff_exists",
                field="username",
            )
        audit.record(conn, actor, "staff.add", username, None, {"name": name, "role": role}, now)
    return Account(username, name, role, True, row[0])


def set_password(
    conn: psycopg.Connection,
    actor: str,
    username: str,
    password: str,
    now: datetime | None = None,
) -> None:
    """A new password: the account's sessions end."""
    hashed = hash_password(check_password(password))
    with conn.transaction():
        state = _state(conn, username, lock=True)
        conn.execute(
            "UPDATE staff SET password_hash = %s, password_stamp = password_stamp + 1 "
            "WHERE username = %s",
            (hashed, username),
        )
        _end_sessions(conn, username, now)
        audit.record(
            conn, actor, "staff.password", username, state, {**state, "password": "new"}, now
        )


def _set_active(
    conn: psycopg.Connection, actor: str, username: str, active: bool, now: datetime | None
) -> bool:
    with conn.transaction():
        state = _state(conn, username, lock=True)
        if state["active"] == active:
            return False
        conn.execute("UPDATE staff SET active = %s WHERE username = %s", (active, username))
        if not active:
            _end_sessions(conn, username, now)
        action = "staff.enable" if active else "staff.disable"
        audit.record(conn, actor, action, username, state, {**state, "active": active}, now)
    return True


def disable(
    conn: psycopg.Connection, actor: str, username: str, now: datetime | None = None
) -> bool:
    """The account can no longer log in and its sessions end; False if it was disabled."""
    return _set_active(conn, actor, username, False, now)


def enable(
    conn: psycopg.Connection, actor: str, username: str, now: datetime | None = None
) -> bool:
    """The account may log in again; False if it was active."""
    return _set_active(conn, actor, username, True, now)


def listing(conn: psycopg.Connection) -> list[Account]:
    rows = conn.execute(
        "SELECT username, name, role, active, added_at FROM staff ORDER BY username"
    ).fetchall()
    return [Account(*row) for row in rows]
