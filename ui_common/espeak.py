"""Speech synthesis with the libespeak-ng that the PyPI package espeakng-loader ships (ctypes):
the board's voice pack and the kiosk's voice guidance.

Synchronous mode: ``espeak_Synth`` returns when the text is spoken, the samples having
gone to our callback. libespeak-ng keeps global state, so one lock guards every use.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from array import array
from dataclasses import dataclass

__all__ = ["RATE_WPM", "EspeakError", "Speech", "speak", "spoken_clip", "trim_silence"]

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_EE_OK = 0

_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class EspeakError(RuntimeError):
    """libespeak-ng could not be loaded or refused a request."""


@dataclass(frozen=True)
class Speech:
    """Mono 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int


class _Engine:
    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        lib.espeak_Synth.restype = ctypes.c_int
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT
        )
        if self.sample_rate <= 0:
            raise EspeakError(f"espeak_Initialize failed ({self.sample_rate})")
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept alive as long as the engine
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: ctypes.Array, count: int, _events: int) -> int:
        if count > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def speak(self, text: str, voice: str, rate: int) -> bytes:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise EspeakError(f"espeak-ng has no voice {voice!r}")
        self.lib.espeak_SetParameter(_RATE, rate, 0)
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        status = self.lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if status != _EE_OK:
            raise EspeakError(f"espeak_Synth failed ({status}) on {text!r}")
        return b"".join(self._chunks)


_lock = threading.Lock()
_engine: _Engine | None = None


def speak(text: str, voice: str = "vi", rate: int = 150) -> Speech:
    """``text`` spoken by espeak-ng's ``voice`` at ``rate`` words a minute."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                _engine = _Engine()
            except OSError as error:
                raise EspeakError(f"libespeak-ng could not be loaded: {error}") from error
        return Speech(_engine.speak(text, voice, rate), _engine.sample_rate)


SILENCE_LEVEL = 400
"""Samples quieter than this (of 32767) at a clip's ends are cut."""
MARGIN_S = 0.01


def trim_silence(pcm: bytes, sample_rate: int) -> bytes:
    """Cut the quiet lead-in and tail espeak-ng puts around a word, keeping a short margin."""
    samples = array("h", pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, s in enumerate(samples) if abs(s) >= SILENCE_LEVEL]
    if not loud:
        return pcm
    margin = int(MARGIN_S * sample_rate)
    first, last = max(0, loud[0] - margin), min(len(samples), loud[-1] + margin + 1)
    return pcm[first * 2 : last * 2]


RATE_WPM = {"vi": 140, "en": 150}
"""The apps' pace, words a minute, by voice: a little slower than espeak-ng's own."""


def spoken_clip(text: str, voice: str) -> Speech:
    """``text`` as a clip of a voice pack: spoken at the apps' pace, the silence around cut."""
    speech = speak(text, voice, RATE_WPM[voice])
    return Speech(trim_silence(speech.pcm, speech.sample_rate), speech.sample_rate)
