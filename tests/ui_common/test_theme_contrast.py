"""Every text/ground pair the apps draw reads at WCAG 2.x AA (4.5:1), measured on the palette.

The pairs are ``ui_common.theme.TEXT_PAIRS``. So that a pair cannot be drawn unmeasured, the
base style sheet's pairs (``theme.stylesheet``) must be among them and every palette colour
in at least one; the hall board's default look (the palette's board colours) must pass the
site file's own check of board colours.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

import pytest

from queue_core.config import BoardModel, board_contrast_problem
from queue_core.domain.contrast import MIN_TEXT_CONTRAST, contrast_ratio
from ui_common.theme import (
    HIGH_CONTRAST,
    PALETTE,
    TEXT_PAIRS,
    Palette,
    TextPair,
    colour_map,
    recolour,
    stylesheet,
)

_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")


def too_faint(palette: Palette = PALETTE) -> list[str]:
    """``text on ground (where): ratio`` for each pair of ``palette`` below 4.5:1."""
    faint = []
    for pair in TEXT_PAIRS:
        text, ground = pair.colours(palette)
        ratio = contrast_ratio(text, ground)
        if ratio < MIN_TEXT_CONTRAST:
            faint.append(
                f"{pair.text} {text} on {pair.ground} {ground} ({pair.where}): {ratio:.2f}:1"
            )
    return faint


def _property(body: str, name: str) -> str | None:
    found = re.search(rf"(?<![-\w]){name}\s*:\s*([^;]+);", body)
    return found[1].strip() if found else None


def style_pairs(sheet: str) -> dict[str, tuple[str, str]]:
    """Each rule's selector -> (text, ground) it draws. A rule says what it sets; the rest
    comes from its widget's rule (``QPushButton`` for ``QPushButton:pressed``), then from
    ``QWidget``'s, as Qt's style sheets cascade."""
    rules = {selector.strip(): body for selector, body in _RULE.findall(sheet)}
    drawn = {}
    for selector, body in rules.items():
        chain = (body, rules.get(selector.split(":")[0], ""), rules.get("QWidget", ""))
        text = next(filter(None, (_property(b, "color") for b in chain)))
        ground = next(filter(None, (_property(b, "background") for b in chain)))
        drawn[selector] = (text.upper(), ground.upper())
    return drawn


def unmeasured(sheet: str) -> list[str]:
    """The style sheet's pairs that no TEXT_PAIRS entry measures."""
    measured = {pair.colours() for pair in TEXT_PAIRS}
    return [f"{s}: {pair}" for s, pair in style_pairs(sheet).items() if pair not in measured]


THEMES = {"normal": PALETTE, "high contrast": HIGH_CONTRAST}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("pair", TEXT_PAIRS, ids=lambda pair: f"{pair.text} on {pair.ground}")
def test_every_text_pair_reads_at_wcag_aa_in_both_themes(pair: TextPair, theme: str) -> None:
    text, ground = pair.colours(THEMES[theme])
    ratio = contrast_ratio(text, ground)
    assert ratio >= MIN_TEXT_CONTRAST, (
        f"{theme}: {pair.text} {text} on {pair.ground} {ground} ({pair.where}) is {ratio:.2f}:1"
    )


def test_the_high_contrast_theme_reaches_aaa_and_recolours_every_drawn_colour() -> None:
    assert too_faint(HIGH_CONTRAST) == []
    weakest = min(contrast_ratio(*pair.colours(HIGH_CONTRAST)) for pair in TEXT_PAIRS)
    assert weakest >= 7.0  # WCAG AAA, where the normal palette's least is 4.9:1
    assert colour_map(HIGH_CONTRAST)  # one new colour for each old one
    # the kiosk recolours its screens' style sheets: every pair drawn becomes a measured one
    sheet = stylesheet()
    assert style_pairs(recolour(sheet, HIGH_CONTRAST)) == style_pairs(stylesheet(HIGH_CONTRAST))


def test_a_faint_colour_is_caught_and_named() -> None:
    lighter_green = replace(PALETTE, ok="#2E9E5B")
    assert [line.split(" (")[0] for line in too_faint(lighter_green)] == [
        "ok #2E9E5B on ground #F4F6FA",
        "ok #2E9E5B on surface #FFFFFF",
        "on_primary #FFFFFF on ok #2E9E5B",
    ]
    assert too_faint() == []


def test_the_pairs_name_palette_colours_once_each() -> None:
    names = {f.name for f in fields(Palette)}
    assert [p for p in TEXT_PAIRS if not {p.text, p.ground} <= names] == []
    keys = [(p.text, p.ground) for p in TEXT_PAIRS]
    assert len(keys) == len(set(keys))


def test_every_palette_colour_is_in_a_pair() -> None:
    used = {name for pair in TEXT_PAIRS for name in (pair.text, pair.ground)}
    assert {f.name for f in fields(Palette)} - used == set()


def test_every_pair_of_the_base_style_sheet_is_measured() -> None:
    drawn = style_pairs(stylesheet())
    assert {"QWidget", "QPushButton", "QPushButton:disabled", "QPushButton:pressed"} <= set(drawn)
    assert drawn["QPushButton:pressed"] == (PALETTE.on_primary, PALETTE.ink)
    assert drawn["QLineEdit"] == (PALETTE.ink, PALETTE.surface)
    assert unmeasured(stylesheet()) == []


def test_a_new_pair_in_the_style_sheet_is_caught() -> None:
    other = replace(PALETTE, disabled_ink="#ABCDEF")
    assert unmeasured(stylesheet(other)) == ["QPushButton:disabled: ('#ABCDEF', '#D5DAE3')"]


def test_the_hall_boards_default_look_passes_the_site_files_check() -> None:
    board = BoardModel()
    assert (board.ground, board.ink, board.number, board.accent) == (
        PALETTE.board_ground,
        PALETTE.board_ink,
        PALETTE.board_number,
        PALETTE.accent,
    )
    assert board_contrast_problem(board) is None
