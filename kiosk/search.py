"""Search without diacritics: "cap giay" finds "Cấp giấy…" (and "đ" is typed as "d")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

__all__ = ["fold", "matches", "search"]

T = TypeVar("T")

_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower case, no diacritics, one space between words: "Cấp Giấy  ĐỎ" -> "cap giay do"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def matches(query: str, text: str) -> bool:
    """Every word of ``query`` starts a word of ``text``, diacritics and case ignored.

    An empty query matches nothing (the search screen then shows its hint).
    """
    wanted = fold(query).split()
    if not wanted:
        return False
    words = fold(text).split()
    return all(any(word.startswith(part) for word in words) for part in wanted)


def search(query: str, items: Iterable[T], texts: Sequence[str] | None = None) -> list[T]:
    """The ``items`` whose text matches ``query``; those whose text starts with it first.

    ``texts`` gives each item's searchable text (default ``str(item)``).
    """
    pairs = list(zip(items, texts, strict=True)) if texts is not None else None
    if pairs is None:
        pairs = [(item, str(item)) for item in items]
    head = fold(query)
    found = [(item, text) for item, text in pairs if matches(query, text)]
    found.sort(key=lambda pair: not fold(pair[1]).startswith(head))
    return [item for item, _ in found]
