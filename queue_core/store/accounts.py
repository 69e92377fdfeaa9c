"""Staff accounts in the database: PINs kept only as scrypt hashes, and checked."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from typing import overload

from queue_core.domain import DomainError, NotFound, Role
from queue_core.errors import NotAuthenticated

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    title: str
    active: bool
    has_pin: bool


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


MIN_PIN_DIGITS = 4
"""A clerk's PIN: the counter's keypad, and the guards make guessing it slow (api/guards.py)."""
MIN_STAFF_PIN_DIGITS = 6
"""A supervisor's or an administrator's: their PIN opens the console, staff and devices."""
MAX_PIN_DIGITS = 12


def min_pin_digits(role: Role) -> int:
    return MIN_PIN_DIGITS if role is Role.CLERK else MIN_STAFF_PIN_DIGITS


def check_pin_format(pin: str, role: Role) -> None:
    """A PIN as it may be set for ``role``: ASCII digits (``str.isdigit`` alone takes "²"), as
    many as the role asks. Signing in takes any of 4 to 12, so that a supervisor whose PIN an
    earlier release set shorter still signs in (and the console asks for a longer one)."""
    least = min_pin_digits(role)
    if not (pin.isascii() and pin.isdigit() and least <= len(pin) <= MAX_PIN_DIGITS):
        whose = "A PIN" if role is Role.CLERK else "A supervisor's or an administrator's PIN"
        raise DomainError(
            "invalid_pin", f"{whose} is {least} to {MAX_PIN_DIGITS} digits.", field="pin"
        )


def add_staff(
    conn: sqlite3.Connection,
    username: str,
    display_name: str,
    role: Role,
    pin: str,
    title: str = "",
) -> Account:
    """Create or update a staff account and set its PIN (stored only as a hash)."""
    check_pin_format(pin, role)
    conn.execute(
        "INSERT INTO staff(username, display_name, role, title, pin_hash, active, failed_pins) "
        "VALUES (?, ?, ?, ?, ?, 1, 0) ON CONFLICT(username) DO UPDATE SET "
        "display_name = excluded.display_name, role = excluded.role, "
        "title = CASE WHEN excluded.title = '' THEN staff.title ELSE excluded.title END, "
        "pin_hash = excluded.pin_hash, active = 1, failed_pins = 0, locked_until = NULL",
        (username, display_name, role.value, title, hash_pin(pin)),
    )
    return get_account(conn, username)


def get_account(conn: sqlite3.Connection, username: str) -> Account:
    row = conn.execute(
        "SELECT username, display_name, role, title, active, pin_hash FROM staff "
        "WHERE username = ?",
        (username,),
    ).fetchone()
    if row is None:
        raise NotFound("unknown_staff", f"There is no staff member {username!r}.", field="username")
    return Account(row[0], row[1], Role(row[2]), row[3] or "", bool(row[4]), row[5] is not None)


def list_accounts(conn: sqlite3.Connection) -> list[Account]:
    names = [r[0] for r in conn.execute("SELECT username FROM staff ORDER BY username")]
    return [get_account(conn, name) for name in names]


@dataclass(frozen=True)
class PinCheck:
    """A PIN already compared with a stored hash, away from the writer (scrypt is slow)."""

    pin_hash: str
    matches: bool


def stored_pin_hash(conn: sqlite3.Connection, username: str) -> str | None:
    row = conn.execute("SELECT pin_hash FROM staff WHERE username = ?", (username,)).fetchone()
    return None if row is None else row[0]


_STAND_IN = "scrypt$" + "00" * 16 + "$" + "00" * 64
"""Compared when there is no hash to compare with: it matches no PIN (no scrypt digest is all
zeros that anyone can find), and comparing with it costs what comparing with a real one does."""


@overload
def check_pin(pin: str, pin_hash: str) -> PinCheck: ...
@overload
def check_pin(pin: str, pin_hash: None) -> None: ...
@overload
def check_pin(pin: str, pin_hash: str | None) -> PinCheck | None: ...
def check_pin(pin: str, pin_hash: str | None) -> PinCheck | None:
    """``pin`` compared with ``pin_hash``; None when there is none (no such account, or one
    without a PIN), after the same work, so that an unknown username takes as long to refuse as
    a wrong PIN (and cannot be told from one by the time the answer takes)."""
    if pin_hash is None:
        pin_matches(pin, _STAND_IN)
        return None
    return PinCheck(pin_hash, pin_matches(pin, pin_hash))


def verify_pin(
    conn: sqlite3.Connection,
    username: str,
    pin: str,
    checked: PinCheck | None = None,
) -> Account:
    """The account, when ``pin`` is its PIN and it is active; else ``wrong_pin``.

    Unknown users, disabled accounts and wrong PINs get the same answer (and ``check_pin``
    does the same work for each), so usernames cannot be probed; the
    API counts wrong PINs by account and by address (``api/guards.py``). ``checked`` is the
    comparison made beforehand; it counts only if the hash is still the one stored (a PIN
    changed meanwhile is compared again here).
    """
    row = conn.execute(
        "SELECT pin_hash, active FROM staff WHERE username = ?", (username,)
    ).fetchone()
    if row is None or not row[1] or row[0] is None:
        raise _wrong_pin()
    pin_hash = row[0]
    if checked is not None and checked.pin_hash == pin_hash:
        matches = checked.matches
    else:
        matches = pin_matches(pin, pin_hash)
    if not matches:
        raise _wrong_pin()
    return get_account(conn, username)


def _wrong_pin() -> NotAuthenticated:
    return NotAuthenticated("wrong_pin", "The username or PIN is not right.", field="pin")
