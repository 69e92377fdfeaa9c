"""The Qt pieces the three apps share: the core bridge, the live connection, the one start-up,
the theme, the text catalogue."""

from ui_common.bridge import CoreBridge
from ui_common.device import DeviceSettings, load_settings, save_settings, settings_path
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, apply, load_fonts, pixel_font

__all__ = [
    "PALETTE",
    "CoreBridge",
    "DeviceSettings",
    "Lang",
    "apply",
    "load_fonts",
    "load_settings",
    "pixel_font",
    "save_settings",
    "settings_path",
    "tr",
]
