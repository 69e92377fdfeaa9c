"""A message's letters and parts: Vietnamese without marks, UCS-2 in hex, long texts cut between
words into numbered parts that each fit one SMS."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sms import Alphabet, from_ucs2_hex, message_parts, plain, to_ucs2_hex

CALL = "Số 1004 — mời đến Quầy 5. Đăng ký khai sinh: còn 3 người trước anh/chị…"


def test_plain_takes_the_marks_off_vietnamese() -> None:
    assert plain(CALL) == (
        "So 1004 - moi den Quay 5. Dang ky khai sinh: con 3 nguoi truoc anh/chi..."
    )
    assert plain("ĐƯỜNG ĐỜI ỨNG Ử") == "DUONG DOI UNG U"
    assert plain("日本") == "??"
    assert plain(CALL).isascii()


def test_ucs2_goes_to_hex_and_back() -> None:
    assert to_ucs2_hex("Số") == "00531ED1"  # ố is U+1ED1
    assert from_ucs2_hex(to_ucs2_hex(CALL)) == CALL
    assert from_ucs2_hex("+84912345678") == "+84912345678"  # not hex: as it is


def test_a_short_message_is_one_part() -> None:
    assert message_parts("Số 1004", Alphabet.UCS2) == ["Số 1004"]
    assert message_parts("x" * 160, Alphabet.PLAIN) == ["x" * 160]


def test_a_long_message_is_cut_into_numbered_parts() -> None:
    parts = message_parts(CALL + " " + CALL, Alphabet.UCS2)
    assert [p[:6] for p in parts] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert all(len(p) <= 70 for p in parts)


LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ"


@given(
    st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=90), min_size=1, max_size=60),
    st.sampled_from(list(Alphabet)),
)
def test_parts_fit_and_keep_every_word_in_order(words: list[str], alphabet: Alphabet) -> None:
    text = " ".join(words)
    parts = message_parts(text, alphabet)
    assert all(len(part) <= alphabet.limit for part in parts)
    if len(parts) == 1:
        assert parts == [text]
        return
    numbered = [re.match(r"^\((\d+)/(\d+)\) (.*)$", part) for part in parts]
    assert all(m is not None for m in numbered)
    assert [(int(m[1]), int(m[2])) for m in numbered if m] == [
        (i, len(parts)) for i in range(1, len(parts) + 1)
    ]
    rejoined = "".join(m[3] + " " for m in numbered if m).split()
    assert "".join(rejoined) == "".join(text.split())
