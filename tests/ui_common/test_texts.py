"""The catalogues: every key in both languages, the same blanks to fill, real diacritics."""

from __future__ import annotations

import string
import unicodedata

from ui_common.texts import Lang, catalogue, tr


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_blanks() -> None:
    vi, en = catalogue(Lang.VI), catalogue(Lang.EN)
    assert vi.keys() == en.keys(), vi.keys() ^ en.keys()
    for key in vi:
        assert blanks(vi[key]) == blanks(en[key]), key


def test_vietnamese_is_composed_and_has_its_marks() -> None:
    vi = catalogue(Lang.VI)
    for key, text in vi.items():
        assert unicodedata.normalize("NFC", text) == text, key
    assert tr("reconnecting") == "Đang kết nối lại hệ thống…"
    assert tr("counter_n", "en", n=5) == "Counter 5"
