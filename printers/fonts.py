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
    return int(max(ascent, -top)), int(max(descent, bottom, low))


@lru_cache(maxsize=8192)
def text_width(text: str, weight: Weight, size: int) -> float:
    """Advance width of ``text`` in pixels (cached: a centre prints the same names all day)."""
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


def _greedy(widths: list[float], space: float, max_width: float) -> list[int]:
    """Where lines start, filling each line with the words' widths added up."""
    starts = [0]
    line = widths[0]
    for i in range(1, len(widths)):
        if line + space + widths[i] > max_width:
            starts.append(i)
            line = widths[i]
        else:
            line += space + widths[i]
    return starts


def _lines(words: list[str], starts: list[int]) -> list[str]:
    ends = [*starts[1:], len(words)]
    return [" ".join(words[a:b]) for a, b in zip(starts, ends, strict=True)]


def _wrap_exact(words: list[str], weight: Weight, size: int, max_width: int) -> list[str]:
    """Greedy wrap measuring every candidate line (for fonts whose kerning spans spaces)."""
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        if current and text_width(" ".join([*current, word]), weight, size) > max_width:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    return [*lines, " ".join(current)] if current else lines


def wrap(
    text: str, weight: Weight, size: int, max_width: int, *, balanced: bool = False
) -> list[Line]:
    """Break ``text`` at spaces into lines no wider than ``max_width``.

    Only the plain space breaks: a no-break space (U+00A0) keeps "35 phút" together.
    A word is never cut; a single word wider than the line gets a line of its own,
    drawn at the size that fits it. ``balanced``: the same number of lines, as even
    as they can be (no lone word on a centred last line).
    """
    lines: list[Line] = []
    run: list[str] = []  # words that fit a line on their own, wrapped together

    def flush() -> None:
        if run:
            lines.extend(Line(t, size) for t in _wrap_run(run, weight, size, max_width, balanced))
            run.clear()

    for word in (w for w in text.split(" ") if w):
        if text_width(word, weight, size) > max_width:
            flush()
            lines.append(Line(word, fit_size(word, weight, size, max_width)))
        else:
            run.append(word)
    flush()
    return lines


def _wrap_run(
    words: list[str], weight: Weight, size: int, max_width: int, balanced: bool
) -> list[str]:
    widths = [text_width(w, weight, size) for w in words]
    space = text_width(" ", weight, size)
    starts = _greedy(widths, space, max_width)
    if balanced and len(starts) > 1:
        low, high = int(max(widths)), max_width  # narrowest width giving as many lines
        while low < high:
            middle = (low + high) // 2
            if len(_greedy(widths, space, middle)) <= len(starts):
                high = middle
            else:
                low = middle + 1
        starts = _greedy(widths, space, high)
    lines = _lines(words, starts)
    if all(text_width(line, weight, size) <= max_width for line in lines):
        return lines
    return _wrap_exact(words, weight, size, max_width)  # kerning made a line too wide


def wrap_balanced(text: str, weight: Weight, size: int, max_width: int) -> list[Line]:
    """:func:`wrap` with even lines."""
    return wrap(text, weight, size, max_width, balanced=True)
