"""Texts to a citizen's phone, as rules: a Vietnamese mobile number checked and masked, the
site's ``[sms]`` settings, which text a ticket is due (near its turn, called) and the pace the
notifier keeps."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import timedelta

from queue_core.domain.remote import Unchecked
from queue_core.domain.site import Site
from queue_core.errors import DomainError

__all__ = [
    "SmsDriver",
    "SmsKind",
    "SmsSettings",
    "SmsSubscription",
    "mask_phone",
    "phone_number",
    "remote_unchecked",
    "retry_after",
    "texts_due",
]

_MOBILE = re.compile(r"^0[35789]\d{8}$")
"""Vietnam's mobile numbers since the 2018 renumbering: 10 digits, 03x 05x 07x 08x 09x."""
_SEPARATORS = re.compile(r"[\s.\-()]")


def phone_number(text: str) -> str:
    """``text`` as a Vietnamese mobile number in its ten-digit form (``0912345678``), whether
    written ``0912 345 678``, ``+84 912 345 678`` or ``84912345678``; DomainError
    ``invalid_phone`` otherwise (a landline cannot take a text)."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not digits.isascii() or not _MOBILE.match(digits):
        raise DomainError(
            "invalid_phone",
            f"{text!r} is not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09)",
            "phone",
        )
    return digits


def mask_phone(phone: str) -> str:
    """What a screen or a log shows of a number: ``0912 *** 678``."""
    return f"{phone[:4]} *** {phone[-3:]}" if len(phone) >= 7 else "***"


class SmsDriver(enum.StrEnum):
    MODEM = "modem"
    GATEWAY = "gateway"


@dataclass(frozen=True)
class SmsSettings:
    """The site file's ``[sms]``: how texts leave (a modem on a serial port, or a gateway), in
    which letters, when a citizen is told, and at what pace."""

    driver: SmsDriver
    port: str = ""
    """The modem's serial port (``/dev/ttyUSB2``, or a pyserial URL)."""
    baudrate: int = 115200
    url: str = ""
    """The gateway's address."""
    body: dict[str, object] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    ok_field: str = ""
    ok_value: object = None
    alphabet: str = "ucs2"
    """``ucs2``: Vietnamese as written (70 letters a text); ``plain``: without its marks (160)."""
    near: int = 3
    """Texted when this many people are ahead (0: only when called)."""
    per_minute: int = 20
    """At most this many texts a minute leave (a modem's and an operator's pace)."""
    attempts: int = 3
    """A text that fails is tried this many times in all, then recorded as failed."""
    remote_tickets: bool = False
    """A citizen may take a number by texting ``keyword`` and a service's id to the modem."""
    keyword: str = "LUOT"
    remote_per_phone: int = 2
    """Numbers one phone may take by text in a business day."""
    remote_unchecked: Unchecked = Unchecked.NO_SHOW
    """What a call does with a number taken by text whose holder has not checked in at a
    kiosk when its turn comes."""


def remote_unchecked(site: Site) -> Unchecked:
    """The site's rule for numbers taken by text and not checked in (a site without ``[sms]``
    takes none, and the rule is never asked)."""
    settings = site.extra.get("sms")
    return settings.remote_unchecked if isinstance(settings, SmsSettings) else Unchecked.NO_SHOW


class SmsKind(enum.StrEnum):
    NEAR = "near"
    CALLED = "called"
    PASSED = "passed"
    """A number taken by text whose turn came with nobody checked in for it (``remote``)."""


@dataclass(frozen=True)
class SmsSubscription:
    """A ticket whose holder asked for texts, and which of them were queued already."""

    ticket_id: int
    phone: str
    lang: str
    near_sent: bool = False
    called_sent: bool = False


def texts_due(
    subscription: SmsSubscription,
    status: str,
    ahead: int | None,
    near: int,
    unchecked: bool = False,
) -> list[SmsKind]:
    """The texts ``subscription`` is due now, its ticket being ``status`` with ``ahead``
    people before it: ``near`` once when at most ``near`` are ahead (not when it is called
    already: the call says more), ``called`` once when called; ``passed`` once when a number
    taken by text and never checked in (``unchecked``) spent its turn as a no-show, so that
    its holder does not come back for it. A ticket past its call (served, gone) is due
    nothing more."""
    if status == "called":
        return [] if subscription.called_sent else [SmsKind.CALLED]
    if status == "no_show" and unchecked:
        return [] if subscription.called_sent else [SmsKind.PASSED]
    if status != "waiting" or subscription.near_sent or ahead is None or near <= 0:
        return []
    return [SmsKind.NEAR] if ahead <= near else []


def retry_after(attempt: int) -> timedelta:
    """How long a text that failed its ``attempt``-th try waits for the next: 30 s, 2 min,
    8 min…, capped at 30 min."""
    return timedelta(seconds=min(30 * 4 ** max(0, attempt - 1), 1800))
