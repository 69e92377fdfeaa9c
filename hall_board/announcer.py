"""The announcer: each new call composed and rendered with the voice pack, then queued to play."""

from __future__ import annotations

import logging

from hall_board.audio import AnnouncementQueue
from hall_board.state import Call
from hall_board.voice import Announcement, VoicePack, VoicePackError, Voicing, compose, render
from ui_common.qt import QObject

__all__ = ["Announcer"]

log = logging.getLogger(__name__)


class Announcer(QObject):
    def __init__(
        self,
        pack: VoicePack,
        queue: AnnouncementQueue,
        voicing: Voicing | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pack = pack
        self.queue = queue
        self.voicing = voicing or Voicing()

    def announce(self, call: Call) -> None:
        """Queue ``call`` (its WAV is joined from clips in memory: well under a millisecond)."""
        try:
            parts = compose(call.ticket, call.counter, self.voicing)
            wav = render(self.pack, parts)
        except (ValueError, VoicePackError):
            log.exception("call %s to counter %d cannot be said", call.ticket, call.counter)
            return
        announcement = Announcement(call.seq, call.ticket, call.counter, call.recall, parts, wav)
        self.queue.enqueue(announcement)
