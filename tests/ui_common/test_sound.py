"""The apps' one sound player: one sound at a time, in order; the kiosk's way of replacing
what has not begun and of stopping; a sink with no audio device finishes each at once."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from ui_common.sound import QtMediaSink, RecordingSink, Sound, SoundQueue
from ui_common.voicepack import wav_bytes


def sound(name: str) -> Sound:
    return Sound(wav_bytes(b"\0\0" * 800, 8000), (name,))


def words(sink: RecordingSink) -> list[str]:
    return [w for s in sink.played if isinstance(s, Sound) for w in s.words]


def test_a_newer_sound_replaces_the_waiting_ones_never_the_one_playing(qtbot: QtBot) -> None:
    sink = RecordingSink()
    queue = SoundQueue(sink)
    queue.enqueue(sound("first"))  # plays at once
    queue.enqueue(sound("second"))
    queue.replace(sound("third"))  # "second" had not begun: it is never heard
    assert [s.words for s in queue.pending() if isinstance(s, Sound)] == [("third",)]
    qtbot.waitUntil(lambda: not queue.busy, timeout=5_000)
    assert words(sink) == ["first", "third"] and sink.most_at_once == 1
    assert Sound(b"", ("x",)) == Sound(b"", ("x",)) and sound("a").duration == pytest.approx(0.1)


def test_stop_drops_what_waits_and_cuts_what_plays(qtbot: QtBot) -> None:
    sink = RecordingSink()
    queue = SoundQueue(sink)
    queue.enqueue(sound("first"))
    queue.enqueue(sound("second"))
    queue.stop()
    assert sink.stops == 1 and not queue.pending()
    qtbot.waitUntil(lambda: not queue.busy, timeout=5_000)
    assert words(sink) == ["first"]
    queue.stop()  # nothing playing: nothing to cut
    assert sink.stops == 1


def test_no_audio_device_is_said_once_in_the_app_s_words(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    sink = QtMediaSink(outputs=lambda: [], unheard="voice guidance is not heard")
    queue = SoundQueue(sink)
    with caplog.at_level(logging.WARNING, logger="ui_common.sound"):
        for name in ("a", "b"):
            queue.enqueue(sound(name))
        qtbot.waitUntil(lambda: not queue.busy and not queue.pending(), timeout=5_000)
    assert [r.getMessage() for r in caplog.records] == [
        "no audio output device: voice guidance is not heard"
    ]
    sink.close()
