"""Upgrades with data: every migration after a release is run from a database that release
wrote (tests/data/luot-schema-N.db, a realistic day), every ticket and event intact after it;
a copy of the database as it was is kept first; a migration that fails leaves the file
byte-identical; `luot-core migrate [--check]`.

When a migration is added, these tests run it from every fixture here at once; then
``python -m tests.data.make_day`` writes the new release's fixture (the first test asks for it),
so that the migration after that is tested from both.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from queue_core.cli import main
from queue_core.domain import IssueTicket
from queue_core.errors import MaintenanceError
from queue_core.store import DatabaseLock, GroupBy, Store, schema_of, stats
from queue_core.store import schema as schema_module
from queue_core.store.schema import MIGRATIONS
from tests.data.make_day import fixture_path, local

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("luot-schema-*.db"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))
Rows = dict[str, list[dict[str, Any]]]


def dump(db: Path) -> Rows:
    """Every row of every table, as read straight from the file."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM [{t}]")] for t in tables}
    finally:
        conn.close()


def as_copied(copy: Path) -> Rows:
    """A copy's rows without what it says of itself (when it was taken, its seq)."""
    rows = dump(copy)
    rows["meta"] = [r for r in rows["meta"] if not r["key"].startswith("backup_")]
    return rows


DERIVED = {"waiting_counts"}
"""Counts the triggers keep from the tickets: a migration that changes the lanes takes them
again (8), so they are held to a count of the waiting tickets rather than to their rows."""


def kept(before: Rows, after: Rows) -> None:
    """Each table of before is there after with each of its rows, column for column (a
    migration may add tables, columns and rows of its own; the schema version moves on)."""
    for table, rows in before.items():
        assert table in after, f"{table} is gone"
        if table in DERIVED:
            counted = Counter((t["service_id"], t["business_day"]) for t in after["tickets"]
                              if t["status"] == "waiting")  # fmt: skip
            kept_counts = Counter[tuple[str, str]]()
            for row in after[table]:
                kept_counts[(row["service_id"], row["business_day"])] += row["n"]
            assert +kept_counts == counted, f"{table} does not count the waiting tickets"
            continue
        columns = list(rows[0]) if rows else []
        now = sorted(tuple(r.get(c) for c in columns) for r in after[table])
        then = [tuple(r[c] for c in columns) for r in rows]
        if table == "meta":
            now = [r for r in now if r[0] != "schema_version"]
            then = [r for r in then if r[0] != "schema_version"]
        assert sorted(then, key=repr) == sorted(
            (r for r in now if r in then or table != "meta"), key=repr
        ), f"{table} changed"


@pytest.fixture
def copy_of(tmp_path: Path) -> Iterator[Any]:
    def make(fixture: Path) -> Path:
        db = tmp_path / "luot.db"
        shutil.copyfile(fixture, db)
        return db

    yield make


def upgraded(db: Path) -> Store:
    """The fixture opened by this release, as `luot-core serve` opens it; checked."""
    found = schema_of(db)
    before = dump(db)
    store = Store.open(db)
    after = dump(db)
    kept(before, after)
    assert schema_of(db) == len(MIGRATIONS)
    assert store.integrity_check() == "ok"
    assert store.replay_tickets() == store.table_tickets()  # the log still rebuilds the tickets
    copies = list(db.parent.glob(f"{db.name}.before-schema-{len(MIGRATIONS)}-*.db"))
    if found < len(MIGRATIONS):
        assert len(copies) == 1 and as_copied(copies[0]) == before  # the database as it was
    else:
        assert copies == []  # nothing to migrate: no copy either
    return store


def test_there_is_a_fixture_of_this_releases_schema() -> None:
    assert FIXTURES, "no fixture: run python -m tests.data.make_day"
    newest = int(re.findall(r"\d+", FIXTURES[-1].name)[0])
    assert newest == len(MIGRATIONS), (
        f"schema {len(MIGRATIONS)} has no fixture: run `python -m tests.data.make_day` and "
        f"commit {fixture_path().relative_to(DATA.parents[1])}"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_later_migration_runs_from_a_day_each_release_wrote(
    fixture: Path, copy_of: Any
) -> None:
    store = upgraded(copy_of(fixture))
    try:
        statuses = {t.status.value for t in store.tickets()}
        assert statuses >= {"waiting", "called", "serving", "done", "no_show", "cancelled"}
        wednesday = store.site.business_day(local(0, 12))
        figures = stats(store, wednesday, wednesday, GroupBy.SERVICE)
        assert figures["total"]["issued"] > 0
        later = local(1, 9)  # Thursday goes on: the upgraded database takes commands
        ticket = store.execute(IssueTicket("lltp"), later).result.ticket
        assert ticket.number.isdigit()
        assert ticket.business_day == store.site.business_day(later)
    finally:
        store.close()


def _add_a_column(db: sqlite_utils.Database) -> None:
    """A migration as the next release might add: a column and a table of its own."""
    db.execute("ALTER TABLE tickets ADD COLUMN note TEXT")
    db.table("kiosk_papers").create({"device_id": int, "changed_at": str}, pk="device_id")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_a_migration_added_next_runs_from_every_fixture_with_a_copy_kept_first(
    fixture: Path, copy_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema_module, "MIGRATIONS", (*MIGRATIONS, _add_a_column))
    db = copy_of(fixture)
    before = dump(db)
    store = Store.open(db)
    try:
        assert schema_of(db) == len(MIGRATIONS) + 1
        assert store.integrity_check() == "ok"
    finally:
        store.close()
    kept(before, dump(db))
    (copy,) = db.parent.glob(f"luot.db.before-schema-{len(MIGRATIONS) + 1}-*.db")
    assert as_copied(copy) == before and schema_of(copy) == schema_of(fixture)


WAL_WHEN_IT_FAILED: list[int] = []


def _fails_after_writing(db: sqlite_utils.Database) -> None:
    """A migration that has rewritten much of the file when it fails; with a small page
    cache, its pages have reached the -wal by then."""
    db.execute("PRAGMA cache_size = 8")
    db.execute("ALTER TABLE events ADD COLUMN copy TEXT")
    db.execute("UPDATE events SET copy = body || body || body")
    db.execute("CREATE TABLE ballast AS SELECT * FROM events")
    (path,) = [row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"]
    WAL_WHEN_IT_FAILED.append(Path(path + "-wal").stat().st_size)
    raise RuntimeError("the disk said no")


def test_a_migration_that_fails_leaves_the_file_byte_identical(
    copy_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_of(FIXTURES[-1])
    Store.open(db).close()  # as a release leaves it: closed cleanly, no -wal
    before = db.read_bytes()
    sides = sorted(p.name for p in db.parent.iterdir())
    monkeypatch.setattr(schema_module, "MIGRATIONS", (*MIGRATIONS, _fails_after_writing))
    with pytest.raises(MaintenanceError) as failed:
        Store.open(db, autocheckpoint=0)
    assert failed.value.code == "migration_failed"
    assert WAL_WHEN_IT_FAILED[-1] > len(before)  # the failed step's pages were in the -wal
    message = failed.value.message
    assert message.startswith(f"Migration {len(MIGRATIONS) + 1}: A migration that has rewritten")
    assert "the disk said no. The database is unchanged; a copy from before is " in message
    assert db.read_bytes() == before
    (copy,) = db.parent.glob("luot.db.before-schema-*.db")
    assert sorted(p.name for p in db.parent.iterdir()) == sorted([*sides, copy.name])
    assert not db.with_name("luot.db-wal").exists()  # the -wal went with the connection
    monkeypatch.setattr(schema_module, "MIGRATIONS", MIGRATIONS)
    Store.open(db).close()  # and nothing half-done stops the release it was


def test_luot_core_migrate_says_what_would_run_then_runs_it(
    copy_of: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = copy_of(FIXTURES[-1])
    args = ["--db", str(db), "migrate"]
    assert main([*args, "--check"]) == 0
    assert "nothing to migrate" in capsys.readouterr().out
    monkeypatch.setattr(schema_module, "MIGRATIONS", (*MIGRATIONS, _add_a_column))
    before = db.read_bytes()
    assert main([*args, "--check"]) == 1
    out, err = capsys.readouterr()
    step = f"{len(MIGRATIONS) + 1}: A migration as the next release might add"
    assert step in out and "1 migration(s) to run" in err
    assert db.read_bytes() == before
    with DatabaseLock(db, "serving"):
        assert main(args) == 2
        assert "is in use (serving by pid" in capsys.readouterr().err
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"migrated from schema {len(MIGRATIONS)} to {len(MIGRATIONS) + 1}" in out
    assert step in out and "the database as it was: " in out
    assert schema_of(db) == len(MIGRATIONS) + 1


def test_the_fixture_is_small_and_a_realistic_day() -> None:
    fixture = FIXTURES[-1]
    assert fixture.stat().st_size < 600_000
    rows = dump(fixture)
    types = {r["type"] for r in rows["events"]}
    assert len(types) >= 17 and "ticket.transferred" in types and "alert.raised" in types
    assert rows["audit"] and rows["devices"] and rows["sessions"] and rows["dossiers"]
    assert {r["role"] for r in rows["staff"]} == {"clerk", "supervisor"}
