"""Voice packs: the clips a call is said with, how they are checked, composed and rendered."""

from hall_board.voice.announce import (
    Announcement,
    Silence,
    Voicing,
    again,
    compose,
    render,
    wav_duration,
)
from hall_board.voice.pack import VoicePack, VoicePackError, load_pack

__all__ = [
    "Announcement",
    "Silence",
    "VoicePack",
    "VoicePackError",
    "Voicing",
    "again",
    "compose",
    "load_pack",
    "render",
    "wav_duration",
]
