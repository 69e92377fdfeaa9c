"""The Vietnamese number reader: 0–9999 as the words a caller says, or digit by digit.

Pure functions, no I/O. A reading is a tuple of words, each one clip of a voice pack.

Choices (see docs/board.md):

- thousands are "nghìn" (the standard form; "ngàn" is Southern speech);
- a zero hundred inside a thousand is said: 1023 → "một nghìn không trăm hai mươi ba";
- a zero ten before a unit is "linh" by default, "lẻ" when the site chooses it:
  105 → "một trăm linh năm";
- 10–19 use "mười" (10 → "mười", 11 → "mười một", 15 → "mười lăm");
- from 20 the tens are "mươi", and after "mươi" 1 is "mốt", 5 is "lăm"; 4 stays "bốn"
  unless the site chooses "tư" (24 → "hai mươi tư");
- after "linh"/"lẻ" the unit keeps its own name (101 → "một trăm linh một",
  105 → "một trăm linh năm").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "DIGITS",
    "MAX_NUMBER",
    "WORDS",
    "FourAfterTens",
    "NumberStyle",
    "ReadingMode",
    "ZeroTens",
    "read_digits",
    "read_number",
    "read_text",
]

MAX_NUMBER = 9999
DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


class ZeroTens(enum.StrEnum):
    """How a zero ten before a unit is said (105)."""

    LINH = "linh"
    LE = "lẻ"


class FourAfterTens(enum.StrEnum):
    """How 4 is said after "mươi" (24)."""

    BON = "bốn"
    TU = "tư"


class ReadingMode(enum.StrEnum):
    """Whether a ticket number is read as a number or digit by digit."""

    NUMBER = "number"
    DIGITS = "digits"


@dataclass(frozen=True)
class NumberStyle:
    """A site's way of reading numbers aloud."""

    mode: ReadingMode = ReadingMode.NUMBER
    zero_tens: ZeroTens = ZeroTens.LINH
    four: FourAfterTens = FourAfterTens.BON


WORDS: frozenset[str] = frozenset(
    {*DIGITS, "mốt", "lăm", "tư", "mười", "mươi", "trăm", "nghìn", "linh", "lẻ"}
)
"""Every word a reading may contain: the clips a voice pack needs for numbers."""


def _units_after_mươi(unit: int, style: NumberStyle) -> tuple[str, ...]:
    if unit == 0:
        return ()
    if unit == 1:
        return ("mốt",)
    if unit == 5:
        return ("lăm",)
    if unit == 4:
        return (style.four.value,)
    return (DIGITS[unit],)


def _tens_and_units(
    tens: int, unit: int, after_hundred: bool, style: NumberStyle
) -> tuple[str, ...]:
    """The last two digits; ``after_hundred`` when a hundred (even "không trăm") precedes."""
    if tens == 0:
        if unit == 0:
            return ()
        return (style.zero_tens.value, DIGITS[unit]) if after_hundred else (DIGITS[unit],)
    if tens == 1:
        tail = () if unit == 0 else ("lăm",) if unit == 5 else (DIGITS[unit],)
        return ("mười", *tail)
    return (DIGITS[tens], "mươi", *_units_after_mươi(unit, style))


def read_number(number: int, style: NumberStyle = NumberStyle()) -> tuple[str, ...]:
    """The words of ``number`` (0–9999), e.g. 1023 → ("một", "nghìn", "không", "trăm", ...)."""
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"the reader says 0–{MAX_NUMBER}, not {number}")
    if number == 0:
        return (DIGITS[0],)
    thousands, rest = divmod(number, 1000)
    hundreds, last_two = divmod(rest, 100)
    tens, unit = divmod(last_two, 10)
    words: tuple[str, ...] = ()
    if thousands:
        words = (DIGITS[thousands], "nghìn")
        if rest == 0:
            return words
    if thousands or hundreds:
        words += (DIGITS[hundreds], "trăm")
    return words + _tens_and_units(tens, unit, bool(thousands or hundreds), style)


def read_digits(digits: str) -> tuple[str, ...]:
    """``"1023"`` → ("một", "không", "hai", "ba"); leading zeros are said."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a string of digits: {digits!r}")
    return tuple(DIGITS[int(d)] for d in digits)


def read_text(digits: str, style: NumberStyle = NumberStyle()) -> tuple[str, ...]:
    """A printed number's digits read the site's way (as a number, or digit by digit)."""
    if style.mode is ReadingMode.DIGITS:
        return read_digits(digits)
    read_digits(digits)  # the same validation
    return read_number(int(digits), style)
