"""Regenerate the golden ticket images: ``python -m tests.printers.make_golden``.

Writes tests/printers/golden/*.png (what test_golden compares pixel for pixel) and the
same files to docs/images/ for docs/printing.md. Look at every image before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from printers import render_ticket
from tests.printers.samples import GOLDEN, SITE

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "images"


def main() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    for name, (width, ticket) in GOLDEN.items():
        path = GOLDEN_DIR / f"{name}.png"
        render_ticket(ticket, SITE, width).save(path, format="PNG")
        shutil.copyfile(path, DOCS_DIR / path.name)
        print(path)


if __name__ == "__main__":
    main()
