"""One announcement: the clips of a call in order (composed), then one WAV (rendered).

"chime, Mời công dân có số <ticket>, đến quầy số <counter>", then optionally
"Ticket number <ticket>, please go to counter <counter>"; a priority ticket's call may be
said a second time (``again``). Composing is pure; rendering joins the pack's PCM with
short silences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hall_board import numbers_en, numbers_vi
from hall_board.numbers_vi import NumberStyle, ReadingMode
from hall_board.voice.catalogue import (
    CHIME,
    EN_INVITE,
    EN_TO_COUNTER,
    VI_INVITE,
    VI_TO_COUNTER,
    en_letter_clip,
    en_word_clip,
    vi_letter_clip,
    vi_word_clip,
)
from ui_common.voicepack import VoicePack, wav_bytes, wav_duration

__all__ = ["Announcement", "Silence", "Voicing", "again", "compose", "render", "wav_duration"]

_TICKET = re.compile(r"([A-Za-z]*)(\d+)")


@dataclass(frozen=True)
class Silence:
    ms: int


WORD_GAP = Silence(40)
PHRASE_GAP = Silence(220)
AFTER_CHIME = Silence(200)
BETWEEN_LANGUAGES = Silence(600)
BEFORE_AGAIN = Silence(900)

Part = str | Silence


@dataclass(frozen=True)
class Voicing:
    """A site's way of announcing: how numbers are read, and whether English follows."""

    style: NumberStyle = field(default_factory=NumberStyle)
    english: bool = False
    repeat_priority: bool = False
    """A priority ticket's call is said a second time."""


def _vi_ticket(number: str, style: NumberStyle) -> list[str]:
    match = _TICKET.fullmatch(number)
    if match is None:  # not letters then digits: say what can be said, one sign at a time
        return [_vi_sign(c) for c in number if c.isascii() and c.isalnum()]
    letters, digits = match.groups()
    clips = [vi_letter_clip(c) for c in letters]
    if style.mode is ReadingMode.DIGITS or len(digits) > 4:
        words = numbers_vi.read_digits(digits)
    else:
        words = numbers_vi.read_number(int(digits), style)
    return clips + [vi_word_clip(w) for w in words]


def _vi_sign(sign: str) -> str:
    return vi_word_clip(numbers_vi.DIGITS[int(sign)]) if sign.isdigit() else vi_letter_clip(sign)


def _en_ticket(number: str) -> list[str]:
    signs = [c for c in number if c.isascii() and c.isalnum()]
    return [
        en_word_clip(numbers_en.read_digits(c)[0]) if c.isdigit() else en_letter_clip(c)
        for c in signs
    ]


def _spaced(clips: list[str]) -> list[Part]:
    parts: list[Part] = []
    for clip in clips:
        if parts:
            parts.append(WORD_GAP)
        parts.append(clip)
    return parts


def compose(ticket: str, counter: int, voicing: Voicing = Voicing()) -> tuple[Part, ...]:
    """The clips and silences of one call, in the order they are heard."""
    style = NumberStyle(ReadingMode.NUMBER, voicing.style.zero_tens, voicing.style.four)
    counter_vi = [vi_word_clip(w) for w in numbers_vi.read_number(counter, style)]
    parts: list[Part] = [CHIME, AFTER_CHIME, VI_INVITE, PHRASE_GAP]
    parts += _spaced(_vi_ticket(ticket, voicing.style))
    parts += [PHRASE_GAP, VI_TO_COUNTER, PHRASE_GAP, *_spaced(counter_vi)]
    if voicing.english:  # English tickets are read sign by sign: "one zero two three"
        counter_en = [en_word_clip(w) for w in numbers_en.read_number(counter)]
        parts += [BETWEEN_LANGUAGES, EN_INVITE, PHRASE_GAP, *_spaced(_en_ticket(ticket))]
        parts += [PHRASE_GAP, EN_TO_COUNTER, PHRASE_GAP, *_spaced(counter_en)]
    return tuple(parts)


def again(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """A call said a second time: a pause instead of the chime (one chime is one call)."""
    said = parts[2:] if parts[:2] == (CHIME, AFTER_CHIME) else parts
    return (BEFORE_AGAIN, *said)


def render(pack: VoicePack, parts: tuple[Part, ...]) -> bytes:
    """One mono 16-bit WAV of the parts, at the pack's sample rate."""
    chunks = [
        b"\0\0" * (part.ms * pack.sample_rate // 1000) if isinstance(part, Silence)
        else pack.pcm(part)
        for part in parts
    ]  # fmt: skip
    return wav_bytes(b"".join(chunks), pack.sample_rate)


@dataclass(frozen=True)
class Announcement:
    """A call as it will be heard: which ticket to which counter, and the WAV to play."""

    seq: int
    ticket: str
    counter: int
    recall: bool
    parts: tuple[Part, ...]
    wav: bytes = field(repr=False)
    again: bool = False
    """The second reading of a priority ticket's call."""

    @property
    def duration(self) -> float:
        return wav_duration(self.wav)
