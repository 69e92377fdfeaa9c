"""ESC/POS bytes of a print job, written by python-escpos for a printer profile."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from escpos.capabilities import CAPABILITIES, BaseProfile
from escpos.printer import Dummy
from PIL import Image

from printers.errors import PrinterError, PrinterErrorKind

__all__ = ["DEFAULT_PROFILE", "DEFAULT_WIDTH", "FRAGMENT_HEIGHT", "PrinterProfile", "encode_image"]

DEFAULT_PROFILE = "default"
DEFAULT_WIDTH = 576  # 80 mm paper at 203 dpi; 58 mm paper is 384
FRAGMENT_HEIGHT = 960  # python-escpos's default band height for GS v 0


def _config_error(detail: str) -> PrinterError:
    return PrinterError.from_catalogue(PrinterErrorKind.CONFIG, "err_config", detail=detail)


@dataclass(frozen=True)
class PrinterProfile:
    """A python-escpos printer profile (capabilities as data) and the paper width in dots."""

    name: str
    width: int

    @classmethod
    def resolve(cls, name: str | None, width: int | None) -> PrinterProfile:
        """Check ``name`` against python-escpos's profiles and ``width`` against it.

        The width defaults to the profile's own, else 576 dots. Raises PrinterError(config).
        """
        name = name or DEFAULT_PROFILE
        profiles: dict[str, Any] = CAPABILITIES["profiles"]
        if name not in profiles:
            raise _config_error(f"unknown printer profile {name!r}")
        known = profiles[name].get("media", {}).get("width", {}).get("pixels")
        known_width = known if isinstance(known, int) else None
        width = width or known_width or DEFAULT_WIDTH
        if not (256 <= width <= 1024 and width % 8 == 0):
            raise _config_error(f"width {width} dots: use 384 (58 mm) or 576 (80 mm)")
        if known_width is not None and width > known_width:
            raise _config_error(f"width {width} dots is more than {name} prints ({known_width})")
        if not profiles[name].get("features", {}).get("bitImageRaster"):
            raise _config_error(f"profile {name!r} cannot print raster images")
        return cls(name, width)

    def apply_to(self, profile: BaseProfile) -> None:
        """Give python-escpos's profile object our paper width as its media width
        (on that object only; the shared profile data stays as it is)."""
        data = copy.deepcopy(profile.profile_data)
        data.setdefault("media", {}).setdefault("width", {})["pixels"] = self.width
        profile.profile_data = data

    @property
    def can_cut(self) -> bool:
        features = CAPABILITIES["profiles"][self.name].get("features", {})
        return bool(features.get("paperFullCut") or features.get("paperPartCut"))


def encode_image(image: Image.Image, profile: PrinterProfile) -> bytes:
    """The whole job for ``image``: initialise (ESC @), the raster (GS v 0, in bands),
    feed (ESC d) and cut (GS V, when the profile has a cutter)."""
    if image.width != profile.width:
        raise ValueError(f"image is {image.width} dots wide, the paper {profile.width}")
    printer = Dummy(profile=profile.name)
    profile.apply_to(printer.profile)
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_HEIGHT)
    printer.cut()  # feeds (ESC d 6) so the end clears the cutter, then GS V if supported
    return printer.output
