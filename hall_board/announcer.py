"""The announcer: each new call composed and rendered with the voice pack, then queued to play
(a priority ticket's call twice when the site says so, the second reading queued right behind
the first, so that it never overlaps the next call nor comes after it)."""

from __future__ import annotations

import logging
from dataclasses import replace

from hall_board.model import BoardModel
from hall_board.state import Call
from hall_board.voice import (
    Announcement,
    VoicePack,
    VoicePackError,
    Voicing,
    again,
    compose,
    render,
)
from hall_board.voice.catalogue import required_clips
from ui_common.qt import QObject
from ui_common.sound import SoundQueue

__all__ = ["Announcer"]

log = logging.getLogger(__name__)


class Announcer(QObject):
    def __init__(
        self,
        pack: VoicePack,
        queue: SoundQueue,
        voicing: Voicing | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pack = pack
        self.queue = queue
        self.voicing = voicing or Voicing()
        self.speaks_english = required_clips(True) <= pack.clips.keys()
        self._said_no_english = False

    def follow(self, model: BoardModel) -> None:
        """Say calls the model's way (the site file's choices under the command line's)."""
        self._model = model
        self.voicing = model.voicing
        model.site_changed.connect(self._site_changed)

    def _site_changed(self) -> None:
        self.voicing = self._model.voicing

    def _voicing(self) -> Voicing:
        if not self.voicing.english or self.speaks_english:
            return self.voicing
        if not self._said_no_english:
            log.warning("English is asked for but the voice pack has no English; Vietnamese only")
            self._said_no_english = True
        return replace(self.voicing, english=False)

    def announce(self, call: Call) -> None:
        """Queue ``call`` (its WAV is joined from clips in memory: well under a millisecond)."""
        voicing = self._voicing()
        try:
            parts = compose(call.ticket, call.counter, voicing)
            readings = [(parts, False)]
            if call.priority and voicing.repeat_priority:
                readings.append((again(parts), True))
            said = [(p, render(self.pack, p), twice) for p, twice in readings]
        except (ValueError, VoicePackError):
            log.exception("call %s to counter %d cannot be said", call.ticket, call.counter)
            return
        for p, wav, twice in said:
            self.queue.enqueue(
                Announcement(call.seq, call.ticket, call.counter, call.recall, p, wav, twice)
            )
