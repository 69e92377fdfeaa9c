"""A voice pack on disk, the board's calls and the kiosk's guidance alike: a folder of WAV clips
and the manifest that names them; loading checks it.

``manifest.json``::

    {"format": "luot-voice/1", "name": "...", "sample_rate": 22050,
     "clips": {"chime": {"file": "chime.wav", "text": "(chime)"}, ...}}

Every clip is mono 16-bit PCM at the pack's sample rate. A pack that lacks a clip its app
needs is refused when it loads (VoicePackError naming the clips), never found out at call
time. A centre records its own voice by reading each clip's ``text`` into its ``file``
(``template`` writes a manifest to record against); a partial pack (the kiosk's) plays the
clips it holds and leaves the rest to espeak-ng.
"""

from __future__ import annotations

import io
import json
import wave
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMAT",
    "MANIFEST",
    "ClipEntry",
    "VoicePack",
    "VoicePackError",
    "clip_file",
    "load_pack",
    "wav_bytes",
    "wav_duration",
    "write_manifest",
    "write_wav",
]

MANIFEST = "manifest.json"
FORMAT = "luot-voice/1"


class VoicePackError(Exception):
    """A voice pack that cannot be used, with a sentence saying what to fix."""


@dataclass(frozen=True)
class ClipEntry:
    file: str
    text: str


@dataclass(frozen=True)
class VoicePack:
    folder: Path
    name: str
    sample_rate: int
    clips: Mapping[str, bytes]
    """Clip id → its mono 16-bit PCM."""

    def pcm(self, clip: str) -> bytes:
        try:
            return self.clips[clip]
        except KeyError:
            raise VoicePackError(f"voice pack {self.folder} has no clip {clip!r}") from None


def clip_file(clip: str) -> str:
    """Where a clip's WAV sits in its pack: ``vi.word.mot`` → ``vi/word_mot.wav``."""
    return clip.replace(".", "/", 1).replace(".", "_") + ".wav"


def wav_bytes(pcm: bytes, sample_rate: int) -> bytes:
    """A WAV file of mono 16-bit ``pcm``."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm)
    return out.getvalue()


def wav_duration(data: bytes) -> float:
    """Seconds of sound in a WAV file's bytes."""
    with wave.open(io.BytesIO(data), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def write_wav(path: Path, pcm: bytes, sample_rate: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wav_bytes(pcm, sample_rate))


def write_manifest(
    folder: Path, name: str, sample_rate: int, clips: Mapping[str, ClipEntry]
) -> Path:
    data = {
        "format": FORMAT,
        "name": name,
        "sample_rate": sample_rate,
        "clips": {k: {"file": v.file, "text": v.text} for k, v in sorted(clips.items())},
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _read_manifest(folder: Path) -> dict[str, object]:
    path = folder / MANIFEST
    if not path.is_file():
        raise VoicePackError(
            f"{folder} is not a voice pack: it has no {MANIFEST} "
            "(make one with `luot-board voicepack build DIR` or `luot-kiosk voicepack build DIR`)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise VoicePackError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VoicePackError(f'{path}: expected "format": "{FORMAT}"')
    if not isinstance(data.get("sample_rate"), int) or not isinstance(data.get("clips"), dict):
        raise VoicePackError(f'{path}: needs an integer "sample_rate" and a "clips" object')
    return data


def _read_clip(path: Path, sample_rate: int) -> bytes:
    try:
        with wave.open(str(path), "rb") as clip:
            shape = (clip.getnchannels(), clip.getsampwidth(), clip.getframerate())
            if shape != (1, 2, sample_rate):
                raise VoicePackError(
                    f"{path}: {shape[0]} channel(s), {8 * shape[1]}-bit, {shape[2]} Hz; "
                    f"a clip must be mono, 16-bit, {sample_rate} Hz"
                )
            return clip.readframes(clip.getnframes())
    except (wave.Error, EOFError) as error:
        raise VoicePackError(f"{path} is not a WAV file: {error}") from None


def _entries(folder: Path, data: dict[str, object]) -> dict[str, ClipEntry]:
    entries: dict[str, ClipEntry] = {}
    for clip, entry in dict(data["clips"]).items():  # type: ignore[call-overload]
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise VoicePackError(f'{folder / MANIFEST}: clip {clip!r} needs a "file"')
        entries[str(clip)] = ClipEntry(entry["file"], str(entry.get("text", "")))
    return entries


def load_pack(
    folder: Path, required: Collection[str] = (), partial: bool = False, app: str = "the board"
) -> VoicePack:
    """Read a pack, checking that it holds every ``required`` clip (which ``app`` will need).
    ``partial``: a clip whose file is not there yet (not recorded) is left out, not refused."""
    folder = Path(folder)
    data = _read_manifest(folder)
    entries = _entries(folder, data)
    missing = sorted(set(required) - entries.keys())
    if missing:
        raise VoicePackError(
            f"voice pack {folder} lacks {len(missing)} clip(s) {app} needs: " + ", ".join(missing)
        )
    absent = sorted(clip for clip, e in entries.items() if not (folder / e.file).is_file())
    if absent and not partial:
        raise VoicePackError(
            f"voice pack {folder}: the manifest names clips whose file is missing: "
            + ", ".join(absent)
        )
    rate = int(str(data["sample_rate"]))
    clips = {
        clip: _read_clip(folder / e.file, rate) for clip, e in entries.items() if clip not in absent
    }
    return VoicePack(folder, str(data.get("name", folder.name)), rate, clips)
