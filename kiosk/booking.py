"""A booking's code as typed on the pad or scanned from its QR: six letters and digits with no
0/O/1/I (the core judges whether it is one); what tells it from a dossier's code."""

from __future__ import annotations

import re

from queue_core.client import BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH

__all__ = ["BOOKING_LENGTH", "booking_code", "is_booking_code"]

BOOKING_LENGTH = BOOKING_CODE_LENGTH
_SHAPE = re.compile(f"[{re.escape(BOOKING_CODE_ALPHABET)}]{{{BOOKING_LENGTH}}}")


def booking_code(text: str) -> str:
    """What was typed or scanned, as a booking's code (a QR may hold an address ending in
    it): upper case, spaces and dashes dropped; empty when nothing is left."""
    tail = text.strip().rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    return "".join(ch for ch in tail.upper() if ch.isalnum())[: BOOKING_LENGTH * 2]


def is_booking_code(text: str) -> bool:
    """Whether a scan is a booking's QR rather than a dossier's code (which is longer, with
    dots and dashes)."""
    return _SHAPE.fullmatch(booking_code(text)) is not None
