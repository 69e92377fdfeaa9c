"""The chime before each announcement: a two-tone ding-dong synthesised with plain math."""

from __future__ import annotations

import math
import sys
from array import array

__all__ = ["chime_pcm"]

_DING_HZ = 659.25  # E5
_DONG_HZ = 523.25  # C5
_PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12))  # (frequency ratio, amplitude): a bell-ish tone


def _tone(hz: float, start: float, seconds: float, rate: int, out: list[float]) -> None:
    first = int(start * rate)
    for i in range(int(seconds * rate)):
        t = i / rate
        attack = min(1.0, t / 0.008)
        envelope = attack * math.exp(-t * 3.2)
        value = sum(a * math.sin(2 * math.pi * hz * r * t) for r, a in _PARTIALS)
        out[first + i] += envelope * value


def chime_pcm(sample_rate: int, volume: float = 0.5) -> bytes:
    """Mono 16-bit PCM of about 1.5 s: "ding" then, 0.45 s later, a lower "dong"."""
    total = 1.5
    samples = [0.0] * int(total * sample_rate)
    _tone(_DING_HZ, 0.0, 0.9, sample_rate, samples)
    _tone(_DONG_HZ, 0.45, total - 0.45, sample_rate, samples)
    peak = max(abs(s) for s in samples) or 1.0
    scale = volume * 32767 / peak
    fade = int(0.05 * sample_rate)  # no click at the end
    for i in range(fade):
        samples[-1 - i] *= i / fade
    pcm = array("h", (int(s * scale) for s in samples))
    if sys.byteorder == "big":  # WAV is little-endian
        pcm.byteswap()
    return pcm.tobytes()
