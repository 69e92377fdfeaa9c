"""The one error of the sms package: what failed (its kind) and a sentence a technician reads."""

from __future__ import annotations

import enum

__all__ = ["SmsError", "SmsErrorKind"]


class SmsErrorKind(enum.StrEnum):
    NO_MODEM = "no_modem"
    """The serial port cannot be opened, or nothing answers AT on it."""
    NO_SIM = "no_sim"
    """The modem answers but has no SIM card (or cannot read it)."""
    SIM_LOCKED = "sim_locked"
    """The SIM asks for a PIN or PUK: unlock it once in a phone."""
    NO_NETWORK = "no_network"
    """The SIM is not registered on a mobile network."""
    REFUSED = "refused"
    """The modem or the network refused one message (+CMS ERROR); the next may go."""
    TIMEOUT = "timeout"
    """The modem or the gateway did not answer in time."""
    GATEWAY_REFUSED = "gateway_refused"
    """The HTTP gateway answered, and not with the success its template expects."""
    GATEWAY_UNREACHABLE = "gateway_unreachable"
    """The HTTP gateway cannot be reached."""
    CONFIG = "config"
    """The [sms] settings cannot work (a bad URL, a template without the text)."""

    @property
    def lasting(self) -> bool:
        """Whether every message will fail the same way until someone acts (the console raises
        an alert), rather than this one message."""
        return self is not SmsErrorKind.REFUSED


class SmsError(Exception):
    def __init__(self, kind: SmsErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.message}"
