"""Voice guidance: what the kiosk says, for a citizen who cannot see the screen, and who says it.

Turned on for one citizen (the home screen's "Hướng dẫn bằng giọng nói", or + on the keypad)
until the ticket is taken or the kiosk goes idle (``KioskFlow.voice``). Each new screen says
where the citizen is; each focused choice is read; the ticket's number, service and the rule
for the call are read at the end. A ``Speaker`` says phrases one batch at a time: a new batch
replaces what was not yet said, so nothing overlaps or lags behind the keys.
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.dossier import LookupState
from kiosk.flow import KioskFlow, Screen
from printers import Lang as PrinterLang
from printers import ahead_text
from ui_common.espeak import speak, trim_silence
from ui_common.qt import QObject, QtCore
from ui_common.texts import Lang, in_lang, tr

if TYPE_CHECKING:  # imported when first played: QtMultimedia needs libpulse to load
    from PySide6.QtMultimedia import QMediaPlayer

__all__ = ["EspeakSpeaker", "RecordingSpeaker", "Speaker", "VoiceGuide", "number_words"]

log = logging.getLogger(__name__)

_NO_ANSWER = {
    LookupState.UNKNOWN: ("kiosk_dossier_unknown", "kiosk_dossier_unknown_detail"),
    LookupState.BUSY: ("kiosk_dossier_busy",),
    LookupState.AWAY: ("reconnecting", "kiosk_dossier_away"),
}
"""What a lookup without an answer says, as its screen shows it."""

RATE_WPM = {Lang.VI: 140, Lang.EN: 150}
"""As the board's voice pack speaks (hall_board.voice.build)."""


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
        keys = {
            Screen.HOME: ("kiosk_voice_home", "kiosk_welcome"),
            Screen.SEARCH: ("kiosk_search_title",),
            Screen.PROCEDURE: ("kiosk_lookup_title",),
            Screen.PRIORITY: ("kiosk_priority_title", "kiosk_priority_prompt"),
            Screen.PRINTING: ("kiosk_printing",),
            Screen.PROBLEM: ("kiosk_problem_title", flow.refusal_key),
            Screen.DOSSIER_ENTRY: ("kiosk_dossier_title", "kiosk_dossier_prompt"),
            Screen.DOSSIER: ("kiosk_dossier_title",),
            Screen.TEXTS: ("kiosk_texts_title",),
            Screen.BOOKING_ENTRY: ("kiosk_booking_title", "kiosk_booking_prompt"),
            Screen.BOOKING: ("kiosk_booking_title",),
        }
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
        return [tr(key, lang) for key in keys.get(flow.screen, ())]

    def ticket_phrases(self) -> list[str]:
        """The number, the service, the people ahead, and what to do until the call."""
        flow, lang = self.flow, self.flow.lang
        ticket = flow.result.ticket if flow.result is not None else None
        if ticket is None:
            return []
        return [
            tr("kiosk_your_number", lang),
            number_words(ticket.number, lang),
            in_lang(lang, ticket.service.name, ticket.service.name_en),
            ahead_text(ticket.ahead, PrinterLang(lang.value)),
            tr("kiosk_voice_ticket_rule", lang),
        ]


class EspeakSpeaker(Speaker):
    """Says phrases with espeak-ng (``ui_common.espeak``, offline, as the board's voice pack is
    made) through QtMultimedia: one batch at a time, a newer batch replacing one not yet begun,
    so nothing overlaps. Each phrase is spoken once and kept. Without an audio output it logs
    once and stays silent."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clips: dict[tuple[str, Lang], tuple[bytes, int]] = {}
        self._waiting: tuple[Sequence[str], Lang] | None = None
        self._player: QMediaPlayer | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0
        self._silent = False

    def say(self, phrases: Sequence[str], lang: Lang) -> None:
        self._waiting = (list(phrases), lang)
        if self._player is None or not self._playing():
            self._next()

    def stop(self) -> None:
        self._waiting = None
        if self._player is not None:
            self._player.stop()

    def close(self) -> None:
        self.stop()
        if self._folder is not None:
            self._folder.cleanup()

    def _playing(self) -> bool:
        from PySide6.QtMultimedia import QMediaPlayer

        assert self._player is not None
        return self._player.playbackState() is QMediaPlayer.PlaybackState.PlayingState

    def _next(self) -> None:
        if self._waiting is None or self._silent:
            return
        phrases, lang = self._waiting
        self._waiting = None
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

            if not QMediaDevices.audioOutputs():
                raise ImportError("no audio output device")
        except ImportError as error:
            log.warning("voice guidance is silent: %s", error)
            self._silent = True
            return
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(QAudioOutput(self._player))
            self._player.mediaStatusChanged.connect(self._status)
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="luot-kiosk-voice-")
        self._count += 1
        path = Path(self._folder.name) / f"say-{self._count % 4}.wav"
        path.write_bytes(self.render(phrases, lang))
        self._player.setSource(QtCore.QUrl.fromLocalFile(str(path)))
        self._player.play()

    def _status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        ended = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)
        if status in ended:
            self._next()

    def render(self, phrases: Sequence[str], lang: Lang) -> bytes:
        """The phrases as one WAV, a quarter second apart."""
        pcm, rate = b"", 22050
        for phrase in phrases:
            if (phrase, lang) not in self._clips:
                speech = speak(phrase, lang.value, RATE_WPM[lang])
                clip = trim_silence(speech.pcm, speech.sample_rate)
                self._clips[phrase, lang] = (clip, speech.sample_rate)
            clip, rate = self._clips[phrase, lang]
            pcm += clip + b"\0\0" * (rate // 4)
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(pcm)
        return out.getvalue()
