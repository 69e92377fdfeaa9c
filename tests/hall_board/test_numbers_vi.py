"""The Vietnamese reader against a reference derived by rewrite rules, for every 0–9999."""

from __future__ import annotations

import re

import pytest

from hall_board.numbers_vi import (
    DIGITS,
    WORDS,
    FourAfterTens,
    NumberStyle,
    ReadingMode,
    ZeroTens,
    read_digits,
    read_number,
    read_text,
)


def reference(n: int, zero_tens: str = "linh", four: str = "bốn") -> str:
    """Read every place naively ("d nghìn d trăm d mươi d"), then apply the spoken rules."""
    if n == 0:
        return "không"
    d3, d2, d1, d0 = (int(c) for c in f"{n:04d}")
    parts: list[str] = []
    if n >= 1000:
        parts += [DIGITS[d3], "nghìn"]
    if n >= 100:
        parts += [DIGITS[d2], "trăm"]
    if n >= 10:
        parts += [DIGITS[d1], "mươi"]
    parts.append(DIGITS[d0])
    text = " ".join(parts)
    if d2 == d1 == d0 == 0:  # a round thousand stops at "nghìn"
        text = text.removesuffix(" không trăm không mươi không")
    if d1 == 0 and n >= 100:  # no tens: nothing, or "linh" before a unit
        text = re.sub(r" không mươi không$", "", text)
        text = re.sub(r" không mươi (\S+)$", rf" {zero_tens} \1", text)
    text = text.replace("một mươi", "mười")
    text = re.sub(r"(mười|mươi) không$", r"\1", text)
    text = re.sub(r"mươi một$", "mươi mốt", text)
    text = re.sub(r"(mười|mươi) năm$", r"\1 lăm", text)
    text = re.sub(r"mươi bốn$", f"mươi {four}", text)
    return text


KNOWN = {
    0: "không",
    5: "năm",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    20: "hai mươi",
    21: "hai mươi mốt",
    25: "hai mươi lăm",
    100: "một trăm",
    101: "một trăm linh một",
    105: "một trăm linh năm",
    110: "một trăm mười",
    115: "một trăm mười lăm",
    1000: "một nghìn",
    1001: "một nghìn không trăm linh một",
    1010: "một nghìn không trăm mười",
    1023: "một nghìn không trăm hai mươi ba",
    1100: "một nghìn một trăm",
    2005: "hai nghìn không trăm linh năm",
    4041: "bốn nghìn không trăm bốn mươi mốt",
    9999: "chín nghìn chín trăm chín mươi chín",
}


@pytest.mark.parametrize(("number", "words"), sorted(KNOWN.items()))
def test_known_readings(number: int, words: str) -> None:
    assert " ".join(read_number(number)) == words
    assert reference(number) == words  # the reference agrees with a person, too


def test_every_number_matches_the_reference_in_every_style() -> None:
    styles = [
        (NumberStyle(zero_tens=z, four=f), z.value, f.value)
        for z in ZeroTens
        for f in FourAfterTens
    ]
    for style, zero, four in styles:
        wrong = [
            (n, " ".join(read_number(n, style)))
            for n in range(10_000)
            if " ".join(read_number(n, style)) != reference(n, zero, four)
        ]
        assert wrong == [], f"{style}: {wrong[:5]}"


def test_le_and_tu_are_site_choices() -> None:
    style = NumberStyle(zero_tens=ZeroTens.LE, four=FourAfterTens.TU)
    assert " ".join(read_number(105, style)) == "một trăm lẻ năm"
    assert " ".join(read_number(24, style)) == "hai mươi tư"
    assert " ".join(read_number(14, style)) == "mười bốn"  # tư only after mươi
    assert " ".join(read_number(1004, style)) == "một nghìn không trăm lẻ bốn"


def test_every_word_is_a_known_clip() -> None:
    used = {w for n in range(10_000) for w in read_number(n)}
    used |= {w for n in range(10_000) for w in read_number(n, NumberStyle(zero_tens=ZeroTens.LE))}
    assert used <= WORDS
    assert used | {"tư"} == WORDS  # tư appears only when a site chooses it


def test_digit_by_digit() -> None:
    assert read_digits("1023") == ("một", "không", "hai", "ba")
    assert read_digits("007") == ("không", "không", "bảy")
    assert read_text("1023", NumberStyle(ReadingMode.DIGITS)) == read_digits("1023")
    assert read_text("023") == ("hai", "mươi", "ba")


@pytest.mark.parametrize("bad", [-1, 10_000])
def test_out_of_range_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="0–9999"):
        read_number(bad)


@pytest.mark.parametrize("bad", ["", "12a", "١٢", "-1"])
def test_non_digits_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="digits"):
        read_digits(bad)
