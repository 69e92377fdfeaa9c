"""Playing sounds, the board's calls and the kiosk's voice guidance: the AudioSink seam
(QtMultimedia, or a recorder for tests) and the queue that plays them one at a time, never
two together, in order (the board drops none; the kiosk replaces what has not begun)."""

from __future__ import annotations

import logging
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ui_common.qt import QObject, QtCore, QTimer, Signal
from ui_common.voicepack import wav_duration

if TYPE_CHECKING:  # imported when first played: QtMultimedia needs libpulse to load
    from PySide6.QtMultimedia import QMediaPlayer

__all__ = [
    "AudioSink",
    "Playable",
    "QtMediaSink",
    "RecordingSink",
    "Sound",
    "SoundQueue",
]

log = logging.getLogger(__name__)

WATCHDOG_SLACK_MS = 3000
"""A player that has not finished this long after the clip's end is given up on."""


class Playable(Protocol):
    """What a sink plays: a WAV file's bytes (the board's Announcement, the kiosk's Sound)."""

    @property
    def wav(self) -> bytes: ...

    @property
    def duration(self) -> float: ...


@dataclass(frozen=True)
class Sound:
    """A WAV to play, and what it says (for a reader of a RecordingSink)."""

    wav: bytes = field(repr=False)
    words: tuple[str, ...] = ()

    @property
    def duration(self) -> float:
        return wav_duration(self.wav)


class AudioSink(QObject):
    """Plays one sound at a time and emits ``finished`` when it is over (or failed, or
    stopped)."""

    finished = Signal()

    def play(self, sound: Playable) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Cut the sound now playing short (``finished`` follows)."""

    def close(self) -> None:
        """Done with playing anything (the app closes)."""


class RecordingSink(AudioSink):
    """The test double: records what would be heard, and finishes on the next loop turn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Playable] = []
        self.playing = 0
        self.most_at_once = 0
        self.stops = 0

    def play(self, sound: Playable) -> None:
        self.played.append(sound)
        self.playing += 1
        self.most_at_once = max(self.most_at_once, self.playing)
        QTimer.singleShot(0, self._done)

    def stop(self) -> None:
        self.stops += 1

    def _done(self) -> None:
        self.playing -= 1
        self.finished.emit()


def _audio_outputs() -> Sequence[object]:
    from PySide6.QtMultimedia import QMediaDevices

    return list(QMediaDevices.audioOutputs())


class QtMediaSink(AudioSink):
    """Plays through QtMultimedia. With no audio device (or no QtMultimedia at all) it logs
    once, saying what goes ``unheard``, and finishes each sound at once, so the app carries
    on silently."""

    def __init__(
        self,
        outputs: Callable[[], Sequence[object]] = _audio_outputs,
        parent: QObject | None = None,
        unheard: str = "calls are shown but not announced aloud",
    ) -> None:
        super().__init__(parent)
        self._outputs = outputs
        self._unheard = unheard
        self._said_silent = False
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        """Made when first played (an app that never plays leaves nothing behind)."""
        self._player: QMediaPlayer | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._give_up)
        self._count = 0

    def play(self, sound: Playable) -> None:
        if not self._has_device():
            QTimer.singleShot(0, self.finished.emit)
            return
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="luot-sound-")
        self._count += 1
        path = Path(self._folder.name) / f"sound-{self._count % 4}.wav"
        path.write_bytes(sound.wav)
        player = self._ensure_player()
        player.setSource(QtCore.QUrl.fromLocalFile(str(path)))
        player.play()
        self._watchdog.start(int(sound.duration * 1000) + WATCHDOG_SLACK_MS)

    def _has_device(self) -> bool:
        try:
            found = bool(self._outputs())
        except ImportError as error:
            found = False
            reason = f"QtMultimedia cannot load ({error})"
        else:
            reason = "no audio output device"
        if not found and not self._said_silent:
            log.warning("%s: %s", reason, self._unheard)
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
        log.warning("a sound could not be played: %s", message)
        self._end()

    def _give_up(self) -> None:
        log.warning("a sound did not finish playing; going on with the next")
        if self._player is not None:
            self._player.stop()
        self.finished.emit()

    def _end(self) -> None:
        if self._watchdog.isActive():
            self._watchdog.stop()
            self.finished.emit()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self._end()

    def close(self) -> None:
        self._watchdog.stop()
        if self._player is not None:
            self._player.stop()
        if self._folder is not None:
            self._folder.cleanup()


class SoundQueue(QObject):
    """Sounds in order; the next starts only when the sink has finished the last."""

    started = Signal(object)
    """The sound now playing."""
    length_changed = Signal(int)

    def __init__(self, sink: AudioSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self._waiting: deque[Playable] = deque()
        self._busy = False
        sink.finished.connect(self._next)

    def enqueue(self, sound: Playable) -> None:
        self._waiting.append(sound)
        self.length_changed.emit(len(self._waiting))
        if not self._busy:
            self._next()

    def replace(self, sound: Playable) -> None:
        """``sound`` after the one playing, in place of any not yet begun."""
        self._waiting.clear()
        self.enqueue(sound)

    def stop(self) -> None:
        """Nothing more: what waits is dropped, what plays is cut short."""
        self._waiting.clear()
        self.length_changed.emit(0)
        if self._busy:
            self.sink.stop()

    def pending(self) -> list[Playable]:
        return list(self._waiting)

    @property
    def busy(self) -> bool:
        return self._busy

    def _next(self) -> None:
        if not self._waiting:
            self._busy = False
            return
        self._busy = True
        sound = self._waiting.popleft()
        self.length_changed.emit(len(self._waiting))
        self.started.emit(sound)
        self.sink.play(sound)
