"""The domain's one error type: a refusal with a contract code and a sentence."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the queue refused a command; nothing was changed.

    ``code`` is the contract's snake_case code, ``message`` a sentence a person
    can act on, ``field`` the one input at fault when there is one.
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        body = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body


class NotFound(DomainError):
    """The thing named does not exist (a 404 at the API's edge)."""


class Conflict(DomainError):
    """The thing exists but is not in a state that allows the command (a 409)."""
