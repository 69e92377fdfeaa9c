"""Playing announcements: the AudioSink seam (QtMultimedia, or a recorder for tests) and the
queue that plays them one at a time, in call order, none dropped."""

from __future__ import annotations

import logging
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hall_board.voice import Announcement
from ui_common.qt import QObject, QtCore, QTimer, Signal

if TYPE_CHECKING:  # imported when first played: QtMultimedia needs libpulse to load
    from PySide6.QtMultimedia import QMediaPlayer

__all__ = ["AnnouncementQueue", "AudioSink", "QtMediaSink", "RecordingSink"]

log = logging.getLogger(__name__)

WATCHDOG_SLACK_MS = 3000
"""A player that has not finished this long after the clip's end is given up on."""


class AudioSink(QObject):
    """Plays one announcement at a time and emits ``finished`` when it is over (or failed)."""

    finished = Signal()

    def play(self, announcement: Announcement) -> None:
        raise NotImplementedError


class RecordingSink(AudioSink):
    """The test double: records what would be heard, and finishes on the next loop turn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Announcement] = []
        self.playing = 0
        self.most_at_once = 0

    def play(self, announcement: Announcement) -> None:
        self.played.append(announcement)
        self.playing += 1
        self.most_at_once = max(self.most_at_once, self.playing)
        QTimer.singleShot(0, self._done)

    def _done(self) -> None:
        self.playing -= 1
        self.finished.emit()


def _audio_outputs() -> Sequence[object]:
    from PySide6.QtMultimedia import QMediaDevices

    return list(QMediaDevices.audioOutputs())


class QtMediaSink(AudioSink):
    """Plays through QtMultimedia. With no audio device (or no QtMultimedia at all) it logs
    once and finishes each announcement at once, so the board carries on silently."""

    def __init__(
        self,
        outputs: Callable[[], Sequence[object]] = _audio_outputs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._outputs = outputs
        self._said_silent = False
        self._folder = tempfile.TemporaryDirectory(prefix="luot-board-")
        self._player: QMediaPlayer | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._give_up)
        self._count = 0

    def play(self, announcement: Announcement) -> None:
        if not self._has_device():
            QTimer.singleShot(0, self.finished.emit)
            return
        self._count += 1
        path = Path(self._folder.name) / f"call-{self._count % 4}.wav"
        path.write_bytes(announcement.wav)
        player = self._ensure_player()
        player.setSource(QtCore.QUrl.fromLocalFile(str(path)))
        player.play()
        self._watchdog.start(int(announcement.duration * 1000) + WATCHDOG_SLACK_MS)

    def _has_device(self) -> bool:
        try:
            found = bool(self._outputs())
        except ImportError as error:
            found = False
            reason = f"QtMultimedia cannot load ({error})"
        else:
            reason = "no audio output device"
        if not found and not self._said_silent:
            log.warning("%s: calls are shown but not announced aloud", reason)
            self._said_silent = True
        return found

    def _ensure_player(self) -> QMediaPlayer:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            player = QMediaPlayer(self)
            player.setAudioOutput(QAudioOutput(player))
            player.mediaStatusChanged.connect(self._status_changed)
            player.errorOccurred.connect(self._failed)
            self._player = player
        return self._player

    def _status_changed(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._end()

    def _failed(self, _error: object, message: str) -> None:
        log.warning("an announcement could not be played: %s", message)
        self._end()

    def _give_up(self) -> None:
        log.warning("an announcement did not finish playing; going on with the next")
        if self._player is not None:
            self._player.stop()
        self.finished.emit()

    def _end(self) -> None:
        if self._watchdog.isActive():
            self._watchdog.stop()
            self.finished.emit()

    def close(self) -> None:
        self._watchdog.stop()
        self._folder.cleanup()


class AnnouncementQueue(QObject):
    """Announcements in call order; the next starts only when the sink has finished the last."""

    started = Signal(object)
    """The Announcement now playing."""
    length_changed = Signal(int)

    def __init__(self, sink: AudioSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self._waiting: deque[Announcement] = deque()
        self._busy = False
        sink.finished.connect(self._next)

    def enqueue(self, announcement: Announcement) -> None:
        self._waiting.append(announcement)
        self.length_changed.emit(len(self._waiting))
        if not self._busy:
            self._next()

    def pending(self) -> list[Announcement]:
        return list(self._waiting)

    @property
    def busy(self) -> bool:
        return self._busy

    def _next(self) -> None:
        if not self._waiting:
            self._busy = False
            return
        self._busy = True
        announcement = self._waiting.popleft()
        self.length_changed.emit(len(self._waiting))
        self.started.emit(announcement)
        self.sink.play(announcement)
