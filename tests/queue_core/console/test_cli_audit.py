"""Administration through `luot-core` goes into the audit log the console shows, with the
operating system's user."""

from __future__ import annotations

import getpass
import html
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from queue_core.cli import main
from queue_core.cli.common import operator
from queue_core.config import SAMPLE_SITE
from queue_core.store import AuditEntry, Store, audit_entries, pair_device
from tests.queue_core.console.test_admin import audit_rows
from tests.support.server import CoreServer

SAMPLES = Path(__file__).resolve().parents[3] / "queue_core" / "samples"


def cli(db: Path, *args: str, stdin: str = "") -> int:
    before = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--db", str(db), *args])
    finally:
        sys.stdin = before


def actions(db: Path) -> list[AuditEntry]:
    store = Store.open(db)
    try:
        return list(reversed(audit_entries(store.conn)))
    finally:
        store.close()


def test_the_operator_is_the_system_user_seen_through_sudo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    assert operator() == f"{getpass.getuser()} (luot-core)"
    monkeypatch.setenv("SUDO_USER", "lan")
    assert operator() == "lan (luot-core)"


def test_each_administrative_command_is_audited_with_who_gave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SUDO_USER", "lan")
    db = tmp_path / "luot.db"
    assert cli(db, "init") == 0
    assert cli(db, "import", str(SAMPLE_SITE)) == 0
    assert cli(db, "staff", "add", "hoa", "--name", "Hoa", stdin="2468\n") == 0
    capsys.readouterr()
    assert cli(db, "pair", "--json", "--role", "kiosk", "--name", "Kiosk sảnh") == 0
    code = json.loads(capsys.readouterr().out)["code"]
    assert cli(db, "notice", "Nghỉ trưa 11:30") == 0
    assert cli(db, "dossiers", "import", str(SAMPLES / "dossiers.csv")) == 0
    assert cli(db, "reset-day", "--reason", "thử") == 0
    store = Store.open(db)
    with store.transaction() as conn:
        _token, device = pair_device(conn, code, None, datetime.now(UTC))
    store.close()
    assert cli(db, "devices", "revoke", str(device.id)) == 0
    assert cli(db, "backup", str(tmp_path / "usb")) == 0
    backup = next((tmp_path / "usb").glob("luot-*.db"))
    assert cli(db, "restore", str(backup)) == 0
    entries = actions(db)
    assert [e.action for e in entries] == [
        "site.import",
        "site.import",
        "staff.add",
        "device.pairing_code",
        "notice.set",
        "dossiers.import",
        "day.end",
        "device.revoke",
        "database.restore",
    ]
    assert {e.actor for e in entries} == {"lan (luot-core)"}
    assert entries[2].target == "hoa" and "2468" not in str(entries[2].after)
    assert entries[3].target == "Kiosk sảnh" and code not in str(entries[3].after)
    assert entries[1].before is not None  # the second import says what it replaced


def test_a_refused_command_writes_nothing_to_the_log(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    assert cli(db, "init") == 0
    assert cli(db, "staff", "add", "hoa", "--name", "Hoa", stdin="12\n") == 2  # PIN too short
    assert cli(db, "devices", "revoke", "99") == 2
    assert [e.action for e in actions(db)] == ["site.import"]


def test_a_cli_change_appears_on_the_consoles_audit_page(
    core_server: CoreServer, console: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUDO_USER", "ky_thuat")
    db = core_server.db_path
    assert cli(db, "staff", "add", "minh", "--name", "Minh", "--role", "clerk", stdin="1357\n") == 0
    assert cli(db, "pair", "--role", "board", "--name", "Bảng sảnh") == 0
    rows = audit_rows(console)
    shown = [html.unescape(row) for row in rows]
    assert any("staff.add" in row and "ky_thuat (luot-core)" in row for row in shown)
    assert any("device.pairing_code" in row and "Bảng sảnh" in row for row in shown)
