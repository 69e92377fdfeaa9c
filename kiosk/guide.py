"""Voice guidance: what the kiosk says, for a citizen who cannot see the screen, and who says it.

Turned on for one citizen (the home screen's "Hướng dẫn bằng giọng nói", or + on the keypad)
until the ticket is taken or the kiosk goes idle (``KioskFlow.voice``). Each new screen says
where the citizen is; each focused choice is read; the ticket's number, service and the rule
for the call are read at the end. A ``Speaker`` says phrases one batch at a time: a new batch
replaces what was not yet said, so nothing overlaps or lags behind the keys (the real one,
with espeak-ng or a centre's recordings, is kiosk.voice's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kiosk.catalogue import Closed
from kiosk.dossier import LookupState
from kiosk.flow import KioskFlow, Screen
from printers import Lang as PrinterLang
from printers import ahead_text
from queue_core.client import Timeliness
from ui_common.qt import QObject, QtCore
from ui_common.texts import Lang, in_lang, tr

__all__ = ["SAID_KEYS", "RecordingSpeaker", "Speaker", "VoiceGuide", "number_words"]

_NO_ANSWER = {
    LookupState.UNKNOWN: ("kiosk_dossier_unknown", "kiosk_dossier_unknown_detail"),
    LookupState.BUSY: ("kiosk_dossier_busy",),
    LookupState.AWAY: ("reconnecting", "kiosk_dossier_away"),
}
"""What a lookup without an answer says, as its screen shows it."""

_SCREENS = {
    Screen.HOME: ("kiosk_voice_home", "kiosk_welcome"),
    Screen.SEARCH: ("kiosk_search_title",),
    Screen.PROCEDURE: ("kiosk_lookup_title",),
    Screen.PRIORITY: ("kiosk_priority_title", "kiosk_priority_prompt"),
    Screen.PRINTING: ("kiosk_printing",),
    Screen.PROBLEM: ("kiosk_problem_title",),  # then why: the flow's refusal_key
    Screen.DOSSIER_ENTRY: ("kiosk_dossier_title", "kiosk_dossier_prompt"),
    Screen.DOSSIER: ("kiosk_dossier_title",),
    Screen.TEXTS: ("kiosk_texts_title",),
    Screen.BOOKING_ENTRY: ("kiosk_booking_title", "kiosk_booking_prompt"),
    Screen.BOOKING: ("kiosk_booking_title",),
}
"""Where the citizen is, in words, on each screen that has no words of its own."""
_TICKET = ("kiosk_your_number", "kiosk_voice_ticket_rule")
_REFUSED = ("too_fast", "unknown_booking", "booking_closed", "refused")
"""The kiosk_problem_* keys of KioskFlow.refusal_key."""

SAID_KEYS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            "kiosk_voice_on",
            "kiosk_choose_service",
            *(key for keys in _SCREENS.values() for key in keys),
            *(key for keys in _NO_ANSWER.values() for key in keys),
            *(f"kiosk_dossier_{t.value}" for t in Timeliness),
            *_TICKET,
            *(f"kiosk_problem_{why}" for why in _REFUSED),
            *(closed.text_key for closed in Closed if closed is not Closed.OTHER),
        ]
    )
)
"""The text keys whose words voice guidance says as they are: what a centre may record
(kiosk.voice). The rest (a place's and a service's names, numbers, the focused button's
words) is spoken by espeak-ng."""


class Speaker(QObject):
    """Says a batch of phrases in a language; a new batch replaces the one not yet said."""

    def say(self, phrases: Sequence[str], lang: Lang) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Done with saying anything (the kiosk closes)."""


class RecordingSpeaker(Speaker):
    """The test double: records every phrase, in order, and each stop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.said: list[str] = []
        self.stops = 0

    def say(self, phrases: Sequence[str], lang: Lang) -> None:
        self.said += phrases

    def stop(self) -> None:
        self.stops += 1


def number_words(number: str, lang: Lang) -> str:
    """A ticket's number as espeak-ng should say it, the board's way: its letters, then its
    digits as a number ("A015" → "A 15", "a mười lăm"); in English sign by sign."""
    found = re.fullmatch(r"([A-Za-z]*)(\d*)", number)
    letters, digits = found.groups() if found else (number, "")
    spoken = str(int(digits)) if lang is Lang.VI and digits else " ".join(digits)
    return " ".join(part for part in (" ".join(letters), spoken) if part)


def _plain(words: str) -> str:
    """A button's words without the marks drawn for the eye."""
    return re.sub(r"^[‹✓♿]\s*|^✓\s*|Aa\s+", "", words.replace("\n", ". ")).strip()


class VoiceGuide(QObject):
    """Listens to the flow and the window's focus, and has ``speaker`` say what is new."""

    def __init__(
        self,
        flow: KioskFlow,
        describe: Callable[[str], str],
        focus_shown: QtCore.SignalInstance,
        speaker: Speaker,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow, self.describe, self.speaker = flow, describe, speaker
        self._on = False
        self._screen: tuple[object, ...] | None = None
        self._focus: str | None = None
        flow.changed.connect(self.update)
        flow.focus_moved.connect(self.update)
        focus_shown.connect(self.update)

    def update(self) -> None:
        flow, lang = self.flow, self.flow.lang
        if not flow.voice:
            if self._on:
                self.speaker.stop()
            self._on, self._screen, self._focus = False, None, None
            return
        phrases = []
        if not self._on:
            self._on = True
            phrases.append(tr("kiosk_voice_on", lang))
        screen = (flow.screen, lang, flow.result, flow.lookup.state)
        if screen != self._screen:
            self._screen, self._focus = screen, None
            phrases += self.screen_phrases()
        key = flow.focus.key
        printing = flow.screen is Screen.PRINTING  # nothing to choose while it prints
        if key is not None and key != self._focus and not printing:
            self._focus = key
            words = _plain(self.describe(key))
            if words:
                phrases.append(words)
        if phrases:
            self.speaker.say(phrases, lang)

    def screen_phrases(self) -> list[str]:
        """Where the citizen is, in words."""
        flow, lang = self.flow, self.flow.lang
        if flow.screen is Screen.AGENCY and flow.agency is not None:
            return [flow.agency.title(lang), tr("kiosk_choose_service", lang)]
        if flow.screen is Screen.TICKET:
            return self.ticket_phrases()
        answer = flow.dossier
        if flow.screen is Screen.DOSSIER and answer is not None:  # the lookup's answer
            said = [in_lang(lang, answer.status_text, answer.status_text_en)]
            if answer.timeliness:
                said.append(tr(f"kiosk_dossier_{answer.timeliness}", lang))
            return said
        if flow.screen is Screen.DOSSIER and flow.lookup.state in _NO_ANSWER:
            return [tr(key, lang) for key in _NO_ANSWER[flow.lookup.state]]
        keys = _SCREENS.get(flow.screen, ())
        if flow.screen is Screen.PROBLEM:
            keys = (*keys, flow.refusal_key)
        return [tr(key, lang) for key in keys]

    def ticket_phrases(self) -> list[str]:
        """The number, the service, the people ahead, and what to do until the call."""
        flow, lang = self.flow, self.flow.lang
        ticket = flow.result.ticket if flow.result is not None else None
        if ticket is None:
            return []
        number, rule = (tr(key, lang) for key in _TICKET)
        return [
            number,
            number_words(ticket.number, lang),
            in_lang(lang, ticket.service.name, ticket.service.name_en),
            ahead_text(ticket.ahead, PrinterLang(lang.value)),
            rule,
        ]
