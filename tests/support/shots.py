"""Where a test saves the screenshots it takes: the test's own folder, or the docs' when
``LUOT_UPDATE_SCREENSHOTS=1`` (so that ``make test`` leaves the repository as it found it)."""

from __future__ import annotations

import os
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shots_dir(tmp_path: Path, docs_folder: str) -> Path:
    """``docs/screenshots/<docs_folder>`` when asked to update them, else ``tmp_path``."""
    if os.environ.get("LUOT_UPDATE_SCREENSHOTS") == "1":
        return DOCS / docs_folder
    return tmp_path
