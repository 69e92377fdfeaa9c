"""Builds the phone page's fonts: Be Vietnam Pro (regular and bold) cut down to the letters the
citizens' pages write (ASCII, every Vietnamese letter in both cases, a few marks of punctuation)
as WOFF, so that the page weighs little on a cheap phone over a weak link. Run at build time:
``python -m harness.font_subset`` writes ``queue_core/api/static/fonts/``; commit the files."""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

from assets import FONT_BOLD, FONT_REGULAR, asset_path

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
LETTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F)) + VIETNAMESE + VIETNAMESE.upper() + "–—…·«»“”‘’•"
)
"""Every character the phone pages may show (tests/queue_core/api/test_phone_page.py holds the
pages' own texts to it)."""
FACES = {"400": FONT_REGULAR, "700": FONT_BOLD}
OUT = Path(__file__).resolve().parents[1] / "queue_core" / "api" / "static" / "fonts"


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for weight, name in FACES.items():
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
        options.name_IDs = [1, 2]  # the family's name; its licence stays in assets/fonts
        options.hinting = False
        font = subset.load_font(str(asset_path(name)), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=LETTERS)
        subsetter.subset(font)
        target = out / f"be-vietnam-pro-{weight}.woff"
        subset.save_font(font, str(target), options)
        made.append(target)
    return made


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    for path in build():
        print(f"{path}: {path.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
