"""The core's one exception tree: every refusal it means to make, each with its contract code.

LuotError                      code (snake_case, as in {"error": {"code", "message", "field"}}),
│                              message (a sentence a person can act on), field (the one input
│                              at fault, when there is one)
├── DomainError                a rule of the queue refused a command; nothing was changed
│   ├── NotFound               the thing named does not exist
│   ├── Conflict               the thing exists but its state does not allow the command
│   └── BookingsRefused        bookings imported or pushed, refused whole; every bad row named
├── AuthError                  who is calling may not do this
│   ├── NotAuthenticated       no credential, or an unknown, revoked or ended one
│   └── AccessDenied           a good credential that does not allow this
├── StoreError                 the database cannot be used now: missing, busy, corrupt, empty
├── MaintenanceError           a backup, a restore or an upgrade of the database that cannot be
│                              done (in use, damaged, another site's, a failed migration);
│                              nothing was changed
├── TlsError                   the core's own key and certificate cannot be made, read or
│                              rotated as asked; nothing was changed
├── ConfigError                a site file that cannot be used (file, entry and field named)
├── DossierError               the province's e-system gave us something we cannot take
│   ├── DossierImportError     an export refused whole; every bad row named
│   └── DossierSettingsError   a ``[dossiers]`` section that cannot be used
├── UsageError                 a `luot-core` command line that cannot be carried out
└── ApiError                   a refusal decided at the HTTP edge, with its own status

The code decides what a caller sees: ``api.errors`` maps it to an HTTP status and the CLI to
an exit code, each in one table. A class says what kind of trouble it is, for the code that
raises or catches it; anything else the core raises is a bug, logged with its trace.

This module imports nothing of ours, so that every package, the domain included, can use it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AccessDenied",
    "ApiError",
    "AuthError",
    "BookingsRefused",
    "ConfigError",
    "Conflict",
    "DomainError",
    "DossierError",
    "DossierImportError",
    "DossierSettingsError",
    "LuotError",
    "MaintenanceError",
    "NotAuthenticated",
    "NotFound",
    "StoreError",
    "TlsError",
    "UsageError",
]


class LuotError(Exception):
    """Base of every error the core raises on purpose."""

    code = "luot_error"
    """The contract's code when a subclass has one code for every instance."""

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code or type(self).code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        """The inside of the contract's error body."""
        body = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body

    def lines(self) -> tuple[str, ...]:
        """What a terminal shows of it, a line each."""
        return (f"{self.message} [{self.code}]",)


class DomainError(LuotError):
    """A rule of the queue refused a command; nothing was changed."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, code, field)


class NotFound(DomainError):
    """The thing named does not exist."""


class Conflict(DomainError):
    """The thing exists but is not in a state that allows the command."""


class BookingsRefused(DomainError):
    """Bookings imported or pushed were refused whole; ``problems`` names every bad row."""

    def __init__(self, problems: Sequence[str], source: str = "bookings") -> None:
        self.problems = list(problems)
        self.source = source
        lines = "; ".join(problems)
        super().__init__(
            "invalid_bookings", f"{source}: {len(problems)} problem(s), nothing taken: {lines}"
        )

    def lines(self) -> tuple[str, ...]:
        return (
            *(f"{self.source}: {problem}" for problem in self.problems),
            f"{self.source}: nothing taken",
        )


class AuthError(LuotError):
    """The caller may not do this; nothing was changed (a wrong PIN or code still counts)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, code, field)


class NotAuthenticated(AuthError):
    """No credential, or one that is unknown, revoked or ended."""


class AccessDenied(AuthError):
    """The credential is good but does not allow this."""


class StoreError(LuotError):
    """The database cannot be used: missing, locked too long, corrupt, or not initialised."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)


class MaintenanceError(LuotError):
    """A backup, a restore or an upgrade of the database that cannot be done; nothing was
    changed, and the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)


class TlsError(LuotError):
    """The core's own key and certificate (beside its database) cannot be made, read or
    rotated as asked; nothing was changed, and the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)

    def lines(self) -> tuple[str, ...]:
        return (self.message,)


class ConfigError(LuotError):
    """A site file that cannot be used; the message names file, entry and field in one line."""

    code = "invalid_site_file"

    def lines(self) -> tuple[str, ...]:
        return (self.message,)


class DossierError(LuotError):
    """Dossier data from the province's e-system that cannot be taken."""


class DossierImportError(DossierError):
    """The file was refused whole; ``problems`` names every bad row, one line each."""

    code = "invalid_dossier_file"

    def __init__(self, problems: Sequence[object], source: str = "file") -> None:
        self.problems = list(problems)
        self.source = source
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s), nothing imported\n{lines}")

    def lines(self) -> tuple[str, ...]:
        return (
            *(f"{self.source}: {problem}" for problem in self.problems),
            f"{self.source}: nothing imported",
        )


class DossierSettingsError(DossierError):
    """A ``[dossiers]`` section that cannot be used; the message names the field."""

    code = "invalid_dossier_settings"

    def lines(self) -> tuple[str, ...]:
        return (self.message,)


class UsageError(LuotError):
    """A `luot-core` command line that cannot be carried out; said in one line."""

    code = "invalid_usage"

    def lines(self) -> tuple[str, ...]:
        return (self.message,)


class ApiError(LuotError):
    """A refusal decided at the HTTP edge, carrying its own status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code, field)
        self.status = status
        self.retry_after = retry_after
        """Seconds the caller should wait before trying again (a 429's ``Retry-After``)."""
