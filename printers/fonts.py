"""The ticket's typefaces (Be Vietnam Pro from assets) and word wrapping measured in dots."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from PIL import ImageFont

from assets import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, asset_path

__all__ = ["Line", "Weight", "fit_size", "font", "line_box", "text_width", "wrap", "wrap_balanced"]


class Weight(Enum):
    """The three weights shipped in assets/fonts."""

    REGULAR = FONT_REGULAR
    MEDIUM = FONT_MEDIUM
    BOLD = FONT_BOLD


@lru_cache(maxsize=256)
def font(weight: Weight, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``size`` pixels, with the basic layout engine so output is the same
    on every machine (text is NFC, so Vietnamese needs no shaping engine)."""
    return ImageFont.truetype(
        str(asset_path(weight.value)), size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=256)
def line_box(weight: Weight, size: int) -> tuple[int, int]:
    """(ascent, descent) in pixels that hold every Vietnamese letter, including a capital
    with a stacked diacritic (Ẫ) and a descender with a dot below (ỵ)."""
    face = font(weight, size)
    ascent, descent = face.getmetrics()
    _, top, _, bottom = face.getbbox("ẪỖỸỄÅ", anchor="ls")
    _, _, _, low = face.getbbox("gjpqyỵỹ", anchor="ls")
    return max(ascent, -top), max(descent, bottom, low)


def text_width(text: str, weight: Weight, size: int) -> float:
    """Advance width of ``text`` in pixels."""
    return font(weight, size).getlength(text)


def fit_size(text: str, weight: Weight, size: int, max_width: int) -> int:
    """The largest size <= ``size`` at which ``text`` is at most ``max_width`` wide."""
    width = text_width(text, weight, size)
    if width <= max_width:
        return size
    guess = max(1, int(size * max_width / width))
    while guess > 1 and text_width(text, weight, guess) > max_width:
        guess -= 1
    return guess


@dataclass(frozen=True)
class Line:
    """One wrapped line and the size it is drawn at (smaller only for a too-long word)."""

    text: str
    size: int


def wrap(text: str, weight: Weight, size: int, max_width: int) -> list[Line]:
    """Break ``text`` at spaces into lines no wider than ``max_width``.

    Only the plain space breaks: a no-break space (U+00A0) keeps "35 phút" together.
    A word is never cut; a single word wider than the line gets a line of its own,
    drawn at the size that fits it.
    """
    lines: list[Line] = []
    current: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        if current and text_width(" ".join([*current, word]), weight, size) > max_width:
            lines.append(Line(" ".join(current), size))
            current = []
        if not current and text_width(word, weight, size) > max_width:
            lines.append(Line(word, fit_size(word, weight, size, max_width)))
            continue
        current.append(word)
    if current:
        lines.append(Line(" ".join(current), size))
    return lines


def wrap_balanced(text: str, weight: Weight, size: int, max_width: int) -> list[Line]:
    """Like :func:`wrap`, with the same number of lines but as even as they can be
    (no lone word on a centred last line)."""
    lines = wrap(text, weight, size, max_width)
    if len(lines) < 2 or any(line.size != size for line in lines):
        return lines
    low, high = 1, max_width  # the narrowest width that still gives len(lines) lines
    while low < high:
        middle = (low + high) // 2
        trial = wrap(text, weight, size, middle)
        if len(trial) <= len(lines) and all(line.size == size for line in trial):
            high = middle
        else:
            low = middle + 1
    return wrap(text, weight, size, high)
