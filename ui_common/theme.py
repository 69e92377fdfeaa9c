"""The look every app shares: Be Vietnam Pro, large type, high-contrast colours."""

from __future__ import annotations

from dataclasses import dataclass

from assets import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, asset_path
from ui_common.qt import QtGui, QtWidgets

BOLD = QtGui.QFont.Weight.Bold

FAMILY = "Be Vietnam Pro"


@dataclass(frozen=True)
class Palette:
    """Colours chosen for contrast >= 7:1 between text and its ground."""

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


def load_fonts() -> str:
    """Register the shipped fonts with Qt (once per process); return the family name."""
    for name in (FONT_REGULAR, FONT_MEDIUM, FONT_BOLD):
        if QtGui.QFontDatabase.addApplicationFont(str(asset_path(name))) < 0:
            raise RuntimeError(f"Qt could not load the font {name}")
    return FAMILY


def apply(app: QtWidgets.QApplication, base_pixel_size: int = 28) -> None:
    """Fonts and the base style for a touchscreen app."""
    load_fonts()
    font = QtGui.QFont(FAMILY)
    font.setPixelSize(base_pixel_size)
    app.setFont(font)
    p = PALETTE
    app.setStyleSheet(
        f"""
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
    )


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
