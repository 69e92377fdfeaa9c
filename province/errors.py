"""The province's one exception tree: every refusal it means to make, each with its code.

ProvinceError                 code (snake_case, as in {"error": {"code", "message"}}), message
│                             (a sentence a person can act on)
├── Refused                   a centre's request that is not taken; nothing was stored
│   ├── NotAuthenticated      no token, or one no centre holds (unknown_centre)
│   ├── Revoked               the token's centre was revoked (centre_revoked)
│   ├── InvalidBatch          not gzip JSON, out of order, another centre's (invalid_batch), or
│   │                         over the limits (batch_too_large)
│   └── Gap                   the batch starts past what the province holds (gap, acked_seq)
├── DatabaseError             PostgreSQL cannot be used now: unreachable, or its schema is not
│                             this release's (database_unavailable, migrations_pending)
├── MigrationError            a migration that failed; it was rolled back
├── CentreError               a `centre` command refused: no such centre, one that exists, a
│                             site file that cannot be used
├── StaffError                a provincial staff member refused: a bad username, name, role or
│   │                         password, an account that exists, no such account (``field``
│   │                         names the input at fault)
│   └── ConsoleError          the console refuses a request: no session (login_required), not
│                             this role's (not_allowed), a form without its CSRF token
│                             (csrf_failed), bad input (invalid_input), too many wrong passwords
│                             (too_many_attempts, account_locked: ``retry_after`` seconds)
└── UsageError                a `luot-province` command line that cannot be carried out

The code decides what a caller sees: ``api.errors`` maps it to an HTTP status and the CLI to an
exit code, each in one table. Anything else the province raises is a bug, logged with its trace.
This module imports nothing of ours.
"""

from __future__ import annotations

__all__ = [
    "CentreError",
    "ConsoleError",
    "DatabaseError",
    "Gap",
    "InvalidBatch",
    "MigrationError",
    "NotAuthenticated",
    "ProvinceError",
    "Refused",
    "Revoked",
    "StaffError",
    "UsageError",
]


class ProvinceError(Exception):
    """Base of every error the province raises on purpose."""

    code = "province_error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or type(self).code
        self.message = message

    def as_dict(self) -> dict[str, object]:
        """The inside of the error body."""
        return {"code": self.code, "message": self.message}


class Refused(ProvinceError):
    """A centre's request that is not taken; nothing was stored."""


class NotAuthenticated(Refused):
    code = "unknown_centre"


class Revoked(Refused):
    code = "centre_revoked"


class InvalidBatch(Refused):
    """``invalid_batch`` (400) or ``batch_too_large`` (413)."""

    code = "invalid_batch"


class Gap(Refused):
    """The batch's first new event is past ``acked_seq`` + 1: send again from there."""

    code = "gap"

    def __init__(self, message: str, acked_seq: int) -> None:
        super().__init__(message)
        self.acked_seq = acked_seq

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "acked_seq": self.acked_seq}


class DatabaseError(ProvinceError):
    """PostgreSQL cannot be used now, or its schema is not this release's."""

    code = "database_unavailable"


class MigrationError(ProvinceError):
    code = "migration_failed"


class CentreError(ProvinceError):
    """A ``centre`` command refused; the message names the centre or the file."""


class StaffError(ProvinceError):
    """A staff account refused; ``field`` is the input at fault, when one is."""

    code = "invalid_input"

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code)
        self.field = field

    def as_dict(self) -> dict[str, object]:
        body = super().as_dict()
        if self.field:
            body["field"] = self.field
        return body


class ConsoleError(StaffError):
    """The console refuses a request; ``retry_after``: seconds to wait, for a guessing limit."""

    code = "not_allowed"

    def __init__(
        self,
        message: str,
        code: str | None = None,
        field: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message, code, field)
        self.retry_after = retry_after


class UsageError(ProvinceError):
    code = "invalid_usage"
