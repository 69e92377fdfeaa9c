"""The announcement queue and the sinks: one at a time, in order, none dropped; no device is
logged once and the board carries on."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_board.voice import Announcement, load_pack, render
from ui_common.sound import AudioSink, QtMediaSink, RecordingSink, SoundQueue


def _announcement(seq: int) -> Announcement:
    return Announcement(seq, str(1000 + seq), seq, False, (), b"RIFF")


class HeldSink(AudioSink):
    """Plays until the test says the clip is over."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[int] = []

    def play(self, announcement: Announcement) -> None:
        self.started.append(announcement.seq)

    def end(self) -> None:
        self.finished.emit()


def test_the_next_waits_for_the_last_to_end() -> None:
    sink = HeldSink()
    queue = SoundQueue(sink)
    for seq in (1, 2, 3):
        queue.enqueue(_announcement(seq))
    assert sink.started == [1] and [a.seq for a in queue.pending()] == [2, 3]
    sink.end()
    assert sink.started == [1, 2]
    queue.enqueue(_announcement(4))
    sink.end()
    sink.end()
    assert sink.started == [1, 2, 3, 4] and not queue.pending()
    sink.end()
    assert not queue.busy


def test_a_hundred_calls_are_all_said_in_order(qtbot: QtBot) -> None:
    sink = RecordingSink()
    queue = SoundQueue(sink)
    for seq in range(100):
        queue.enqueue(_announcement(seq))
    qtbot.waitUntil(lambda: len(sink.played) == 100 and not queue.busy, timeout=10_000)
    assert [a.seq for a in sink.played] == list(range(100))
    assert sink.most_at_once == 1


def test_no_audio_device_is_logged_once_and_every_call_goes_on(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    sink = QtMediaSink(outputs=lambda: [])
    queue = SoundQueue(sink)
    with caplog.at_level(logging.WARNING, logger="ui_common.sound"):
        for seq in range(3):
            queue.enqueue(_announcement(seq))
        qtbot.waitUntil(lambda: not queue.busy and not queue.pending(), timeout=10_000)
    said = [r.getMessage() for r in caplog.records]
    assert said == ["no audio output device: calls are shown but not announced aloud"]
    sink.close()


def test_qt_multimedia_loads_here() -> None:
    from PySide6 import QtMultimedia  # needs Debian's libpulse0

    assert QtMultimedia.QMediaPlayer is not None


def test_a_player_that_never_ends_is_given_up_and_the_queue_goes_on(
    qtbot: QtBot, default_pack_dir: Path
) -> None:
    """A device is claimed but none is there: QMediaPlayer may never report the end."""
    pack = load_pack(default_pack_dir)
    wav = render(pack, ("vi.word.mot",))
    sink = QtMediaSink(outputs=lambda: [object()])
    queue = SoundQueue(sink)
    started: list[Announcement] = []
    queue.started.connect(started.append)
    for seq in (1, 2):
        queue.enqueue(Announcement(seq, "1", 1, False, ("vi.word.mot",), wav))
    qtbot.waitUntil(lambda: len(started) == 2 and not queue.busy, timeout=20_000)
    assert [a.seq for a in started] == [1, 2]
    sink.close()
