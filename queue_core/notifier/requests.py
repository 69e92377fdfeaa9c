"""What a citizen's text to the centre's modem asks: a number for a service, or the state of
today's number; read whatever the phone typed (case, Vietnamese marks or none)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sms import plain

__all__ = ["Asked", "read_request"]


@dataclass(frozen=True)
class Asked:
    """A number for ``service`` (its id as the site names it), or the state of today's
    ``number``; neither: the citizen is told how to ask."""

    service: str | None = None
    number: str | None = None


def _fold(text: str) -> str:
    return plain(text).casefold()


def read_request(text: str, keyword: str, services: Collection[str]) -> Asked | None:
    """``text`` as a request when its first word is ``keyword``: then a service's id among
    ``services``, or else a ticket's number (letters and digits); None for a text that is not
    for the queue at all."""
    words = text.strip().split()
    if not words or _fold(words[0]) != _fold(keyword):
        return None
    rest = "".join(words[1:])
    by_folded = {_fold(s): s for s in services}
    if _fold(rest) in by_folded:
        return Asked(service=by_folded[_fold(rest)])
    if rest and plain(rest).isalnum() and any(c.isdigit() for c in rest):
        return Asked(number=plain(rest).upper())
    return Asked()
