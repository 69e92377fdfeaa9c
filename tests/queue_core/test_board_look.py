"""The site file's [board] section: checked, kept, served with the logo, seen in the snapshot."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from queue_core.cli import main
from queue_core.config import SAMPLE_SITE, ConfigError, clean_svg, parse_site
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import running_core


@pytest.mark.parametrize(
    ("board", "field"),
    [
        ('ground = "navy"', "ground"),
        ('read_numbers = "words"', "read_numbers"),
        ("colour = 1", "colour"),
    ],
)
def test_a_bad_board_section_is_one_line(board: str, field: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site(SMALL_SITE + f"\n[board]\n{board}\n", "centre.toml")
    assert f"field '{field}'" in str(refused.value) and "\n" not in str(refused.value)


def test_a_missing_logo_is_refused_and_the_database_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE + '\n[board]\nlogo = "nope.png"\n', encoding="utf-8")
    assert main(["--db", str(tmp_path / "luot.db"), "init", str(site)]) == 2
    assert "board, field 'logo': cannot read" in capsys.readouterr().err
    assert not (tmp_path / "luot.db").exists()


def test_the_snapshot_carries_the_look_and_the_core_serves_the_logo(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    assert main(["--db", str(db), "init", str(SAMPLE_SITE)]) == 0
    with running_core(tmp_path, site_toml=None) as core:  # keeps the imported site and logo
        board = httpx.get(f"{core.base_url}/api/v1/board").json()
        look = board["site"]["board"]
        assert (look["ground"], look["number"], look["zero_tens"]) == ("#071A3D", "#FFD400", "linh")
        assert look["logo"] == "/api/v1/site/logo"
        logo = httpx.get(core.base_url + look["logo"])
        assert logo.headers["content-type"] == "image/svg+xml"
        # the sample drawn as it is, rebuilt clean (see tests/queue_core/test_logo.py)
        assert logo.content == clean_svg((SAMPLE_SITE.parent / "sample_logo.svg").read_bytes())
        agencies = {a["id"]: a for a in board["agencies"]}
        assert agencies["stp"]["name"] == "Sở Tư pháp" and agencies["stp"]["waiting"] == 0


def test_the_client_fetches_the_logo_and_the_dossier_figures(tmp_path: Path) -> None:
    import asyncio

    from queue_core.client import CoreClient, DossierFigures

    assert main(["--db", str(tmp_path / "luot.db"), "init", str(SAMPLE_SITE)]) == 0

    async def fetch(url: str) -> tuple[bytes | None, DossierFigures]:
        async with CoreClient(url) as core:
            return await core.site_logo(), await core.dossier_figures()

    with running_core(tmp_path, site_toml=None) as core:
        logo, figures = asyncio.run(fetch(core.base_url))
    assert logo is not None and logo.startswith(b"<svg")
    assert figures.month and figures.agencies == ()
    other = tmp_path / "plain"
    other.mkdir()
    with running_core(other) as plain:
        assert asyncio.run(fetch(plain.base_url))[0] is None
