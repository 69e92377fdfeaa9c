"""Site files: the sample loads; each kind of mistake is one line naming entry and field."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from queue_core.config import SAMPLE_SITE, ConfigError, load_site, open_around_the_clock, parse_site
from tests.queue_core.conftest import SMALL_SITE


def test_the_sample_site_is_a_real_centre() -> None:
    site, _text = load_site(SAMPLE_SITE)
    assert len(site.agencies) >= 8 and len(site.services) >= 20 and len(site.counters) == 12
    assert site.service("stp-lltp").name == "Cấp phiếu lý lịch tư pháp"
    assert site.agency("stnmt").name == "Sở Tài nguyên và Môi trường"
    assert site.rules.priority_ratio == 2
    assert all(site.counters_serving(s.id) for s in site.services)
    assert site.service("stp-lltp").procedure.documents


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
    text = SMALL_SITE.replace(
        'periods = ["00:00-24:00"]', 'periods = ["07:30-11:30"]', 1
    ).replace(
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
