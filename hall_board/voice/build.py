"""`luot-board voicepack build DIR`: the default voice pack, spoken by espeak-ng, plus the chime."""

from __future__ import annotations

from pathlib import Path

from hall_board.voice.catalogue import CHIME, ClipSpec, Language, all_clips
from hall_board.voice.chime import chime_pcm
from hall_board.voice.pack import ClipEntry, write_manifest, write_wav
from ui_common.device import settings_path
from ui_common.espeak import speak, trim_silence

__all__ = ["build_default_pack", "default_pack_dir", "trim_silence"]

RATE_WPM = {Language.VI: 140, Language.EN: 150}


def default_pack_dir() -> Path:
    """``$LUOT_CONFIG_DIR/voice/default`` (beside the board's settings)."""
    return settings_path("board").parent / "voice" / "default"


def _file_name(clip: ClipSpec) -> str:
    return clip.id.replace(".", "/", 1).replace(".", "_") + ".wav"


def _speak(clip: ClipSpec, sample_rate: int) -> bytes:
    speech = speak(clip.text, clip.language.value, RATE_WPM[clip.language])
    if speech.sample_rate != sample_rate:
        raise RuntimeError(f"espeak-ng changed sample rate ({speech.sample_rate} Hz)")
    return trim_silence(speech.pcm, sample_rate)


def build_default_pack(folder: Path, name: str = "espeak-ng (mặc định)") -> Path:
    """Write every clip of the catalogue and the manifest into ``folder``; return the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sample_rate = speak("a").sample_rate
    entries: dict[str, ClipEntry] = {}
    for clip in all_clips():
        pcm = chime_pcm(sample_rate) if clip.id == CHIME else _speak(clip, sample_rate)
        file = _file_name(clip)
        write_wav(folder / file, pcm, sample_rate)
        entries[clip.id] = ClipEntry(file, clip.text)
    return write_manifest(folder, name, sample_rate, entries)
