"""The sample tickets drawn pixel for pixel as the golden images.

After a deliberate change of layout: ``python -m tests.printers.make_golden``, look at
every image in tests/printers/golden/, and commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printers import render_ticket
from tests.printers.make_golden import DOCS_DIR, GOLDEN_DIR
from tests.printers.samples import GOLDEN, SITE


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_ticket_matches_its_golden_image(name, tmp_path):
    width, ticket = GOLDEN[name]
    actual = render_ticket(ticket, SITE, width)
    with Image.open(GOLDEN_DIR / f"{name}.png") as golden:
        golden.load()
    if actual.size != golden.size or actual.tobytes() != golden.tobytes():
        actual.save(tmp_path / f"{name}.png")
        diff = ImageChops.difference(actual.convert("L"), golden.convert("L").resize(actual.size))
        changed = sum(1 for value in diff.getdata() if value)
        pytest.fail(
            f"{name}: {actual.size} vs golden {golden.size}, {changed} pixels differ; "
            f"actual saved to {tmp_path / name}.png; regenerate with "
            "`python -m tests.printers.make_golden` if the change is meant"
        )


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_docs_show_the_golden_images(name):
    golden = (GOLDEN_DIR / f"{name}.png").read_bytes()
    assert (DOCS_DIR / f"{name}.png").read_bytes() == golden
    docs = (Path(__file__).resolve().parents[2] / "docs" / "printing.md").read_text("utf-8")
    assert f"images/{name}.png" in docs
