"""`luot-core notice`: schedule and withdraw, with the same commands the console uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_core.cli import main
from queue_core.store import Store
from tests.queue_core.conftest import SMALL_SITE


def _notices(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return store.notices()
    finally:
        store.close()


def test_schedule_show_and_withdraw_a_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    db = tmp_path / "luot.db"
    assert main(["--db", str(db), "init", str(site)]) == 0
    at = ["--db", str(db), "--at", "2026-11-25T09:00+07:00"]
    assert (
        main(
            [
                *at,
                "notice",
                "Nghỉ lễ",
                "--show-at",
                "2026-11-25T10:00+07:00",
                "--hide-at",
                "2026-11-25T12:00+07:00",
            ]
        )
        == 0
    )
    assert "scheduled" in capsys.readouterr().out
    assert _notices(db) == []
    later = ["--db", str(db), "--at", "2026-11-25T10:30+07:00"]
    assert main([*later, "notice", "Khác", "--show-at", "2026-11-25T10:00+07:00"]) == 0
    assert _notices(db) == ["Nghỉ lễ", "Khác"]  # every notice that is due goes up
    assert main([*later, "notice", "--withdraw", "Khác"]) == 0
    assert _notices(db) == ["Nghỉ lễ"]
    assert main([*later, "notice", "a", "b", "--show-at", "2026-11-25T10:00+07:00"]) == 2
    assert main([*later, "notice", "a", "--show-at", "10:00"]) == 2
