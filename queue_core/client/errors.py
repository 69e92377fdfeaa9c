"""The client's one exception tree; httpx and websockets errors become these at the boundary.

CoreError                  anything the client raises
├── CoreUnavailable        the core cannot be reached: refused, timed out, name not
│   │                      resolved, connection dropped, 502/503/504 — an environment
│   │                      problem: show "the core is away" and try again later
│   └── CoreNotTrusted     what answered shows a certificate other than the one pinned:
│                          nothing was sent to it; another machine may pose as the core
├── CoreRefused            the core answered with the contract's error body (4xx):
│                          carries status, code, message and field
└── CoreFault              the core answered something the contract does not allow
                           (5xx, not JSON, a missing key) — a bug: log it with the trace
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["CoreError", "CoreFault", "CoreNotTrusted", "CoreRefused", "CoreUnavailable"]


class CoreError(Exception):
    """Base of every error the client raises."""


class CoreUnavailable(CoreError):
    """The core could not be reached, or went away mid-request.

    ``status`` is the HTTP status when a proxy or the core answered 502/503/504.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CoreNotTrusted(CoreUnavailable):
    """The core answered with a certificate this device does not trust (not the one pinned at
    pairing, nor the next one it announced): the TLS handshake was refused before anything was
    sent. A core, as far as the device can tell, is away; the message says what to do."""


class CoreRefused(CoreError):
    """The core refused the request; nothing was changed.

    ``code`` is the contract's snake_case code, ``message`` a sentence a person
    can act on, ``field`` the one input at fault when there is one.
    """

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return (
            f"CoreRefused(status={self.status}, code={self.code!r}, "
            f"message={self.message!r}, field={self.field!r})"
        )


class CoreFault(CoreError):
    """The core's answer breaks the contract (a server error or an unexpected shape).

    ``status`` is the HTTP status of a server error; None for an answer of the wrong shape.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def refusal(status: int, body: bytes | bytearray) -> CoreRefused:
    """The CoreRefused for a 4xx answer: the contract's error body, or the status alone."""
    try:
        data: Any = json.loads(body or b"null")
    except ValueError:
        data = None
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        error = {}
    field = error.get("field")
    return CoreRefused(
        status,
        str(error.get("code") or f"http_{status}"),
        str(error.get("message") or f"The core refused the request (HTTP {status})."),
        None if field is None else str(field),
    )
