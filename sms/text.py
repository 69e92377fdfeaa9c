"""What a message's words become on the air: Vietnamese kept as UCS-2 or written without its
marks in plain ASCII, and a long message cut into numbered parts that each fit one SMS."""

from __future__ import annotations

import enum
import unicodedata

__all__ = ["Alphabet", "from_ucs2_hex", "message_parts", "plain", "to_ucs2_hex"]


class Alphabet(enum.StrEnum):
    UCS2 = "ucs2"
    """Every letter as written, diacritics and all: 70 characters a message."""
    PLAIN = "plain"
    """Without diacritics, in ASCII: 160 characters a message, and any old phone reads it."""

    @property
    def limit(self) -> int:
        """Characters in one message (sent alone, not as a concatenated part)."""
        return 70 if self is Alphabet.UCS2 else 160


_SPELLED = {"đ": "d", "Đ": "D", "–": "-", "—": "-", "…": "...", "“": '"', "”": '"', "‘": "'",
            "’": "'", "·": "-", "\u00a0": " "}  # fmt: skip


def plain(text: str) -> str:
    """``text`` in ASCII: the marks taken off Vietnamese letters ("Quầy 5" -> "Quay 5"), đ as d,
    typographic dashes and quotes as their ASCII kin, anything else as "?"."""
    spelled = "".join(_SPELLED.get(c, c) for c in text)
    bare = "".join(c for c in unicodedata.normalize("NFD", spelled) if not unicodedata.combining(c))
    return "".join(c if c.isascii() else "?" for c in unicodedata.normalize("NFC", bare))


def message_parts(text: str, alphabet: Alphabet) -> list[str]:
    """``text`` (already in ``alphabet``'s letters) as the messages to send: itself when it fits
    one, else parts cut between words, each starting "(i/n) " and fitting one message. Sent
    as separate messages (text mode has no concatenation), so each part says where it is."""
    text = " ".join(text.split())
    limit = alphabet.limit
    if len(text) <= limit:
        return [text]
    count = 2
    while True:
        prefix = len(f"({count}/{count}) ")
        chunks = _cut(text, limit - prefix)
        if len(chunks) <= count:
            return [f"({i}/{len(chunks)}) {chunk}" for i, chunk in enumerate(chunks, 1)]
        count = len(chunks)


def _cut(text: str, width: int) -> list[str]:
    chunks: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > width:  # a word longer than a message (a URL): cut it where it falls
            if line:
                chunks.append(line)
                line = ""
            chunks.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            chunks.append(line)
            line = word
    if line:
        chunks.append(line)
    return chunks


def to_ucs2_hex(text: str) -> str:
    """``text`` as a modem in UCS2 character set mode takes it: UTF-16BE, in hex digits."""
    return text.encode("utf-16-be").hex().upper()


def from_ucs2_hex(data: str) -> str:
    """What a modem in UCS2 mode reports (a number, a message) back to text; ``data`` as it
    is when it is not hex (some modems report the sender's number in plain digits)."""
    stripped = data.strip()
    if len(stripped) % 4 or not all(c in "0123456789abcdefABCDEF" for c in stripped):
        return data
    try:
        return bytes.fromhex(stripped).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return data
