"""The site file's ``[board]`` section: the hall boards' colours, logo and number reading, and the
rule that every text a board draws on them is readable (WCAG AA contrast)."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field

from queue_core.config.sections import Strict
from queue_core.domain.contrast import MIN_TEXT_CONTRAST, contrast_ratio

_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class BoardModel(Strict):
    """How the hall boards look and speak: the centre's colours, logo and number reading."""

    ground: Annotated[str, Field(pattern=_COLOUR)] = "#071A3D"
    ink: Annotated[str, Field(pattern=_COLOUR)] = "#FFFFFF"
    number: Annotated[str, Field(pattern=_COLOUR)] = "#FFD400"
    accent: Annotated[str, Field(pattern=_COLOUR)] = "#C8102E"
    logo: str | None = None
    """A PNG or SVG file, relative to the site file; the core serves it to the boards."""
    read_numbers: Literal["number", "digits"] = "number"
    zero_tens: Literal["linh", "lẻ"] = "linh"
    four: Literal["bốn", "tư"] = "bốn"
    english: bool = False
    repeat_priority: bool = False
    """Say a priority ticket's call twice (for the elderly, people with disabilities)."""


BOARD_FIXED_COLOURS = {
    "the board's panels": "#0E2A5C",
    "the board's grey text": "#B9C6DD",
    "the banner's words": "#FFFFFF",
}
"""The hall board's own colours that meet the site's (hall_board.state.Appearance's panel
and muted; the "reconnecting" banner's words in hall_board/widgets/panels.py)."""
BOARD_TEXT_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    ("ink", "ground", "ink", "the centre's name, the date"),
    ("number", "ground", "number", "the clock"),
    ("ink", "the board's panels", "ink", "calls, counters, figures"),
    ("number", "the board's panels", "number", "ticket numbers"),
    ("the banner's words", "accent", "accent", "the reconnecting banner"),
    ("the board's grey text", "ground", "ground", "the centre's English name"),
)
"""(text, ground, the field to blame, what it is) for each text the hall board draws on a
ground where the site's ``[board]`` colours take part: a BoardModel field or one of the
board's own colours."""


def board_contrast_problem(board: BoardModel) -> tuple[str, str] | None:
    """(field, reason) for the first board text below WCAG AA's 4.5:1, or None."""

    def named(name: str) -> tuple[str, str]:
        fixed = BOARD_FIXED_COLOURS.get(name)
        return (name, fixed) if fixed else (name, str(getattr(board, name)))

    for text_name, ground_name, blamed, what in BOARD_TEXT_PAIRS:
        (text_label, text), (ground_label, ground) = named(text_name), named(ground_name)
        ratio = contrast_ratio(text, ground)
        if ratio < MIN_TEXT_CONTRAST:
            return blamed, (
                f"{text_label} {text} on {ground_label} {ground} ({what}) is "
                f"{math.floor(ratio * 100) / 100:.2f}:1; "  # 4.499 must not read as 4.50
                f"text needs at least {MIN_TEXT_CONTRAST}:1 (WCAG AA)"
            )
    return None
