"""A supervisor's or an administrator's PIN is set with 6 to 12 digits, at the console and with
`luot-core staff add`; one an earlier release set with 4 still opens the console, whose every
page then asks for a longer one until an administrator gives one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from queue_core.domain import Role
from queue_core.store import add_staff
from tests.queue_core.console.conftest import csrf_of, log_in
from tests.queue_core.console.test_cli_audit import cli
from tests.support.server import CoreServer

OLD_RELEASE = Path(__file__).resolve().parents[2] / "data" / "luot-schema-5.db"
"""Its supervisor ``boss`` has the PIN 2468, set when four digits were enough."""


def four_digit_pin(core: CoreServer) -> None:
    """``boss``'s PIN as that release left it, 2468; and an administrator, ``chief``."""
    old = sqlite3.connect(OLD_RELEASE)
    try:
        (pin_hash,) = old.execute("SELECT pin_hash FROM staff WHERE username = 'boss'").fetchone()
    finally:
        old.close()
    store = core.store()
    try:
        with store.transaction() as conn:
            conn.execute("UPDATE staff SET pin_hash = ? WHERE username = 'boss'", (pin_hash,))
            add_staff(conn, "chief", "Chief", Role.ADMIN, "13579135")
    finally:
        store.close()


def asks_for_a_longer_pin(client: httpx.Client, page: str) -> bool:
    answer = client.get(page)
    assert answer.status_code == 200
    return 'id="short-pin"' in answer.text


def test_a_four_digit_supervisor_signs_in_and_is_asked_for_a_longer_pin(
    core_server: CoreServer,
) -> None:
    four_digit_pin(core_server)
    base = core_server.base_url
    with httpx.Client(base_url=base, timeout=30) as console, httpx.Client(base_url=base) as chief:
        assert log_in(console, "boss", "2468").status_code == 303
        for page in ("/console", "/console/admin", "/console/audit"):
            assert asks_for_a_longer_pin(console, page)
        page = console.get("/console").text
        assert "Mã PIN của bạn ngắn hơn 6 chữ số" in page
        assert log_in(chief, "chief", "13579135").status_code == 303
        short = chief.post(
            "/console/admin/staff-pin",
            data={"username": "boss", "pin": "1357", "csrf": csrf_of(chief, "/console/admin")},
        )
        assert short.status_code == 422 and "6 to 12 digits" in short.text
        longer = chief.post(
            "/console/admin/staff-pin",
            data={"username": "boss", "pin": "135790", "csrf": csrf_of(chief, "/console/admin")},
        )
        assert longer.status_code == 303
        assert log_in(console, "boss", "135790").status_code == 303  # the new PIN ended it
        assert not asks_for_a_longer_pin(console, "/console")


def test_a_supervisor_with_a_six_digit_pin_is_not_asked(console: httpx.Client) -> None:
    assert not asks_for_a_longer_pin(console, "/console")
    assert not asks_for_a_longer_pin(console, "/console/admin")


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_a_supervisor_or_administrator_is_added_with_six_digits_or_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str
) -> None:
    db = tmp_path / "luot.db"
    assert cli(db, "init") == 0
    assert cli(db, "staff", "add", "hoa", "--name", "Hoa", "--role", role, stdin="2468\n") == 2
    said = capsys.readouterr().err
    assert "A supervisor's or an administrator's PIN is 6 to 12 digits." in said
    assert cli(db, "staff", "add", "hoa", "--name", "Hoa", "--role", role, stdin="246810\n") == 0
    assert cli(db, "staff", "add", "lan", "--name", "Lan", stdin="2468\n") == 0  # a clerk
