"""How readable text of one colour is on another: the WCAG 2.x contrast ratio, pure.

Shared by the site file's check of the hall board's colours (queue_core.config) and the
test of the apps' palette (ui_common.theme.TEXT_PAIRS), so both measure the same way.
"""

from __future__ import annotations

import re

__all__ = ["MIN_TEXT_CONTRAST", "contrast_ratio", "relative_luminance"]

MIN_TEXT_CONTRAST = 4.5
"""WCAG 2.x level AA for text of any size (1.4.3); large text alone would need only 3."""

_HEX = re.compile(r"^#([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})$")


def _linear(channel: int) -> float:
    """An sRGB channel (0–255) as linear light, by the sRGB transfer function."""
    value = channel / 255
    # WCAG 2.x writes 0.03928 (from a draft of sRGB): no 8-bit value lies between the two.
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The relative luminance (0 black – 1 white) of ``#RRGGBB``; ValueError otherwise."""
    match = _HEX.match(colour)
    if not match:
        raise ValueError(f"{colour!r} is not a colour like #0B3D91")
    red, green, blue = (_linear(int(part, 16)) for part in match.groups())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(text: str, ground: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): from 1 (the same colour) to 21 (black on white).

    Symmetric: which of the two is the text does not change the ratio.
    """
    lighter, darker = sorted((relative_luminance(text), relative_luminance(ground)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
