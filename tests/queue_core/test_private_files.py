"""The database and every copy of it are its owner's alone (0600), whatever the umask: the file
and its -wal and -shm when made, one an earlier release made readable when next opened, the copy
before a migration, each backup, the file a restore puts in place and the one it sets aside."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from queue_core.domain import IssueTicket
from queue_core.store import Store, restore_backup, take_backup, upgrade
from tests.queue_core.conftest import MORNING, open_store

DATA = Path(__file__).resolve().parents[1] / "data"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def family(db: Path) -> list[Path]:
    """The database and its -wal and -shm, those there are."""
    return [p for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")) if
            p.exists()]  # fmt: skip


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read what is made (as a shell's 022 does)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_and_its_wal_and_shm_are_0600(tmp_path: Path) -> None:
    store = open_store(tmp_path / "luot.db")
    try:
        store.execute(IssueTicket("lltp"), MORNING)
        made = family(tmp_path / "luot.db")
        assert [p.name for p in made] == ["luot.db", "luot.db-wal", "luot.db-shm"]
        assert {p.name: mode(p) for p in made} == dict.fromkeys((p.name for p in made), 0o600)
    finally:
        store.close()


def test_a_database_an_earlier_release_made_readable_is_narrowed_when_opened(
    tmp_path: Path,
) -> None:
    db = tmp_path / "luot.db"
    writer = open_store(db)
    reader = Store.open(db)  # two connections: the -wal and -shm stay when one closes
    writer.execute(IssueTicket("lltp"), MORNING)
    writer.close()
    for path in family(db):
        path.chmod(0o644)
    assert len(family(db)) == 3
    again = Store.open(db)
    try:
        assert {mode(p) for p in family(db)} == {0o600}
    finally:
        again.close()
        reader.close()


def test_the_copy_before_a_migration_and_each_backup_are_0600(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    shutil.copyfile(DATA / "luot-schema-4.db", db)
    db.chmod(0o644)  # as that release made it
    _found, _reached, copy = upgrade(db)
    assert copy is not None and mode(copy) == 0o600
    assert mode(db) == 0o600
    backup = take_backup(db, tmp_path / "backups", MORNING)
    assert mode(backup.path) == 0o600 and mode(tmp_path / "backups") == 0o700


def test_a_restore_puts_a_0600_file_in_place_and_sets_the_old_one_aside_0600(
    tmp_path: Path,
) -> None:
    db = tmp_path / "luot.db"
    store = open_store(db)
    store.execute(IssueTicket("lltp"), MORNING)
    backup = take_backup(db, tmp_path / "backups", MORNING)
    store.close()
    db.chmod(0o644)  # the database an earlier release made
    shutil.copyfile(backup.path, tmp_path / "set-aside.db")  # a copy as a technician makes it
    (tmp_path / "set-aside.db-wal").write_bytes(b"")
    assert mode(tmp_path / "set-aside.db") == 0o644
    done = restore_backup(db, tmp_path / "set-aside.db", MORNING)
    assert mode(db) == 0o600
    assert done.set_aside is not None and {mode(p) for p in family(done.set_aside)} == {0o600}
