"""A centre's own voice for the kiosk's guidance: the phrases to record are listed, a recorded
WAV dropped in the pack is the one played (through the apps' one sound player, its recording
sink here), espeak-ng says what was not recorded, and a pack the kiosk cannot use is refused
at start in one line."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import main as luot_kiosk
from kiosk.catalogue import Closed
from kiosk.flow import KioskFlow
from kiosk.guide import SAID_KEYS
from kiosk.keypad import Move
from kiosk.voice import EspeakSpeaker, clip_id, espeak_rate, load_recorded, write_template
from printers import TicketPrinter
from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.test_keypad import press
from tests.support.server import CoreServer
from ui_common.sound import RecordingSink
from ui_common.texts import Lang, catalogue, tr
from ui_common.voicepack import VoicePackError, clip_file, write_wav


def tone(seconds: float, rate: int, hz: float = 440.0) -> bytes:
    """A recording no synthesiser would make: a pure tone."""
    count = int(seconds * rate)
    return struct.pack(
        f"<{count}h", *(int(9000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(count))
    )


def pcm_of(wav_bytes: bytes) -> bytes:
    with wave.open(io.BytesIO(wav_bytes), "rb") as wav:
        return wav.readframes(wav.getnframes())


def recorded_pack(folder: Path, key: str = "kiosk_voice_on", rate: int = 0) -> bytes:
    """A template with one phrase recorded (a tone); the recording's PCM."""
    write_template(folder)
    pcm = tone(0.4, rate or espeak_rate())
    write_wav(folder / clip_file(clip_id(key, Lang.VI)), pcm, rate or espeak_rate())
    return pcm


def test_the_phrases_to_record_are_the_guidance_s_own_words_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert luot_kiosk(["voicepack", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 * len(SAID_KEYS)
    on = tr("kiosk_voice_on", Lang.VI)
    assert f"vi.kiosk_voice_on\tvi\t{on}" in lines
    for lang in Lang:  # every phrase is a whole text, said as it is written
        texts = catalogue(lang)
        assert all(key in texts and "{" not in texts[key] for key in SAID_KEYS)
    # the keys the problem screen may say are all listed
    refusal_key = KioskFlow.__dict__["refusal_key"].fget
    codes = ("too_many_tickets", "unknown_booking", "booking_closed", None, "other")
    keys = {refusal_key(_Refused(code)) for code in codes}
    keys |= {closed.text_key for closed in Closed if closed is not Closed.OTHER}
    assert keys <= set(SAID_KEYS)


class _Refused:
    """Just what KioskFlow.refusal_key reads."""

    def __init__(self, code: str | None) -> None:
        self.result = type("Result", (), {"refusal": code})()


def test_a_recorded_phrase_is_played_instead_of_espeak_ng_s(qtbot: QtBot, tmp_path: Path) -> None:
    recording = recorded_pack(tmp_path / "voice")
    sink = RecordingSink()
    speaker = EspeakSpeaker(sink=sink, recorded=load_recorded(tmp_path / "voice"))
    on = tr("kiosk_voice_on", Lang.VI)
    speaker.say([on, "Sở Tư pháp"], Lang.VI)
    qtbot.waitUntil(lambda: len(sink.played) == 1, timeout=5_000)
    heard = pcm_of(sink.played[0].wav)
    assert heard.startswith(recording)  # the centre's recording, then espeak-ng's words
    assert len(heard) > len(recording) + 2 * espeak_rate() // 4
    alone = EspeakSpeaker(sink=RecordingSink()).render([on], Lang.VI)
    assert recording not in pcm_of(alone)  # without the pack, espeak-ng says it
    speaker.close()


def test_a_kiosk_turning_voice_guidance_on_plays_the_centre_s_recording(
    qtbot: QtBot, core: CoreServer, make_kiosk: MakeKiosk, tmp_path: Path
) -> None:
    recording = recorded_pack(tmp_path / "voice")
    kiosk = make_kiosk(core, TicketPrinter(f"preview://{tmp_path / 'printed'}"))
    sink = RecordingSink()
    kiosk.guide.speaker = EspeakSpeaker(sink=sink, recorded=load_recorded(tmp_path / "voice"))
    press(qtbot, kiosk, Move.VOICE)
    qtbot.waitUntil(lambda: len(sink.played) >= 1, timeout=10_000)
    assert pcm_of(sink.played[0].wav).startswith(recording)
    assert sink.most_at_once == 1


def test_a_pack_the_kiosk_cannot_use_is_refused_at_start_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded_pack(tmp_path / "rate", rate=44100)  # the manifest says espeak-ng's rate
    with pytest.raises(VoicePackError, match="44100 Hz"):
        load_recorded(tmp_path / "rate")
    folder = tmp_path / "strange"
    write_template(folder)
    write_wav(folder / "vi" / "hello.wav", tone(0.1, espeak_rate()), espeak_rate())
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    manifest = manifest.replace('"clips": {', '"clips": {"vi.hello": {"file": "vi/hello.wav"},')
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(VoicePackError, match=r"never says: vi\.hello"):
        load_recorded(folder)
    printer = f"preview://{tmp_path / 'printed'}"
    assert luot_kiosk(["--printer", printer, "--voice", str(tmp_path / "strange")]) == 2
    assert "never says: vi.hello" in capsys.readouterr().err


def test_check_counts_what_a_centre_has_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded_pack(tmp_path / "voice")
    assert luot_kiosk(["voicepack", "check", str(tmp_path / "voice")]) == 0
    total = 2 * len(SAID_KEYS)
    assert f"1 of {total} phrases recorded" in capsys.readouterr().out
