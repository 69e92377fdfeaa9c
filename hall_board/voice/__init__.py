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
from hall_board.voice.pack import load_pack
from ui_common.voicepack import VoicePack, VoicePackError

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
