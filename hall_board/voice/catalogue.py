"""Which clips a voice pack holds: each clip's id, the words it says, and its language.

A centre that records its own voice reads each clip's ``text`` into a WAV file. Ids are
ASCII (they name files); the Vietnamese words map to them through ``VI_WORD_CLIPS``.
"""

from __future__ import annotations

import enum
import string
from dataclasses import dataclass

from hall_board import numbers_en, numbers_vi

__all__ = [
    "CHIME",
    "EN_INVITE",
    "EN_TO_COUNTER",
    "VI_INVITE",
    "VI_TO_COUNTER",
    "ClipSpec",
    "Language",
    "all_clips",
    "en_letter_clip",
    "en_word_clip",
    "required_clips",
    "vi_letter_clip",
    "vi_word_clip",
]


class Language(enum.StrEnum):
    VI = "vi"
    EN = "en"
    NONE = "none"
    """A sound, not speech (the chime)."""


@dataclass(frozen=True)
class ClipSpec:
    id: str
    text: str
    language: Language


CHIME = "chime"
VI_INVITE = "vi.invite"
VI_TO_COUNTER = "vi.to_counter"
EN_INVITE = "en.invite"
EN_TO_COUNTER = "en.to_counter"

VI_WORD_CLIPS: dict[str, str] = {
    "không": "khong", "một": "mot", "mốt": "mot_sac", "hai": "hai", "ba": "ba", "bốn": "bon",
    "tư": "tu", "năm": "nam", "lăm": "lam", "sáu": "sau", "bảy": "bay", "tám": "tam",
    "chín": "chin", "mười": "muoi_huyen", "mươi": "muoi", "trăm": "tram", "nghìn": "nghin",
    "linh": "linh", "lẻ": "le",
}  # fmt: skip
"""Every word of numbers_vi.WORDS → the ASCII name of its clip."""

VI_LETTERS: dict[str, str] = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "P": "pê", "Q": "cu", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}  # fmt: skip
"""How a ticket's letter prefix (A023) is said in Vietnamese."""


def vi_word_clip(word: str) -> str:
    return f"vi.word.{VI_WORD_CLIPS[word]}"


def vi_letter_clip(letter: str) -> str:
    return f"vi.letter.{letter.lower()}"


def en_word_clip(word: str) -> str:
    return f"en.word.{word}"


def en_letter_clip(letter: str) -> str:
    return f"en.letter.{letter.lower()}"


def _vietnamese() -> list[ClipSpec]:
    clips = [
        ClipSpec(VI_INVITE, "Mời công dân có số", Language.VI),
        ClipSpec(VI_TO_COUNTER, "đến quầy số", Language.VI),
    ]
    clips += [ClipSpec(vi_word_clip(w), w, Language.VI) for w in sorted(numbers_vi.WORDS)]
    clips += [ClipSpec(vi_letter_clip(k), v, Language.VI) for k, v in VI_LETTERS.items()]
    return clips


def _english() -> list[ClipSpec]:
    clips = [
        ClipSpec(EN_INVITE, "Ticket number", Language.EN),
        ClipSpec(EN_TO_COUNTER, "please go to counter", Language.EN),
    ]
    clips += [ClipSpec(en_word_clip(w), w, Language.EN) for w in sorted(numbers_en.WORDS)]
    clips += [ClipSpec(en_letter_clip(k), k, Language.EN) for k in string.ascii_uppercase]
    return clips


def all_clips() -> list[ClipSpec]:
    """Every clip of a complete pack: the chime, Vietnamese, English."""
    return [ClipSpec(CHIME, "(chime)", Language.NONE), *_vietnamese(), *_english()]


def required_clips(english: bool) -> frozenset[str]:
    """The ids a pack must hold for a board that does (or does not) announce in English."""
    return frozenset(c.id for c in all_clips() if c.language is not Language.EN or english)
