"""The clerk's panel's look that its pages share: the sizes of its text and of its buttons."""

from __future__ import annotations

__all__ = ["BODY_PX", "BUTTON_HEIGHT", "SMALL_PX"]

BUTTON_HEIGHT = 76
BODY_PX = 26
SMALL_PX = 22
