"""The kiosk's voice: guidance phrases in a centre's own recordings where it made them, else
spoken by espeak-ng, played through the apps' one sound player (ui_common.sound); and the
kiosk's voice pack (``luot-kiosk voicepack list|template|build|check``).

The pack is the board's format (``ui_common.voicepack``): one clip per phrase of SAID_KEYS
and language, ``vi.kiosk_voice_home`` for instance, holding ``tr(key, lang)`` said aloud.
It may be partial: what a centre has not recorded is spoken by espeak-ng.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

from kiosk.guide import SAID_KEYS, Speaker
from ui_common.device import settings_path
from ui_common.espeak import speak, spoken_clip
from ui_common.qt import QObject
from ui_common.sound import AudioSink, QtMediaSink, SoundQueue
from ui_common.texts import Lang, tr
from ui_common.voicepack import (
    MANIFEST,
    ClipEntry,
    VoicePackError,
    clip_file,
    load_pack,
    wav_bytes,
    wav_duration,
    write_manifest,
    write_wav,
)

__all__ = [
    "EspeakSpeaker",
    "Recorded",
    "add_voice_options",
    "clip_id",
    "default_voice_dir",
    "load_recorded",
    "phrases",
    "voice_folder",
    "voicepack_command",
    "write_template",
]

log = logging.getLogger(__name__)

BETWEEN_PHRASES_S = 0.25

Recorded = Mapping[tuple[str, Lang], bytes]
"""A phrase's words and language → a centre's recording of it (mono 16-bit PCM)."""


def clip_id(key: str, lang: Lang) -> str:
    return f"{lang.value}.{key}"


def phrases() -> list[tuple[str, Lang, str]]:
    """Every phrase a centre may record: its clip id, language and words."""
    return [(clip_id(key, lang), lang, tr(key, lang)) for lang in Lang for key in SAID_KEYS]


def default_voice_dir() -> Path:
    """``$LUOT_CONFIG_DIR/kiosk-voice`` (beside the kiosk's settings)."""
    return settings_path("kiosk").parent / "kiosk-voice"


@cache
def espeak_rate() -> int:
    return speak("a").sample_rate


def load_recorded(folder: Path) -> dict[tuple[str, Lang], bytes]:
    """A centre's recordings (the clips of the pack whose file is there), by phrase."""
    pack = load_pack(folder, partial=True, app="the kiosk")
    if pack.sample_rate != espeak_rate():
        raise VoicePackError(
            f"voice pack {folder} is at {pack.sample_rate} Hz; the kiosk's phrases are joined "
            f"with espeak-ng's, at {espeak_rate()} Hz: record (or convert) at that rate"
        )
    known = {clip: (words, lang) for clip, lang, words in phrases()}
    strange = sorted(pack.clips.keys() - known.keys())
    if strange:
        raise VoicePackError(
            f"voice pack {folder} has clips the kiosk never says: {', '.join(strange)} "
            "(`luot-kiosk voicepack list` lists its phrases)"
        )
    return {known[clip]: pcm for clip, pcm in pack.clips.items()}


def write_template(folder: Path, speak_clip: Callable[[str, Lang], bytes] | None = None) -> Path:
    """The manifest of every phrase, to record against; with ``speak_clip``, each clip's WAV
    too (a whole pack: ``build``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    for clip, lang, words in phrases():
        entries[clip] = ClipEntry(clip_file(clip), words)
        if speak_clip is not None:
            write_wav(folder / clip_file(clip), speak_clip(words, lang), espeak_rate())
    name = "espeak-ng (mặc định)" if speak_clip else "của trung tâm"
    return write_manifest(folder, name, espeak_rate(), entries)


def _spoken(words: str, lang: Lang) -> bytes:
    return spoken_clip(words, lang.value).pcm


class _Batch:
    """Phrases to say, made into one WAV only when their turn comes (a batch replaced before
    it is played costs nothing)."""

    def __init__(self, render: Callable[[Sequence[str], Lang], bytes], said: Sequence[str],
                 lang: Lang) -> None:  # fmt: skip
        self.phrases, self.lang, self._render = tuple(said), lang, render
        self._wav: bytes | None = None

    @property
    def wav(self) -> bytes:
        if self._wav is None:
            self._wav = self._render(self.phrases, self.lang)
        return self._wav

    @property
    def duration(self) -> float:
        return wav_duration(self.wav)


class EspeakSpeaker(Speaker):
    """Says phrases through ``sink`` (QtMultimedia by default, ui_common.sound): a centre's
    recording of a phrase where ``recorded`` has one, else espeak-ng (offline, as the board's
    pack is made), each phrase spoken once and kept. One batch at a time, a newer one
    replacing one not yet begun, so nothing overlaps."""

    def __init__(
        self,
        sink: AudioSink | None = None,
        recorded: Recorded | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clips: dict[tuple[str, Lang], bytes] = dict(recorded or {})
        player = sink or QtMediaSink(unheard="voice guidance is not heard")
        self.queue = SoundQueue(player, self)

    def say(self, phrases: Sequence[str], lang: Lang) -> None:
        self.queue.replace(_Batch(self.render, phrases, lang))

    def stop(self) -> None:
        self.queue.stop()

    def close(self) -> None:
        self.queue.stop()
        self.queue.sink.close()

    def render(self, phrases: Sequence[str], lang: Lang) -> bytes:
        """The phrases as one WAV, a quarter second apart."""
        rate = espeak_rate()
        pcm = b""
        for phrase in phrases:
            if (phrase, lang) not in self._clips:
                self._clips[phrase, lang] = _spoken(phrase, lang)
            pcm += self._clips[phrase, lang] + b"\0\0" * int(rate * BETWEEN_PHRASES_S)
        return wav_bytes(pcm, rate)


def add_voice_options(parser: argparse.ArgumentParser) -> None:
    """``--voice DIR`` and ``voicepack list|template|build|check``."""
    parser.add_argument(
        "--voice", type=Path,
        help="a centre's recordings of the guidance's phrases, played instead of espeak-ng's "
        f"(default: {default_voice_dir()} when it holds a {MANIFEST})",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command")
    pack = commands.add_parser("voicepack", help="the voice guidance's phrases")
    actions = pack.add_subparsers(dest="action")
    actions.add_parser("list", help="the phrases to record: clip, language, words")
    for action, what in (
        ("template", "write the manifest of every phrase into DIR, to record against"),
        ("build", "every phrase spoken by espeak-ng into DIR (the built pack)"),
        ("check", "load DIR and say which phrases it holds"),
    ):
        actions.add_parser(action, help=what).add_argument("dir", type=Path)


def voice_folder(args: argparse.Namespace) -> Path | None:
    """The recordings the kiosk plays: ``--voice``, else the default folder if it has a pack."""
    if args.voice is not None:
        return Path(args.voice)
    folder = default_voice_dir()
    return folder if (folder / MANIFEST).is_file() else None


def voicepack_command(args: argparse.Namespace) -> int:
    if args.action == "list":
        for clip, lang, words in phrases():
            print(f"{clip}\t{lang.value}\t{words}")
        return 0
    if args.action in ("template", "build"):
        print(write_template(args.dir, _spoken if args.action == "build" else None))
        return 0
    if args.action == "check":
        try:
            recorded = load_recorded(args.dir)
        except VoicePackError as error:
            print(error, file=sys.stderr)
            return 1
        total = len(phrases())
        rest = "; espeak-ng says the rest" if len(recorded) < total else ""
        print(f"{len(recorded)} of {total} phrases recorded{rest}")
        return 0
    print("usage: luot-kiosk voicepack list | template|build|check DIR", file=sys.stderr)
    return 2
