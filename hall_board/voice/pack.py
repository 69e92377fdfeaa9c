"""The board's voice pack: a pack (``ui_common.voicepack``) holding every clip a call needs."""

from __future__ import annotations

from pathlib import Path

from hall_board.voice.catalogue import required_clips
from ui_common import voicepack
from ui_common.voicepack import VoicePack

__all__ = ["load_pack"]


def load_pack(folder: Path, english: bool = False) -> VoicePack:
    """Read a pack, checking that it holds every clip the board will need."""
    return voicepack.load_pack(folder, required_clips(english))
