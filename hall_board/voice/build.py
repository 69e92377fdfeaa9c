"""`luot-board voicepack build DIR`: the default voice pack, spoken by espeak-ng, plus the chime."""

from __future__ import annotations

from pathlib import Path

from hall_board.voice.catalogue import CHIME, ClipSpec, all_clips
from hall_board.voice.chime import chime_pcm
from ui_common.device import settings_path
from ui_common.espeak import speak, spoken_clip, trim_silence
from ui_common.voicepack import ClipEntry, clip_file, write_manifest, write_wav

__all__ = ["build_default_pack", "default_pack_dir", "trim_silence"]


def default_pack_dir() -> Path:
    """``$LUOT_CONFIG_DIR/voice/default`` (beside the board's settings)."""
    return settings_path("board").parent / "voice" / "default"


def _speak(spec: ClipSpec, sample_rate: int) -> bytes:
    speech = spoken_clip(spec.text, spec.language.value)
    if speech.sample_rate != sample_rate:
        raise RuntimeError(f"espeak-ng changed sample rate ({speech.sample_rate} Hz)")
    return speech.pcm


def build_default_pack(folder: Path, name: str = "espeak-ng (mặc định)") -> Path:
    """Write every clip of the catalogue and the manifest into ``folder``; return the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sample_rate = speak("a").sample_rate
    entries: dict[str, ClipEntry] = {}
    for clip in all_clips():
        pcm = chime_pcm(sample_rate) if clip.id == CHIME else _speak(clip, sample_rate)
        file = clip_file(clip.id)
        write_wav(folder / file, pcm, sample_rate)
        entries[clip.id] = ClipEntry(file, clip.text)
    return write_manifest(folder, name, sample_rate, entries)
