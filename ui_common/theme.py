"""The look every app shares: Be Vietnam Pro, large type, colours readable at WCAG AA."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from assets import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, asset_path
from ui_common.qt import QtGui, QtWidgets

BOLD = QtGui.QFont.Weight.Bold

FAMILY = "Be Vietnam Pro"


@dataclass(frozen=True)
class Palette:
    """The apps' colours. Every text/ground pair they draw (``TEXT_PAIRS``) reaches WCAG 2.x
    AA, at least 4.5:1 (not the 7:1 of AAA): the least is ``ok`` green on ``ground``,
    4.9:1; the red ``accent`` and the disabled buttons are 5.4–5.9:1; ``ink`` on ``ground``
    and ``surface`` is 16:1 and more. tests/ui_common/test_theme_contrast.py measures them."""

    ground: str = "#F4F6FA"
    surface: str = "#FFFFFF"
    ink: str = "#0B1A33"
    muted: str = "#3D4B63"
    primary: str = "#0B3D91"
    on_primary: str = "#FFFFFF"
    accent: str = "#C8102E"
    highlight: str = "#FFD400"
    disabled_ground: str = "#D5DAE3"
    disabled_ink: str = "#4A5568"
    ok: str = "#0F7B3F"
    warning_ground: str = "#7A1020"
    board_ground: str = "#071A3D"
    board_ink: str = "#FFFFFF"
    board_number: str = "#FFD400"


PALETTE = Palette()

HIGH_CONTRAST = Palette(
    ground="#FFFFFF",
    surface="#FFFFFF",
    ink="#000000",
    muted="#1F2633",
    primary="#002060",
    on_primary="#FFFFFF",
    accent="#8C0014",
    highlight="#FFE500",
    disabled_ground="#E6E8EC",
    disabled_ink="#2B3340",
    ok="#004D24",
    warning_ground="#5C0010",
    board_ground="#000000",
    board_ink="#FFFFFF",
    board_number="#FFE500",
)
"""The kiosk's high-contrast look: black ink on white, darker buttons under white words; every
pair of ``TEXT_PAIRS`` reaches 7:1 (WCAG AAA). Colours the normal palette shares keep sharing
one (``recolour`` maps colour to colour)."""


def recolour(sheet: str, into: Palette, base: Palette = PALETTE) -> str:
    """A style sheet written in ``base``'s colours, in ``into``'s instead (in one pass, so that
    a new colour is never taken for an old one)."""
    swaps = colour_map(into, base)
    pattern = "|".join(re.escape(old) for old in swaps)
    return re.sub(pattern, lambda m: swaps[m[0].upper()], sheet, flags=re.IGNORECASE)


def colour_map(into: Palette, base: Palette = PALETTE) -> dict[str, str]:
    """``base``'s colours (upper case) -> ``into``'s; ValueError when one colour of ``base``
    would become two."""
    swaps: dict[str, str] = {}
    for field in fields(Palette):
        old, new = getattr(base, field.name).upper(), getattr(into, field.name)
        if swaps.setdefault(old, new) != new:
            raise ValueError(f"{old} is both {swaps[old]} and {new} ({field.name})")
    return swaps


@dataclass(frozen=True)
class TextPair:
    """Text in one palette colour drawn on a ground of another, and where the apps do it."""

    text: str
    """The name of a Palette field."""
    ground: str
    """The name of a Palette field."""
    where: str

    def colours(self, palette: Palette = PALETTE) -> tuple[str, str]:
        """(text, ground) as ``#RRGGBB``."""
        return getattr(palette, self.text), getattr(palette, self.ground)


TEXT_PAIRS: tuple[TextPair, ...] = (
    TextPair("ink", "ground", "the base style (apply); labels; the rating pages' question"),
    TextPair("ink", "surface", "text fields, search and code boxes, keys, cards, the faces"),
    TextPair("muted", "ground", "the kiosk's secondary lines; the rating pages' hints"),
    TextPair("muted", "surface", "the panel's card and side titles; the dossier's facts"),
    TextPair("primary", "ground", "kiosk headings, the ticket's number, a dossier's status"),
    TextPair("primary", "surface", "quiet buttons; the panel's ticket number and side buttons"),
    TextPair("accent", "ground", "problem titles; the pairing error; a dossier lookup that failed"),
    TextPair("accent", "surface", "the panel's ticket details and errors"),
    TextPair("ok", "ground", "the rating's thank-you; the panel's messages"),
    TextPair("ok", "surface", "a ready dossier, on its result card"),
    TextPair("on_primary", "primary", "buttons (apply); the brand bar; the display's header"),
    TextPair("on_primary", "accent", "priority buttons and strip; erase keys; the board's banner"),
    TextPair("on_primary", "ok", "OK buttons; the submit key; the panel's next button"),
    TextPair("on_primary", "muted", "clear keys; skip and cancel buttons"),
    TextPair("on_primary", "warning_ground", "the reconnecting banner; the ticket's notice"),
    TextPair("on_primary", "ink", "a pressed button"),
    TextPair("ink", "highlight", "a pressed key; the chosen language"),
    TextPair("disabled_ink", "disabled_ground", "disabled buttons and tiles"),
    TextPair("board_ink", "primary", "the counter display's header"),
    TextPair("board_ink", "board_ground", "the counter display; the hall board's default"),
    TextPair("board_number", "board_ground", "the called number; the hall board's default"),
    TextPair("board_ground", "highlight", "the counter display's number while it flashes"),
)
"""Every text/ground pair of palette colours the apps draw: add a pair here with the code
that draws it, and the contrast test measures it."""


def load_fonts() -> str:
    """Register the shipped fonts with Qt (once per process); return the family name."""
    for name in (FONT_REGULAR, FONT_MEDIUM, FONT_BOLD):
        if QtGui.QFontDatabase.addApplicationFont(str(asset_path(name))) < 0:
            raise RuntimeError(f"Qt could not load the font {name}")
    return FAMILY


def stylesheet(p: Palette = PALETTE) -> str:
    """The base Qt style sheet of every app, in the palette ``p``."""
    return f"""
        QWidget {{ color: {p.ink}; background: {p.ground}; }}
        QPushButton {{
            background: {p.primary}; color: {p.on_primary}; border: none;
            border-radius: 14px; padding: 18px 24px; font-weight: 600;
        }}
        QPushButton:disabled {{ background: {p.disabled_ground}; color: {p.disabled_ink}; }}
        QPushButton:pressed {{ background: {p.ink}; }}
        QLineEdit {{
            background: {p.surface}; border: 3px solid {p.primary}; border-radius: 12px;
            padding: 12px 16px;
        }}
        QScrollBar:vertical {{ width: 28px; }}
        """


def apply(app: QtWidgets.QApplication, base_pixel_size: int = 28) -> None:
    """Fonts and the base style for a touchscreen app."""
    load_fonts()
    font = QtGui.QFont(FAMILY)
    font.setPixelSize(base_pixel_size)
    app.setFont(font)
    app.setStyleSheet(stylesheet())


def pixel_font(
    pixel_size: int, weight: QtGui.QFont.Weight = QtGui.QFont.Weight.Normal
) -> QtGui.QFont:
    font = QtGui.QFont(FAMILY)
    font.setPixelSize(pixel_size)
    font.setWeight(weight)
    return font


def brand_bar(bar: QtWidgets.QWidget, name: str) -> None:
    """Paint ``bar`` as an app's top bar: the brand colour, its labels in the colour on it."""
    bar.setObjectName(name)
    bar.setStyleSheet(
        f"#{name} {{ background: {PALETTE.primary}; }}"
        f"#{name} QLabel {{ color: {PALETTE.on_primary}; background: transparent; }}"
    )
