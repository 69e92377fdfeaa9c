"""Site files: the sample loads; each kind of mistake is one line naming entry and field."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import BaseModel

from hall_board.state import Appearance
from queue_core.config import (
    BOARD_FIXED_COLOURS,
    SAMPLE_SITE,
    AgencyModel,
    BackupModel,
    BoardModel,
    ConfigError,
    ConsoleModel,
    CounterModel,
    HoursModel,
    ProcedureModel,
    ProvinceModel,
    RetentionModel,
    RulesModel,
    ServiceModel,
    SiteModel,
    StaffModel,
    board_contrast_problem,
    load_site,
    open_around_the_clock,
    parse_site,
)
from queue_core.config.appointments import AppointmentServiceModel, AppointmentsModel
from queue_core.domain import ProvinceLink
from queue_core.domain.contrast import contrast_ratio, relative_luminance
from queue_core.dossiers import DossierSettings
from tests.queue_core.conftest import SMALL_SITE


def test_the_sample_site_is_a_real_centre() -> None:
    site, _text = load_site(SAMPLE_SITE)
    assert len(site.agencies) >= 8 and len(site.services) >= 20 and len(site.counters) == 12
    assert site.service("stp-lltp").name == "Cấp phiếu lý lịch tư pháp"
    assert site.agency("stnmt").name == "Sở Tài nguyên và Môi trường"
    assert site.rules.priority_ratio == 2
    assert all(site.counters_serving(s.id) for s in site.services)
    assert site.service("stp-lltp").procedure.documents
    # some counters name their clerks, the rest take the clerks named nowhere
    listed = {c.number: c.staff for c in site.counters if c.staff is not None}
    assert listed == {3: ("hoa.le",), 4: ("hoa.le", "minh.tran"), 5: ("lan.nguyen",)}
    clerks = {s.username for s in site.staff if s.role.value == "clerk"}
    assert {name for names in listed.values() for name in names} == clerks


BAD_SITES = {
    "missing field": (
        SMALL_SITE.replace('name = "Chứng thực bản sao"\n', ""),
        "services[1] ('chungthuc'), field 'name': is missing",
    ),
    "duplicate counter": (
        SMALL_SITE + '\n[[counters]]\nnumber = 2\nservices = ["lltp"]\n',
        "counters[3] (2), field 'number': duplicate number 2",
    ),
    "overlapping ranges": (
        SMALL_SITE.replace('numbers = "2001-2999"', 'numbers = "1030-1100"'),
        "services[1] ('chungthuc'), field 'numbers': 1030-1100 overlaps 1001-1040",
    ),
    "unknown time zone": (
        SMALL_SITE.replace("Asia/Ho_Chi_Minh", "Asia/Hanoi_City"),
        "site, field 'timezone': unknown time zone 'Asia/Hanoi_City'",
    ),
    "a service no counter serves": (
        SMALL_SITE + '\n[[services]]\nid = "lonely"\nagency = "stp"\nname = "Lẻ loi"\n'
        'numbers = "B001-B999"\n',
        "services[3] ('lonely'), field 'id': no counter serves this service",
    ),
    "unknown agency": (
        SMALL_SITE.replace('agency = "stnmt"', 'agency = "sxd"'),
        "services[2] ('datdai'), field 'agency': unknown agency 'sxd'",
    ),
    "bad range": (
        SMALL_SITE.replace('numbers = "A001-A999"', 'numbers = "A001-B999"'),
        "services[2] ('datdai'), field 'numbers': 'A001-B999' is not a number range",
    ),
    "not toml": ("[site\nid=", "not valid TOML"),
    "province without a token": (
        SMALL_SITE + '\n[province]\nurl = "https://tinh.example.vn"\ncentre = "hcc"\n',
        "province: give the centre's token as token or token_file",
    ),
    "a clerk listed twice at a counter": (
        SMALL_SITE.replace(
            'number = 2\nservices = ["chungthuc"]\n',
            'number = 2\nservices = ["chungthuc"]\nstaff = ["hoa", "minh", "hoa"]\n',
        ),
        "counters[1] (2), field 'staff': 'hoa' is listed twice",
    ),
    "a supervisor listed at a counter": (
        SMALL_SITE.replace(
            'number = 2\nservices = ["chungthuc"]\n',
            'number = 2\nservices = ["chungthuc"]\nstaff = ["boss"]\n',
        )
        + '\n[[staff]]\nusername = "boss"\ndisplay_name = "Boss"\nrole = "supervisor"\n',
        "counters[1] (2), field 'staff': 'boss' is a supervisor, who opens any counter",
    ),
    "not a username at a counter": (
        SMALL_SITE.replace(
            'number = 2\nservices = ["chungthuc"]\n',
            'number = 2\nservices = ["chungthuc"]\nstaff = ["Lê Hoa"]\n',
        ),
        "counters[1] (2), field 'staff'",
    ),
    "unreadable board colours": (
        SMALL_SITE + '\n[board]\nink = "#777777"\n',
        "board, field 'ink': ink #777777 on ground #071A3D (the centre's name, the date) "
        "is 3.83:1; text needs at least 4.5:1 (WCAG AA)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SITES))
def test_a_bad_site_file_is_one_line_naming_what_is_wrong(case: str) -> None:
    text, expected = BAD_SITES[case]
    with pytest.raises(ConfigError) as refused:
        parse_site(text, "centre.toml")
    message = str(refused.value)
    assert message.startswith("centre.toml: ")
    assert expected in message
    assert "\n" not in message


def _luot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "queue_core.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.parametrize("case", sorted(BAD_SITES))
def test_the_cli_refuses_a_bad_site_with_exit_2_and_the_database_untouched(
    tmp_path: Path, case: str
) -> None:
    db = tmp_path / "luot.db"
    good = tmp_path / "good.toml"
    good.write_text(SMALL_SITE, encoding="utf-8")
    assert _luot("--db", str(db), "init", str(good)).returncode == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_SITES[case][0], encoding="utf-8")
    for command in ("import", "init"):
        result = _luot("--db", str(db), command, str(bad))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and str(bad) in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_site_opened_around_the_clock_keeps_no_closed_hour() -> None:
    text = SMALL_SITE.replace('periods = ["00:00-24:00"]', 'periods = ["07:30-11:30"]', 1).replace(
        'numbers = "1001-1040"',
        'numbers = "1001-1040"\nhours = { days = ["mon"], periods = ["08:00-09:00"] }',
        1,
    )
    closed, _ = parse_site(text)
    opened, _ = parse_site(open_around_the_clock(text))
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=opened.timezone)
    assert not any(s.hours.is_open(sunday_night) for s in closed.services)
    assert all(s.hours.is_open(sunday_night) for s in opened.services)
    assert [s.id for s in opened.services] == [s.id for s in closed.services]


def _board(colours: dict[str, str]) -> str:
    return "\n[board]\n" + "".join(f'{key} = "{value}"\n' for key, value in colours.items())


@pytest.mark.parametrize(
    ("colours", "field", "pair"),
    [
        ({"ink": "#777777"}, "ink", "ink #777777 on ground #071A3D"),
        ({"ground": "#1B4D3E", "number": "#1B4D3E"}, "number", "number #1B4D3E on ground"),
        ({"ground": "#000000", "ink": "#808080"}, "ink", "ink #808080 on the board's panels"),
        ({"ground": "#000000", "number": "#808080"}, "number", "number #808080 on the board's"),
        ({"accent": "#FF6666"}, "accent", "the banner's words #FFFFFF on accent #FF6666"),
        ({"ground": "#555555"}, "ground", "the board's grey text #B9C6DD on ground #555555"),
    ],
)
def test_board_colours_below_wcag_aa_are_refused_in_one_line(
    colours: dict[str, str], field: str, pair: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site(SMALL_SITE + _board(colours), "centre.toml")
    message = str(refused.value)
    assert message.startswith(f"centre.toml: board, field '{field}': {pair}"), message
    assert "needs at least 4.5:1 (WCAG AA)" in message and "\n" not in message


@pytest.mark.parametrize(
    "colours",
    [
        {},  # the defaults: the shared palette's board colours
        {"ground": "#1B4D3E", "ink": "#FFFFFF", "number": "#FFD400", "accent": "#C8102E"},
        {"ground": "#000000", "ink": "#FFFF00", "number": "#00FFFF", "accent": "#0B3D91"},
    ],
)
def test_readable_board_colours_are_kept(colours: dict[str, str]) -> None:
    _site, model = parse_site(SMALL_SITE + _board(colours), "centre.toml")
    assert model.board == BoardModel.model_validate(colours)


def test_the_sample_site_says_its_board_colours_and_they_pass() -> None:
    _site, model = parse_site(SAMPLE_SITE.read_text(encoding="utf-8"), str(SAMPLE_SITE))
    assert {"ground", "ink", "number", "accent"} <= model.board.model_fields_set
    assert board_contrast_problem(model.board) is None


def test_the_boards_own_colours_are_the_ones_it_paints() -> None:
    """The check measures the site's colours against the board's panels and grey text."""
    assert BOARD_FIXED_COLOURS["the board's panels"] == Appearance.panel
    assert BOARD_FIXED_COLOURS["the board's grey text"] == Appearance.muted


@pytest.mark.parametrize(
    ("text", "ground", "ratio"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#777777", "#FFFFFF", 4.48),  # the grey every WCAG calculator puts just under AA
        ("#767676", "#FFFFFF", 4.54),
        ("#0F7B3F", "#F4F6FA", 4.94),
    ],
)
def test_the_contrast_ratio_is_wcags(text: str, ground: str, ratio: float) -> None:
    assert contrast_ratio(text, ground) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio(ground, text) == contrast_ratio(text, ground)


def test_the_contrast_ratio_takes_only_rrggbb() -> None:
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    for bad in ("white", "#FFF", "FFFFFF", "#GGGGGG"):
        with pytest.raises(ValueError, match="is not a colour"):
            relative_luminance(bad)


SITE_DOC = Path(__file__).resolve().parents[2] / "docs" / "site.md"
DOCUMENTED = {
    "[site]": (SiteModel,),
    "[board]": (BoardModel,),
    "[rules]": (RulesModel,),
    "[hours]": (HoursModel,),
    "[[agencies]]": (AgencyModel,),
    "[[services]]": (ServiceModel, ProcedureModel),
    "[[counters]]": (CounterModel,),
    "[[staff]]": (StaffModel,),
    "[dossiers]": (DossierSettings,),
    "[console]": (ConsoleModel,),
    "[backup]": (BackupModel,),
    "[province]": (ProvinceModel,),
    "[retention]": (RetentionModel,),
    "[appointments]": (AppointmentsModel, AppointmentServiceModel),
}


def _doc_sections() -> dict[str, str]:
    parts = re.split(r"^## `([^`]+)`.*$", SITE_DOC.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _toml(value: object) -> str | None:
    """A scalar default as the file would write it; None for the rest."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return f'"{value}"' if value else '""'
    return None


@pytest.mark.parametrize("section", sorted(DOCUMENTED))
def test_docs_site_md_names_every_field_with_its_default(section: str) -> None:
    """docs/site.md held to the models: each field named in its section, and a scalar
    default, where the table writes one first in its cell, the model's."""
    text = _doc_sections()[section]
    rows = {
        cells[0].strip("` "): cells[1].strip()
        for line in text.splitlines()
        if line.startswith("| `") and len(cells := line.strip("|").split(" | ")) >= 3
    }
    for model in DOCUMENTED[section]:
        if isinstance(model, type) and issubclass(model, BaseModel):
            defaults = {
                n: f.get_default(call_default_factory=True) for n, f in model.model_fields.items()
            }
        else:
            defaults = {f.name: getattr(DossierSettings(), f.name) for f in fields(model)}
        for name, default in defaults.items():
            assert f"`{name}`" in text, f"docs/site.md, {section}: no `{name}`"
            shown = _toml(default)
            written = re.match(r"`([^`]*)`", rows.get(name, ""))
            if shown is not None and written:
                assert written[1] == shown, f"{section} {name}: default {shown}, docs {rows[name]}"


def _with_public_url(url: str) -> str:
    zone = 'timezone = "Asia/Ho_Chi_Minh"\n'
    return SMALL_SITE.replace(zone, f'{zone}public_url = "{url}"\n', 1)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("hcc.example.gov.vn", "is not an address a phone can open"),
        ("ftp://hcc.example.gov.vn", "is not an address a phone can open"),
        ("https://", "is not an address a phone can open"),
        ("https://hcc.example.gov.vn/?x=1", "has a query or fragment"),
        ("https://x.vn/luot#top", "has a query or fragment"),
    ],
)
def test_a_public_url_a_phone_cannot_open_is_refused_in_one_line(url: str, reason: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site(_with_public_url(url), "centre.toml")
    message = str(refused.value)
    assert message.startswith(f"centre.toml: site, field 'public_url': {url!r} {reason}"), message
    assert "\n" not in message


@pytest.mark.parametrize(
    "url", ["", "https://hcc.example.gov.vn", "http://192.168.1.10:8470", "https://x.vn/"]
)
def test_a_public_url_phones_can_open_is_kept(url: str) -> None:
    _site, model = parse_site(_with_public_url(url), "centre.toml")
    assert model.site.public_url == url


def test_a_stored_site_accepted_before_a_newer_rule_still_opens() -> None:
    """An upgrade must not stop a centre: the contrast and address rules judge new files."""
    weak = _with_public_url("hcc.example.gov.vn") + _board({"ink": "#777777"})
    with pytest.raises(ConfigError):
        parse_site(weak, "centre.toml")
    _site, model = parse_site(weak, "site stored in the database", stored=True)
    assert model.board.ink == "#777777" and model.site.public_url == "hcc.example.gov.vn"


SECRET = "luot_p_s3cr3t-TOKEN"
PROVINCE = (
    f'\n[province]\nurl = "https://tinh.example.vn"\ncentre = "hcc-tinh"\ntoken = "{SECRET}"\n'
)


def test_province_is_optional_and_read_into_the_site() -> None:
    site, _model = parse_site(SMALL_SITE, "centre.toml")
    assert site.extra["province"] is None
    site, _model = parse_site(SMALL_SITE + PROVINCE.replace(".vn", ".vn/"), "centre.toml")
    link = site.extra["province"]
    assert link == ProvinceLink("https://tinh.example.vn", "hcc-tinh", SECRET)
    assert link.ingest_url == "https://tinh.example.vn/api/v1/ingest"  # type: ignore[union-attr]
    assert SECRET not in repr(site) and SECRET not in repr(link)
    filed = PROVINCE.replace(f'token = "{SECRET}"', 'token_file = "/etc/luot/province.token"')
    site, _model = parse_site(SMALL_SITE + filed + "batch_events = 500\n", "centre.toml")
    assert site.extra["province"] == ProvinceLink(
        "https://tinh.example.vn", "hcc-tinh", "", "/etc/luot/province.token", 500
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("https://tinh.example.vn", "tinh.example.vn"), "field 'url': 'tinh.example.vn' is not"),
        (("https://tinh.example.vn", "ftp://tinh.example.vn"), "field 'url': 'ftp://"),
        (("https://tinh.example.vn", "https://"), "field 'url': 'https://' is not an http(s)"),
        (("https://tinh", f"https://hcc:{SECRET}@tinh"), "field 'url': the address holds a user"),
        (("example.vn", "example.vn/?centre=1"), "field 'url': 'https://tinh.example.vn/?centre"),
        (('centre = "hcc-tinh"', 'centre = ""'), "field 'centre': String should have at least"),
        (('centre = "hcc-tinh"', 'centre = "hcc tinh"'), "field 'centre': String should match"),
        ((f'"{SECRET}"', '""'), "province: give the centre's token as token or token_file"),
        ((f'"{SECRET}"', f'"{SECRET} x"'), "field 'token': the token is printable ASCII"),
        ((f'"{SECRET}"', f'"{SECRET}\\r\\nX-A: b"'), "field 'token': the token is printable"),
        (
            (f'token = "{SECRET}"', f'token = "{SECRET}"\ntoken_file = "/etc/luot/t"'),
            "province: give the centre's token as token or token_file",
        ),
        (
            (f'token = "{SECRET}"', 'token_file = "province.token"'),
            "field 'token_file': 'province.token' is not an absolute path",
        ),
        (("\ntoken =", "\nbatch_events = 2001\ntoken ="), "field 'batch_events': Input should"),
        (("\ntoken =", "\ntimeout_seconds = 0\ntoken ="), "field 'timeout_seconds': Input"),
        (("\ntoken =", "\nunreachable_minutes = 0\ntoken ="), "field 'unreachable_minutes'"),
        (("\ntoken =", "\ntokn = 1\ntoken ="), "field 'tokn': Extra inputs are not permitted"),
        (('centre = "hcc-tinh"\n', ""), "field 'centre': is missing"),
    ],
)
def test_a_bad_province_section_is_one_line_that_never_shows_the_token(
    change: tuple[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site(SMALL_SITE + PROVINCE.replace(*change), "centre.toml")
    message = str(refused.value)
    assert message.startswith("centre.toml: province"), message
    assert expected in message, message
    assert "\n" not in message and SECRET not in message
