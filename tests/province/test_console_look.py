"""The provincial console's words and look, read from its files: every word a page or a module
asks for is in the catalogue, in Vietnamese (with its diacritics) and in English; every alert
kind the core's contract names has its label; the templates carry no inline script, style or
handler; the stylesheet's colours of text on their grounds are at 4.5:1 or more (measured with
the core's own contrast checker); and the charts' geometry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from province.console import charts
from province.console.report import Figures, periods
from province.console.text import TEXT, translator
from queue_core.domain.contrast import MIN_TEXT_CONTRAST, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = ROOT / "province" / "console"
TEMPLATES = sorted((CONSOLE / "templates").glob("*.html"))
CSS = (CONSOLE / "static" / "province.css").read_text(encoding="utf-8")
VIETNAMESE = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
PAIRS = (
    ("--ink", "--ground"),
    ("--ink", "--card"),
    ("--muted", "--card"),
    ("--muted", "--ground"),
    ("--link", "--card"),
    ("--link", "--late-ground"),
    ("--on-navy", "--navy"),
    ("--gold", "--navy"),
    ("--on-button", "--button"),
    ("--on-danger", "--danger"),
    ("--ok-ink", "--ok-ground"),
    ("--ok-ink", "--card"),
    ("--bad-ink", "--bad-ground"),
    ("--late-ink", "--late-ground"),
    ("--late-ink", "--card"),
    ("--warn-ink", "--warn-ground"),
    ("--warn-ink", "--card"),
    ("--quiet-ink", "--quiet-ground"),
    ("--flash-ink", "--flash-ground"),
    ("--ink", "--late-ground"),
    ("--muted", "--late-ground"),
    ("--ink", "--warn-ground"),
)
"""Each colour of text the stylesheet sets, on each ground it sets it on."""


def used_keys() -> set[str]:
    found: set[str] = set()
    for path in [*TEMPLATES, *CONSOLE.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"\bt\(\s*\"([a-z_]+)\"", text))
        found |= set(re.findall(r"\bt\(\s*'([a-z_]+)'", text))
        found |= set(re.findall(r"_(?:VI|EN)\(\s*\"([a-z_]+)\"", text))
    return found


def test_every_word_asked_for_is_in_the_catalogue_in_both_languages() -> None:
    used = used_keys()
    prefixes = {key for key in used if key.endswith("_")}  # t("by_" ~ report.by) and the like
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in TEXT), prefix
    missing = used - prefixes - set(TEXT)
    assert not missing, f"not in province/console/text.py: {sorted(missing)}"
    for key, (vi, en) in TEXT.items():
        assert vi.strip() and en.strip(), key
        assert vi != en or key in {"code"}, key
    plain = [k for k, (vi, _en) in TEXT.items() if not VIETNAMESE.search(vi)]
    # "English" (the switch's word) and three Vietnamese words written without a mark
    assert sorted(plain) == ["after", "by", "language", "show"], plain
    t = translator("vi")
    assert t("wait_message", service="A", minutes=5, target=3) == (
        "A: có người đã chờ 5 phút (mục tiêu 3 phút)."
    )
    assert translator("en")("no_such_key") == "no_such_key"


def test_every_alert_kind_of_the_contract_has_its_label() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    row = next(line for line in design.splitlines() if line.startswith("| `alert.raised`"))
    kinds = re.findall(r"`([a-z_]+)`", row.split("`kind` (")[1].split(")")[0])
    assert "backup_stale" in kinds and len(kinds) >= 10
    for kind in [*kinds, "silent", "wait"]:
        if kind != "service_wait":  # the province's own "wait" stands for it
            assert f"kind_{kind}" in TEXT, kind


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_has_an_inline_script_style_or_handler(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html and "style=" not in html
    assert re.findall(r"\son[a-z]+=", html) == []


def colours() -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


@pytest.mark.parametrize(("text", "ground"), PAIRS)
def test_text_on_its_ground_is_at_least_4_5_to_1(text: str, ground: str) -> None:
    found = colours()
    ratio = contrast_ratio(found[text], found[ground])
    assert ratio >= MIN_TEXT_CONTRAST, f"{text} on {ground}: {ratio:.2f}"


def test_every_text_colour_of_the_stylesheet_is_among_the_pairs_checked() -> None:
    inks = set(re.findall(r"(?<![-\w])color:\s*var\((--[a-z-]+)\)", CSS))
    assert inks <= {text for text, _ in PAIRS}
    assert not re.findall(r"(?<![-\w])color:\s*#", CSS)  # every colour of text is named


def test_the_chart_steps_are_round_numbers() -> None:
    assert [charts.nice_step(p) for p in (0, 3, 7, 40, 76, 130, 1920)] == [
        1.0, 1.0, 2.0, 10.0, 20.0, 50.0, 500.0,
    ]  # fmt: skip
    empty = charts.columns("t", ["a", "b"], [("x", "#000000", [0.0, 0.0])])
    assert all(r["h"] == 0 for r in empty.rects)
    drawn = charts.columns("t", ["a", "b"], [("x", "#000000", [5.0, 10.0])])
    assert [r["h"] for r in drawn.rects] == [120.0, 240.0]  # the plot is 240 high, to 10
    bars = charts.bars("t", [("a", 2.0, 8.0), ("b", None, None)], ("P50", "P90"), "min")
    assert [r["w"] for r in bars.rects] == [504.0, 126.0]  # P90 then P50, to a scale of 8
    assert "—" in [x["text"] for x in bars.texts]


def test_percentiles_from_a_histogram_are_the_minute_the_nearest_rank_falls_in() -> None:
    figures = Figures(histogram=[3, 0, 2, 4, 1])  # 10 waits: minutes 0,0,0,2,2,3,3,3,3,4
    assert (figures.wait_p50, figures.wait_p90) == (2, 3)
    assert Figures(histogram=[0, 1]).wait_p90 == 1 and Figures().wait_p50 is None


def test_periods_cut_weeks_and_months_at_the_range() -> None:
    from datetime import date

    weeks = periods(date(2026, 11, 25), date(2026, 12, 9), "week")
    assert [(label, a.day, b.day) for label, a, b, _key in weeks] == [
        ("2026-W48", 25, 29),
        ("2026-W49", 30, 6),
        ("2026-W50", 7, 9),
    ]
    assert weeks[0][3] == date(2026, 11, 23)  # PostgreSQL's date_trunc('week')
    months = periods(date(2026, 11, 25), date(2027, 1, 2), "month")
    assert [label for label, *_ in months] == ["2026-11", "2026-12", "2027-01"]
