"""The schema from an empty database by its numbered steps: each once, in order, each whole or
not at all, two migrators at once waiting for each other, a newer schema refused."""

from __future__ import annotations

import sys
import threading

import pytest

from province.db import apply, connect, latest, pending, schema_version, steps
from province.db.migrations import Migration
from province.errors import DatabaseError, MigrationError

TABLES = {
    "centres": "r",
    "agencies": "r",
    "services": "r",
    "events": "p",
    "restores": "r",
    "tickets": "p",
    "day_figures": "r",
    "month_figures": "r",
    "live_services": "r",
    "live_counters": "r",
    "staff": "r",
    "staff_sessions": "r",
    "audit": "r",
    "centre_alerts": "r",
    "dossiers": "r",
    "dossier_days": "r",
    "login_failures": "r",
    "schema_migrations": "r",
}
"""Each table and its kind: r a table, p partitioned."""


def test_the_steps_are_numbered_without_a_hole_and_say_what_they_make() -> None:
    found = steps()
    assert [step.version for step in found] == list(range(1, len(found) + 1))
    assert latest() == len(found) >= 3
    for step in found:
        assert step.summary and not step.summary.startswith("-")


def test_an_empty_database_is_migrated_whole_and_once(empty_dsn: str) -> None:
    with connect(empty_dsn) as conn:
        assert schema_version(conn) == 0
        assert len(pending(conn)) == latest()
        done = apply(conn)
        assert [step.version for step in done] == list(range(1, latest() + 1))
        assert schema_version(conn) == latest()
        assert pending(conn) == ()
        assert apply(conn) == ()
        kinds = dict(
            conn.execute(
                "SELECT relname, relkind::text FROM pg_class WHERE relnamespace = "
                "'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition"
            ).fetchall()
        )
        recorded = conn.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    assert kinds == TABLES
    assert [v for (v,) in recorded] == list(range(1, latest() + 1))


def test_two_migrators_at_once_wait_for_each_other(empty_dsn: str) -> None:
    results: list[object] = []

    def migrate() -> None:
        try:
            with connect(empty_dsn) as conn:
                results.append(len(apply(conn)))
        except Exception as failed:  # the test reports it below
            results.append(failed)

    threads = [threading.Thread(target=migrate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [0, latest()]  # type: ignore[type-var]


def test_a_failing_step_is_rolled_back_whole(
    empty_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = steps()
    broken = Migration(
        len(real) + 1, "broken", "half a step", "CREATE TABLE half (x int); SELECT 1/0;"
    )
    monkeypatch.setattr(sys.modules["province.db.migrations"], "steps", lambda: (*real, broken))
    with connect(empty_dsn) as conn:
        with pytest.raises(MigrationError) as failed:
            apply(conn)
        assert f"migration {len(real) + 1:03d} (broken) failed and was rolled back" in str(
            failed.value
        )
        assert schema_version(conn) == len(real)
        assert conn.execute("SELECT to_regclass('half')").fetchone() == (None,)


def test_a_schema_newer_than_this_release_is_refused(dsn: str) -> None:
    with connect(dsn) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")
        with pytest.raises(DatabaseError) as newer:
            pending(conn)
    assert newer.value.code == "schema_newer"
    assert "newer than this release's" in newer.value.message
