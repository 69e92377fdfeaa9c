"""`luot-core` from a terminal: a whole visit, readable status, errors in one line with exit 2."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

import pytest

from queue_core.cli import build_parser, main
from queue_core.store import Store
from tests.queue_core.conftest import SMALL_SITE

AT = "2026-11-25T09:00:00+07:00"


@pytest.fixture
def db(tmp_path: Path) -> str:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    path = str(tmp_path / "luot.db")
    assert main(["--db", path, "--at", AT, "init", str(site)]) == 0
    return path


def run(db: str, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--db", db, "--at", AT, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_visit_from_the_terminal(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(db, "issue", "lltp", "--json", capsys=capsys)
    ticket = json.loads(out)
    assert code == 0 and ticket["number"] == "1001" and ticket["status"] == "waiting"
    assert ticket["issued_at"] == "2026-11-25T09:00:00+07:00"
    assert ticket["service"]["name"] == "Cấp phiếu lý lịch tư pháp"
    run(db, "issue", "lltp", "--priority", capsys=capsys)
    assert run(db, "open", "1", capsys=capsys)[0] == 0
    code, out, _ = run(db, "next", "1", "--json", capsys=capsys)
    assert json.loads(out)["number"] == "1002"  # the priority ticket goes first
    for step in ("recall", "start", "finish"):
        assert run(db, step, "1", capsys=capsys)[0] == 0
    code, out, _ = run(db, "status", capsys=capsys)
    assert "Cấp phiếu lý lịch tư pháp" in out and "1 waiting" in out
    code, out, _ = run(db, "status", "--json", capsys=capsys)
    status = json.loads(out)
    assert status["today"]["served"] == 1 and status["seq"] == 7


def test_staff_pin_is_read_from_stdin_and_stored_hashed(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("482913\n"))
    code, out, _ = run(db, "staff", "add", "lan", "--name", "Nguyễn Thị Lan", capsys=capsys)
    assert code == 0 and "Nguyễn Thị Lan" in out
    stored = Store.open(db).db.execute("SELECT pin_hash FROM staff WHERE username = 'lan'")
    pin_hash = stored.fetchone()[0]
    assert pin_hash.startswith("scrypt$") and "482913" not in pin_hash


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("issue", "nope"), "There is no service 'nope'. [unknown_service]"),
        (("next", "2"), "Counter 2 is closed; open it before calling. [counter_not_open]"),
        (("next", "42"), "There is no counter 42."),
        (("start", "1"), "[no_current_ticket]"),
        (("--at", "tomorrow", "status"), "--at 'tomorrow' is not an ISO 8601 time"),
        (("staff", "add", "x", "--name", "X"), "A PIN is 4 to 12 digits."),
    ],
)
def test_errors_are_one_line_exit_2_nothing_changed(
    db: str,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    before = Store.open(db).last_seq()
    code, out, err = run(db, *args, capsys=capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    assert Store.open(db).last_seq() == before


def test_a_missing_database_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(str(tmp_path / "none.db"), "status", capsys=capsys)
    assert code == 2 and "luot-core --db" in err and "init" in err
    assert not (tmp_path / "none.db").exists()


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((name, sub))
                found.extend((f"{name} {n}", s) for n, s in _subcommands(sub))
    return found


def test_every_command_has_help_text() -> None:
    commands = _subcommands(build_parser())
    assert len(commands) >= 15
    for name, sub in commands:
        assert sub.description, f"`luot-core {name}` has no help text"


def test_a_reader_that_goes_away_ends_the_command_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "luot.db")
    assert main(["--db", db, "init"]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `luot-core status | head` when head has read enough
    closed = os.fdopen(write_end, "w")
    monkeypatch.setattr(sys, "stdout", closed)
    assert main(["--db", db, "status"]) == 1
    closed.write("the stream now goes nowhere, without an error")
    closed.close()
