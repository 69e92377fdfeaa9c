"""Who may act: pairing codes, paired devices and clerk sessions, secrets stored only as hashes."""

from __future__ import annotations

import enum
import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_core.domain import DomainError, NotFound, Role
from queue_core.errors import NotAuthenticated
from queue_core.store.accounts import Account
from queue_core.store.records import from_db_time, to_db_time

PAIRING_TTL = timedelta(minutes=10)
DEVICE_PREFIX = "luot_d_"
SESSION_PREFIX = "luot_s_"


class DeviceRole(enum.StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    BOARD = "board"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a paired device, or a staff member's session (bound to a counter)."""

    kind: str  # "device" or "staff"
    name: str
    device_id: int | None = None
    device_role: DeviceRole | None = None
    username: str | None = None
    staff_role: Role | None = None
    counter: int | None = None

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


def secret_hash(secret: str) -> str:
    """Tokens are long and random, so one SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


# --- pairing ----------------------------------------------------------------------------


def create_pairing_code(
    conn: sqlite3.Connection, role: DeviceRole, name: str, now: datetime
) -> tuple[str, datetime]:
    """A one-time six-digit code, valid ten minutes, that a new device exchanges for a token."""
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
            "INSERT OR REPLACE INTO pairing_codes(code_hash, role, name, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (secret_hash(code), role.value, name, to_db_time(now), to_db_time(expires)),
        )
        return code, expires
    raise DomainError("too_many_codes", "Too many pairing codes are live; wait ten minutes.")


def pair_device(
    conn: sqlite3.Connection, code: str, name: str | None, now: datetime
) -> tuple[str, Device]:
    """Spend a pairing code: a new device and its token (returned once, stored as a hash)."""
    row = conn.execute(
        "SELECT role, name, expires_at, used_at FROM pairing_codes WHERE code_hash = ?",
        (secret_hash(code),),
    ).fetchone()
    if row is None:
        raise NotAuthenticated(
            "invalid_code", "This pairing code is not known; ask for a new one.", field="code"
        )
    role, code_name, expires_at, used_at = row
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
        "INSERT INTO devices(name, role, token_hash, paired_at) VALUES (?, ?, ?, ?)",
        (device_name, role, secret_hash(token), to_db_time(now)),
    )
    return token, get_device(conn, int(cursor.lastrowid or 0))


# --- devices ----------------------------------------------------------------------------

_DEVICE_COLUMNS = (
    "id, name, role, paired_at, revoked_at, last_seen, version, uptime_seconds, printer"
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


def open_session(
    conn: sqlite3.Connection, account: Account, counter: int | None, now: datetime
) -> str:
    """A session token for a staff member whose PIN was just checked, bound to one counter."""
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO sessions(token_hash, username, counter, started_at) VALUES (?, ?, ?, ?)",
        (secret_hash(token), account.username, counter, to_db_time(now)),
    )
    return token


def end_session(conn: sqlite3.Connection, token: str, now: datetime) -> None:
    conn.execute(
        "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
        (to_db_time(now), secret_hash(token)),
    )


# --- who is calling -------------------------------------------------------------------------


def authenticate(conn: sqlite3.Connection, token: str | None) -> Principal:
    """The principal behind a bearer token; NotAuthenticated when there is none or it is dead."""
    if not token:
        raise NotAuthenticated(
            "token_required",
            "This needs a device token or a staff session (Authorization: Bearer).",
        )
    if token.startswith(DEVICE_PREFIX):
        row = conn.execute(
            "SELECT id, name, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
            (secret_hash(token),),
        ).fetchone()
        if row is not None:
            return Principal("device", row[1], device_id=row[0], device_role=DeviceRole(row[2]))
    elif token.startswith(SESSION_PREFIX):
        row = conn.execute(
            "SELECT s.username, s.counter, st.display_name, st.role FROM sessions s "
            "JOIN staff st ON st.username = s.username "
            "WHERE s.token_hash = ? AND s.ended_at IS NULL AND st.active = 1",
            (secret_hash(token),),
        ).fetchone()
        if row is not None:
            return Principal(
                "staff", row[2], username=row[0], staff_role=Role(row[3]), counter=row[1]
            )
    raise NotAuthenticated(
        "invalid_token",
        "This token is unknown, revoked or its session has ended; pair or log in again.",
    )
