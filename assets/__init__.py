"""Files the apps share (fonts, chime, logo) and the one function that finds them."""

from __future__ import annotations

from pathlib import Path

__all__ = ["FONT_BOLD", "FONT_MEDIUM", "FONT_REGULAR", "asset_path"]

_ROOT = Path(__file__).resolve().parent

FONT_REGULAR = "fonts/BeVietnamPro_400Regular.ttf"
FONT_MEDIUM = "fonts/BeVietnamPro_500Medium.ttf"
FONT_BOLD = "fonts/BeVietnamPro_700Bold.ttf"


def asset_path(name: str) -> Path:
    """Return the path of an asset file, e.g. ``asset_path(FONT_BOLD)``.

    Raises FileNotFoundError naming the file when it is missing, so that an
    incomplete install is reported at start, not when a ticket is printed.
    """
    path = _ROOT / name
    if not path.is_file():
        raise FileNotFoundError(f"Lượt asset missing: {path}")
    return path
