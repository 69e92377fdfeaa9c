"""The English number reader for the optional English announcement: 0–9999 in words, or digits."""

from __future__ import annotations

__all__ = ["WORDS", "read_digits", "read_number"]

_SMALL = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

WORDS: frozenset[str] = frozenset({*_SMALL, *_TENS[2:], "hundred", "thousand"})


def _below_hundred(n: int) -> tuple[str, ...]:
    if n < 20:
        return (_SMALL[n],)
    tens, unit = divmod(n, 10)
    return (_TENS[tens],) if unit == 0 else (_TENS[tens], _SMALL[unit])


def read_number(number: int) -> tuple[str, ...]:
    """1023 → ("one", "thousand", "twenty", "three"); 0–9999."""
    if not 0 <= number <= 9999:
        raise ValueError(f"the reader says 0–9999, not {number}")
    thousands, rest = divmod(number, 1000)
    hundreds, last_two = divmod(rest, 100)
    words: tuple[str, ...] = ()
    if thousands:
        words += (_SMALL[thousands], "thousand")
    if hundreds:
        words += (_SMALL[hundreds], "hundred")
    if last_two or not words:
        words += _below_hundred(last_two)
    return words


def read_digits(digits: str) -> tuple[str, ...]:
    """``"1023"`` → ("one", "zero", "two", "three")."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a string of digits: {digits!r}")
    return tuple(_SMALL[int(d)] for d in digits)
