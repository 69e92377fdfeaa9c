"""Who may act: pairing codes, paired devices, staff sessions and when they end; secrets hashed."""

from __future__ import annotations

import enum
import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from queue_core.domain import DomainError, NotFound, Role, Site, day_start
from queue_core.errors import NotAuthenticated
from queue_core.store.accounts import Account
from queue_core.store.records import from_db_time, to_db_time

PAIRING_TTL = timedelta(minutes=10)
DEVICE_PREFIX = "luot_d_"
SESSION_PREFIX = "luot_s_"


class DeviceRole(enum.StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    """The clerk's panel: it listens to the stream; the clerk's session carries the presses."""
    BOARD = "board"
    COUNTER_DISPLAY = "counter-display"
    """The display facing the citizen at one counter (paired to it): it sends their ratings."""
    PORTAL = "portal"
    """A public-service portal (the province's, the national one) that pushes its bookings:
    a machine with a token and no app, so no heartbeat; it may do nothing else."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: a paired device, or a staff member's session; either may be bound to a
    counter (a counter display, a clerk's session)."""

    kind: str  # "device" or "staff"
    name: str
    device_id: int | None = None
    device_role: DeviceRole | None = None
    username: str | None = None
    staff_role: Role | None = None
    counter: int | None = None
    session_kind: SessionKind | None = None

    @property
    def is_supervisor(self) -> bool:
        return self.staff_role in (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Device:
    id: int
    name: str
    role: DeviceRole
    paired_at: datetime
    revoked_at: datetime | None
    last_seen: datetime | None
    version: str | None
    uptime_seconds: int | None
    printer: str | None
    counter: int | None = None
    """The counter a counter display was paired to: it rates the tickets served there."""


def secret_hash(secret: str) -> str:
    """Tokens are long and random, so one SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


# --- pairing ----------------------------------------------------------------------------


def create_pairing_code(
    conn: sqlite3.Connection,
    role: DeviceRole,
    name: str,
    now: datetime,
    counter: int | None = None,
) -> tuple[str, datetime]:
    """A one-time six-digit code, valid ten minutes, that a new device exchanges for a token;
    a counter display's names its counter (the tickets served there are the ones it rates)."""
    _check_counter(role, counter)
    expires = now + PAIRING_TTL
    for _ in range(50):
        code = f"{secrets.randbelow(1_000_000):06d}"
        row = conn.execute(
            "SELECT used_at, expires_at FROM pairing_codes WHERE code_hash = ?",
            (secret_hash(code),),
        ).fetchone()
        if row is not None and row[0] is None and from_db_time(row[1]) > now:
            continue  # a live code already has these digits
        conn.execute(
            "INSERT OR REPLACE INTO pairing_codes(code_hash, role, name, created_at, expires_at, "
            "counter) VALUES (?, ?, ?, ?, ?, ?)",
            (secret_hash(code), role.value, name, to_db_time(now), to_db_time(expires), counter),
        )
        return code, expires
    raise DomainError("too_many_codes", "Too many pairing codes are live; wait ten minutes.")


def _check_counter(role: DeviceRole, counter: int | None) -> None:
    if role is DeviceRole.COUNTER_DISPLAY and counter is None:
        raise DomainError(
            "counter_required", "A counter display is paired to its counter: name it.", "counter"
        )
    if role is not DeviceRole.COUNTER_DISPLAY and counter is not None:
        raise DomainError("invalid_input", "Only a counter display has a counter.", "counter")


def pair_device(
    conn: sqlite3.Connection, code: str, name: str | None, now: datetime
) -> tuple[str, Device]:
    """Spend a pairing code: a new device and its token (returned once, stored as a hash)."""
    row = conn.execute(
        "SELECT role, name, expires_at, used_at, counter FROM pairing_codes WHERE code_hash = ?",
        (secret_hash(code),),
    ).fetchone()
    if row is None:
        raise NotAuthenticated(
            "invalid_code", "This pairing code is not known; ask for a new one.", field="code"
        )
    role, code_name, expires_at, used_at, counter = row
    if used_at is not None:
        raise NotAuthenticated(
            "code_used", "This pairing code was already used; ask for a new one.", field="code"
        )
    if from_db_time(expires_at) <= now:
        raise NotAuthenticated(
            "code_expired", "This pairing code has expired; ask for a new one.", field="code"
        )
    conn.execute(
        "UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?",
        (to_db_time(now), secret_hash(code)),
    )
    token = DEVICE_PREFIX + secrets.token_urlsafe(32)
    device_name = (name or code_name or f"{role} device").strip()[:80]
    cursor = conn.execute(
        "INSERT INTO devices(name, role, token_hash, paired_at, counter) VALUES (?, ?, ?, ?, ?)",
        (device_name, role, secret_hash(token), to_db_time(now), counter),
    )
    return token, get_device(conn, int(cursor.lastrowid or 0))


# --- devices ----------------------------------------------------------------------------

_DEVICE_COLUMNS = (
    "id, name, role, paired_at, revoked_at, last_seen, version, uptime_seconds, printer, counter"
)


def _device(row: tuple[object, ...]) -> Device:
    def time(value: object) -> datetime | None:
        return None if value is None else from_db_time(str(value))

    paired = time(row[3])
    assert paired is not None
    return Device(
        id=int(str(row[0])),
        name=str(row[1]),
        role=DeviceRole(str(row[2])),
        paired_at=paired,
        revoked_at=time(row[4]),
        last_seen=time(row[5]),
        version=None if row[6] is None else str(row[6]),
        uptime_seconds=None if row[7] is None else int(str(row[7])),
        printer=None if row[8] is None else str(row[8]),
        counter=None if row[9] is None else int(str(row[9])),
    )


def get_device(conn: sqlite3.Connection, device_id: int) -> Device:
    row = conn.execute(
        f"SELECT {_DEVICE_COLUMNS} FROM devices WHERE id = ?", (device_id,)
    ).fetchone()
    if row is None:
        raise NotFound("unknown_device", f"There is no device {device_id}.", field="device")
    return _device(row)


def list_devices(conn: sqlite3.Connection) -> list[Device]:
    return [_device(r) for r in conn.execute(f"SELECT {_DEVICE_COLUMNS} FROM devices ORDER BY id")]


def revoke_device(conn: sqlite3.Connection, device_id: int, now: datetime) -> Device:
    device = get_device(conn, device_id)
    if device.revoked_at is None:
        conn.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", (to_db_time(now), device_id))
    return get_device(conn, device_id)


def record_heartbeat(
    conn: sqlite3.Connection,
    device_id: int,
    now: datetime,
    version: str | None,
    uptime_seconds: int | None,
    printer: str | None,
) -> Device:
    conn.execute(
        "UPDATE devices SET last_seen = ?, version = ?, uptime_seconds = ?, printer = ? "
        "WHERE id = ?",
        (to_db_time(now), version, uptime_seconds, printer, device_id),
    )
    return get_device(conn, device_id)


# --- sessions -----------------------------------------------------------------------------


class SessionKind(enum.StrEnum):
    COUNTER = "counter"
    """From ``POST /api/v1/session``: a clerk at a counter (or staff through the API). It ends
    when signed out, when its counter closes, and when its business day ends."""
    CONSOLE = "console"
    """A supervisor at the console: it ends when logged out, after CONSOLE_IDLE without a page
    or a form, and CONSOLE_LONGEST after it began."""


CONSOLE_IDLE = timedelta(minutes=30)
CONSOLE_LONGEST = timedelta(hours=12)
SIGN_IN_MEMORY = timedelta(days=30)
"""How far back the addresses an account signed in from are remembered (see sign_in_addresses)."""


def pin_stamp(pin_hash: str | None) -> str:
    """What a session keeps of the PIN it was opened with: a changed PIN ends the session."""
    return secret_hash(pin_hash or "")


def open_session(
    conn: sqlite3.Connection,
    site: Site,
    account: Account,
    counter: int | None,
    now: datetime,
    *,
    kind: SessionKind = SessionKind.COUNTER,
    address: str | None = None,
) -> str:
    """A session token for a staff member whose PIN was just checked, bound to one counter
    (or none), ending at the latest as its kind says; ``address``: where it was opened from."""
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    day = site.business_day(now)
    if kind is SessionKind.CONSOLE:
        expires = now + CONSOLE_LONGEST
    else:
        expires = day_start(day + timedelta(days=1), site.day_reset_hour, site.timezone)
    pin_hash = conn.execute(
        "SELECT pin_hash FROM staff WHERE username = ?", (account.username,)
    ).fetchone()
    conn.execute(
        "INSERT INTO sessions(token_hash, username, counter, started_at, kind, business_day, "
        "expires_at, last_used_at, address, pin_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            secret_hash(token),
            account.username,
            counter,
            to_db_time(now),
            kind.value,
            day.isoformat(),
            to_db_time(expires),
            to_db_time(now),
            address,
            pin_stamp(pin_hash[0] if pin_hash else None),
        ),
    )
    return token


def end_session(
    conn: sqlite3.Connection, token: str, now: datetime, reason: str = "signed_out"
) -> None:
    conn.execute(
        "UPDATE sessions SET ended_at = ?, ended_reason = ? "
        "WHERE token_hash = ? AND ended_at IS NULL",
        (to_db_time(now), reason, secret_hash(token)),
    )


def end_counter_sessions(conn: sqlite3.Connection, counter: int, now: datetime) -> None:
    """The counter closed: the sessions bound to it end (its clerk signs in again to open it)."""
    conn.execute(
        "UPDATE sessions SET ended_at = ?, ended_reason = 'counter_closed' "
        "WHERE counter = ? AND kind = 'counter' AND ended_at IS NULL",
        (to_db_time(now), counter),
    )


def end_day_sessions(conn: sqlite3.Connection, day: date, now: datetime) -> None:
    """The business day ``day`` ended: the counters' sessions of that day (or before) end.
    A session opened on a later day (before the command that rolled the day) goes on."""
    conn.execute(
        "UPDATE sessions SET ended_at = ?, ended_reason = 'day_end' "
        "WHERE kind = 'counter' AND ended_at IS NULL AND business_day <= ?",
        (to_db_time(now), day.isoformat()),
    )


def touch_session(conn: sqlite3.Connection, token: str, now: datetime) -> None:
    """A console session was used by its person (a page, a form): its idle time starts again."""
    conn.execute(
        "UPDATE sessions SET last_used_at = ? WHERE token_hash = ? AND kind = 'console' "
        "AND ended_at IS NULL",
        (to_db_time(now), secret_hash(token)),
    )


def sign_in_addresses(conn: sqlite3.Connection, username: str, now: datetime) -> frozenset[str]:
    """The addresses ``username`` opened a session from in the last SIGN_IN_MEMORY."""
    rows = conn.execute(
        "SELECT DISTINCT address FROM sessions WHERE username = ? AND started_at >= ? "
        "AND address IS NOT NULL",
        (username, to_db_time(now - SIGN_IN_MEMORY)),
    )
    return frozenset(str(r[0]) for r in rows)


_ENDED = {
    "signed_out": "it was signed out",
    "counter_closed": "its counter was closed",
    "day_end": "its business day ended",
}


def _session_over(row: tuple[Any, ...], now: datetime) -> str | None:
    """Why a session is over (a sentence), or None while it holds."""
    kind, expires_at, last_used_at, stamp, ended_at, reason, active, pin_hash = row
    if ended_at is not None:
        return _ENDED.get(reason or "", "it was ended")
    if not active:
        return "the account was disabled"
    if stamp != pin_stamp(pin_hash):
        return "the account's PIN was changed"
    if expires_at is None or from_db_time(expires_at) <= now:
        return "it has run its time"
    idle = now - from_db_time(last_used_at) if last_used_at else CONSOLE_IDLE
    if kind == SessionKind.CONSOLE and idle >= CONSOLE_IDLE:
        return f"it was idle for {int(CONSOLE_IDLE.total_seconds() // 60)} minutes"
    return None


# --- who is calling -------------------------------------------------------------------------


def authenticate(conn: sqlite3.Connection, token: str | None, now: datetime) -> Principal:
    """The principal behind a bearer token at ``now``; NotAuthenticated when there is none, it
    is unknown or revoked (``invalid_token``), or its session is over (``session_ended``)."""
    if not token:
        raise NotAuthenticated(
            "token_required",
            "This needs a device token or a staff session (Authorization: Bearer).",
        )
    if token.startswith(DEVICE_PREFIX):
        row = conn.execute(
            "SELECT id, name, role, counter FROM devices WHERE token_hash = ? "
            "AND revoked_at IS NULL",
            (secret_hash(token),),
        ).fetchone()
        if row is not None:
            return Principal(
                "device", row[1], device_id=row[0], device_role=DeviceRole(row[2]), counter=row[3]
            )
    elif token.startswith(SESSION_PREFIX):
        row = conn.execute(
            "SELECT s.username, s.counter, st.display_name, st.role, s.kind, s.expires_at, "
            "s.last_used_at, s.pin_stamp, s.ended_at, s.ended_reason, st.active, st.pin_hash "
            "FROM sessions s JOIN staff st ON st.username = s.username WHERE s.token_hash = ?",
            (secret_hash(token),),
        ).fetchone()
        if row is not None:
            over = _session_over(row[4:], now)
            if over is not None:
                raise NotAuthenticated(
                    "session_ended", f"This session is over: {over}. Sign in again."
                )
            return Principal(
                "staff",
                row[2],
                username=row[0],
                staff_role=Role(row[3]),
                counter=row[1],
                session_kind=SessionKind(row[4]),
            )
    raise NotAuthenticated(
        "invalid_token",
        "This token is unknown or revoked; pair or log in again.",
    )
