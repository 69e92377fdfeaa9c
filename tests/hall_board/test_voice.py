"""Voice packs: built by espeak-ng, checked on load, calls composed and rendered to real WAVs."""

from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import pytest

from hall_board.voice import Silence, VoicePackError, Voicing, compose, load_pack, render
from hall_board.voice.catalogue import all_clips, required_clips
from ui_common.voicepack import MANIFEST


def _words(parts: tuple) -> list[str]:
    return [p for p in parts if isinstance(p, str)]


def test_the_default_pack_holds_every_clip_as_real_speech(default_pack_dir: Path) -> None:
    pack = load_pack(default_pack_dir, english=True)
    assert set(pack.clips) == {c.id for c in all_clips()}
    quiet = [clip for clip, pcm in pack.clips.items() if len(pcm) < pack.sample_rate // 10]
    assert quiet == []  # every clip lasts at least 0.05 s: something was said
    chime = pack.clips["chime"]
    assert len(chime) // 2 == int(1.5 * pack.sample_rate)


def test_a_call_is_composed_in_the_order_it_is_heard() -> None:
    parts = compose("1023", 5)
    assert _words(parts) == [
        "chime", "vi.invite",
        "vi.word.mot", "vi.word.nghin", "vi.word.khong", "vi.word.tram",
        "vi.word.hai", "vi.word.muoi", "vi.word.ba",
        "vi.to_counter", "vi.word.nam",
    ]  # fmt: skip
    assert isinstance(parts[1], Silence)


def test_site_choices_change_the_words() -> None:
    from hall_board.numbers_vi import NumberStyle, ReadingMode, ZeroTens

    digits = Voicing(NumberStyle(ReadingMode.DIGITS))
    assert _words(compose("1005", 15, digits))[2:6] == [
        "vi.word.mot", "vi.word.khong", "vi.word.khong", "vi.word.nam",
    ]  # fmt: skip
    assert _words(compose("1005", 15, digits))[-2:] == ["vi.word.muoi_huyen", "vi.word.lam"]
    le = Voicing(NumberStyle(zero_tens=ZeroTens.LE))
    assert "vi.word.le" in _words(compose("105", 1, le))
    english = _words(compose("A015", 21, Voicing(english=True)))
    assert english[2:4] == ["vi.letter.a", "vi.word.muoi_huyen"]
    assert english[-6:] == [
        "en.word.zero", "en.word.one", "en.word.five", "en.to_counter",
        "en.word.twenty", "en.word.one",
    ]  # fmt: skip
    assert english[english.index("en.invite") + 1] == "en.letter.a"


def test_a_rendered_call_is_a_wav_as_long_as_its_parts(default_pack_dir: Path) -> None:
    pack = load_pack(default_pack_dir)
    parts = compose("1023", 5)
    data = render(pack, parts)
    frames = sum(
        p.ms * pack.sample_rate // 1000 if isinstance(p, Silence) else len(pack.clips[p]) // 2
        for p in parts
    )
    import io

    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert wav.getnframes() == frames


@pytest.fixture
def pack_copy(default_pack_dir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_pack_dir, tmp_path / "pack"))


def test_a_clip_missing_from_the_manifest_is_named_when_the_pack_loads(pack_copy: Path) -> None:
    manifest = json.loads((pack_copy / MANIFEST).read_text(encoding="utf-8"))
    del manifest["clips"]["vi.word.lam"]
    (pack_copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(VoicePackError, match=r"lacks 1 clip.*vi\.word\.lam"):
        load_pack(pack_copy)


def test_a_missing_file_is_named_when_the_pack_loads(pack_copy: Path) -> None:
    (pack_copy / "vi" / "word_mot_sac.wav").unlink()
    with pytest.raises(VoicePackError, match=r"file is missing: vi\.word\.mot_sac"):
        load_pack(pack_copy)


def test_english_clips_are_required_only_for_an_english_board(pack_copy: Path) -> None:
    manifest = json.loads((pack_copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["clips"] = {k: v for k, v in manifest["clips"].items() if not k.startswith("en.")}
    (pack_copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert set(load_pack(pack_copy).clips) == required_clips(english=False)
    with pytest.raises(VoicePackError, match=r"en\.invite"):
        load_pack(pack_copy, english=True)


def test_a_clip_at_another_rate_is_refused(pack_copy: Path) -> None:
    with wave.open(str(pack_copy / "chime.wav"), "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(44100)
        clip.writeframes(b"\0\0" * 100)
    with pytest.raises(VoicePackError, match=r"chime\.wav.*44100 Hz"):
        load_pack(pack_copy)


def test_a_folder_without_a_manifest_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(VoicePackError, match="voicepack build"):
        load_pack(tmp_path)
