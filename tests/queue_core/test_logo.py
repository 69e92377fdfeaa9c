"""The board logo: a PNG as it is, an SVG rebuilt from an allow-list so that no script, event
handler or outside link survives, served with a policy that runs nothing; an SVG that cannot
be read is one line at `luot-core init`, and one stored by an older core is cleaned when served."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PIL import Image

from queue_core.api.headers import LOGO_POLICY
from queue_core.cli import main
from queue_core.config import SAMPLE_SITE, clean_svg, usable_logo
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import running_core

HOSTILE = """<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     onload="alert(1)" viewBox="0 0 10 10" inkscape:version="1.2">
  <script>alert(2)</script><script xlink:href="http://evil.example/x.js"/>
  <style>@import url(http://evil.example/x.css); rect { fill: red }</style>
  <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script>
    <iframe src="javascript:alert(4)"/></body></foreignObject>
  <a xlink:href="javascript:alert(5)"><rect width="5" height="5"/></a>
  <rect width="10" height="10" fill="url(#g)" onclick="alert(6)"
        style="fill: url(http://evil.example/p)"/>
  <circle r="3" style="fill: url(#g); stroke: #000" filter="url( 'http://evil.example/f')"/>
  <use xlink:href="http://evil.example/s.svg#x"/><use href="#g"/>
  <image href="data:image/svg+xml;base64,PHN2Zz4=" width="1" height="1"/>
  <image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <animate attributeName="href" to="javascript:alert(7)"/><set attributeName="onclick" to="x"/>
  <text x="1" y="5">Sở <![CDATA[<b>]]> &amp; T&#432; pháp</text>
  <linearGradient id="g" xlink:href="#h"><stop offset="0" stop-color="#fff"/></linearGradient>
  <!-- a comment --><?pi x?>
</svg>
""".encode()


def test_the_sample_logo_keeps_its_drawing() -> None:
    sample = (SAMPLE_SITE.parent / "sample_logo.svg").read_bytes()
    cleaned = clean_svg(sample).decode()
    assert cleaned.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<circle cx="60" cy="60" r="56" fill="#C8102E"' in cleaned
    assert '<polygon fill="#FFD400" points="60,22 69.4,48.6' in cleaned
    assert clean_svg(cleaned.encode()).decode() == cleaned  # cleaning it again changes nothing


def test_a_hostile_svg_loses_everything_that_could_run_or_call_out() -> None:
    cleaned = clean_svg(HOSTILE).decode()
    for gone in (
        "script", "alert", "onload", "onclick", "javascript", "evil.example", "style>",
        "foreignObject", "iframe", "<a ", "animate", "<set", "inkscape", "image/svg", "filter",
        "comment", "<?pi", "DOCTYPE",
    ):  # fmt: skip
        assert gone not in cleaned, gone
    for kept in (
        '<rect width="10" height="10" fill="url(#g)"></rect>',
        '<circle r="3" style="fill: url(#g); stroke: #000"></circle>',
        '<use href="#g"></use>',
        '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"></image>',
        '<text x="1" y="5">Sở &lt;b&gt; &amp; Tư pháp</text>',
        '<linearGradient id="g" xlink:href="#h"><stop offset="0" stop-color="#fff"></stop>',
    ):
        assert kept in cleaned, kept


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "it declares entities",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
            "it declares entities",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "not well-formed XML"),
        (b'<html><svg xmlns="http://www.w3.org/2000/svg"/></html>', "not <svg>"),
        (b'<svg xmlns="http://evil.example/svg"/>', "not <svg>"),
        (b"<svg", "not well-formed XML"),
    ],
)
def test_what_cannot_be_read_as_an_svg_is_refused(svg: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        clean_svg(svg)
    assert usable_logo(svg) is None


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "#C8102E").save(out, "PNG")
    return out.getvalue()


def test_a_png_is_kept_as_it_is_and_nothing_else_is_a_logo() -> None:
    picture = png()
    assert usable_logo(picture) == picture
    assert usable_logo(b"GIF89a....") is None
    assert usable_logo(b"<html><script>alert(1)</script></html>") is None


def test_init_refuses_an_svg_it_cannot_use_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE + '\n[board]\nlogo = "logo.svg"\n', encoding="utf-8")
    (tmp_path / "logo.svg").write_bytes(b'<!DOCTYPE svg [<!ENTITY a "a">]><svg>&a;</svg>')
    assert main(["--db", str(tmp_path / "luot.db"), "init", str(site)]) == 2
    error = capsys.readouterr().err.strip()
    assert "board, field 'logo'" in error and "not an SVG that can be used" in error
    assert "\n" not in error and not (tmp_path / "luot.db").exists()


def test_the_logo_is_imported_clean_and_served_under_a_policy_that_runs_nothing(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE + '\n[board]\nlogo = "logo.svg"\n', encoding="utf-8")
    (tmp_path / "logo.svg").write_bytes(HOSTILE)
    assert main(["--db", str(tmp_path / "luot.db"), "init", str(site)]) == 0
    with running_core(tmp_path, site_toml=None) as core:
        stored = core.store()
        try:
            kept = stored.conn.execute("SELECT value FROM meta WHERE key = 'board_logo'")
            assert base64.b64decode(kept.fetchone()[0]) == clean_svg(HOSTILE)
        finally:
            stored.close()
        logo = httpx.get(core.base_url + "/api/v1/site/logo")
        assert logo.status_code == 200 and logo.content == clean_svg(HOSTILE)
        assert logo.headers["content-type"] == "image/svg+xml"
        assert logo.headers["content-security-policy"] == LOGO_POLICY
        assert logo.headers["x-content-type-options"] == "nosniff"


def test_a_logo_stored_before_logos_were_cleaned_is_cleaned_when_served(tmp_path: Path) -> None:
    """A database an older core imported keeps the file as it was; it is served cleaned."""
    with running_core(tmp_path) as core:
        store = core.store()
        try:
            store.import_site(SMALL_SITE, datetime.now(UTC), logo=HOSTILE)
        finally:
            store.close()
        logo = httpx.get(core.base_url + "/api/v1/site/logo")
        assert logo.status_code == 200 and logo.content == clean_svg(HOSTILE)
        assert b"script" not in logo.content
