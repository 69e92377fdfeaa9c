"""The one error tree of printers: PrinterError and its kinds (environment problems)."""

from __future__ import annotations

from enum import StrEnum

from printers.texts import Lang, text

__all__ = ["PrinterError", "PrinterErrorKind"]


class PrinterErrorKind(StrEnum):
    """What went wrong, for the kiosk to decide what to show and whom to call."""

    OFFLINE = "offline"  # unreachable, unplugged, switched off, or reports an error
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    TIMEOUT = "timeout"  # no answer, or no data accepted, within the time bound
    CONFIG = "config"  # a wrong URL, profile, width or missing library: the technician's


class PrinterError(Exception):
    """A printer problem of the environment, told to people in Vietnamese and English.

    Bugs (a TypeError in our code) are never wrapped in this: they propagate as they are.
    """

    def __init__(self, kind: PrinterErrorKind, message_vi: str, message_en: str) -> None:
        super().__init__(f"{kind.value}: {message_en}")
        self.kind = kind
        self.message_vi = message_vi
        self.message_en = message_en

    @classmethod
    def from_catalogue(cls, kind: PrinterErrorKind, key: str, **values: object) -> PrinterError:
        """Build the error from the text catalogue entry ``key`` in both languages."""
        return cls(kind, text(Lang.VI, key, **values), text(Lang.EN, key, **values))

    def message(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return self.message_vi if lang is Lang.VI else self.message_en

    def __repr__(self) -> str:
        return f"PrinterError(kind={self.kind.value!r}, message_en={self.message_en!r})"
