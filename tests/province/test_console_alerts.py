"""A centre's own alerts at the province, as its log raised and cleared them (province.alerts):
kept batch by batch whatever the batches, put back as the backup left them after a restore, and
read from the events already held when the console's migration runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from province.db import Partitions, apply, connect, steps
from province.db.migrations import BOOKKEEPING
from tests.province.conftest import MORNING, Province, event, issues


def alert(seq: int, raised: bool, key: str, minutes: int = 0, **more: Any) -> dict[str, Any]:
    body = event(
        seq,
        "alert.raised" if raised else "alert.cleared",
        MORNING + timedelta(minutes=minutes or seq),
        key=key,
        subject=more.pop("subject", key),
        message=more.pop("message", f"cảnh báo {key}"),
        message_en=more.pop("message_en", f"alert {key}"),
    )
    body["detail"]["kind"] = more.pop("kind", key.split(":")[0])  # event() takes its own kind
    return body


def held(province: Province) -> list[tuple[Any, ...]]:
    return province.rows("SELECT key, kind, message, seq FROM centre_alerts ORDER BY key")


LOG = [
    *issues(1, 2),
    alert(3, True, "backup:stale", kind="backup_stale"),
    alert(4, True, "device:1:paper_out", kind="device_paper_out"),
    alert(5, True, "paused:3", kind="counter_paused"),
    alert(6, False, "paused:3", kind="counter_paused"),
    alert(7, False, "device:1:paper_out", kind="device_paper_out"),
    alert(8, True, "device:1:paper_out", kind="device_paper_out", message="hết giấy lần nữa"),
]


@pytest.mark.parametrize("batch", [len(LOG), 1, 3])
def test_the_alerts_raised_now_whatever_the_batches(province: Province, batch: int) -> None:
    token = province.add()
    for start in range(0, len(LOG), batch):
        assert province.post(token, LOG[start : start + batch]).status_code == 200
    assert held(province) == [
        ("backup:stale", "backup_stale", "cảnh báo backup:stale", 3),
        ("device:1:paper_out", "device_paper_out", "hết giấy lần nữa", 8),
    ]
    assert province.post(token, [alert(9, False, "backup:stale")]).status_code == 200
    assert [row[0] for row in held(province)] == ["device:1:paper_out"]


def test_a_restore_puts_the_alerts_back_as_the_backup_left_them(province: Province) -> None:
    """The backup was taken at seq 5: the paper-out cleared at 7 and raised again at 8 were
    lost, so the one raised at 4 holds again; the counter's pause raised at 5 holds, its clearing
    at 6 lost; the backup's staleness raised at 3 holds until the restored core clears it."""
    token = province.add()
    assert province.post(token, LOG).status_code == 200
    restored = event(
        40, "day.restored", MORNING + timedelta(minutes=30), business_day="2026-11-25",
        backup="b.db", backup_seq=5,
    )  # fmt: skip
    assert province.post(token, [restored]).json() == {"acked_seq": 40}
    assert held(province) == [
        ("backup:stale", "backup_stale", "cảnh báo backup:stale", 3),
        ("device:1:paper_out", "device_paper_out", "cảnh báo device:1:paper_out", 4),
        ("paused:3", "counter_paused", "cảnh báo paused:3", 5),
    ]
    assert province.post(token, [alert(41, False, "backup:stale", 31)]).status_code == 200
    assert [row[0] for row in held(province)] == ["device:1:paper_out", "paused:3"]


def test_the_migration_reads_the_alerts_of_the_events_already_held(empty_dsn: str) -> None:
    with connect(empty_dsn) as conn:
        conn.execute(BOOKKEEPING)
        for step in steps()[:3]:
            conn.execute(step.sql.encode())
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (step.version, step.name),
            )
        centre = conn.execute(
            "INSERT INTO centres (code, name, token_hash) VALUES ('c', 'C', 'h') RETURNING id"
        ).fetchone()
        assert centre is not None
        Partitions().ensure(conn, "events", [MORNING.date().replace(day=1)])
        for body in [*LOG, alert(9, True, "idle:2", kind="counter_idle")]:
            conn.execute(
                "INSERT INTO events (centre_id, seq, at, type, body, set_aside_by) "
                "VALUES (%s, %s, %s, %s, %s::json, %s)",
                (centre[0], body["seq"], body["at"], body["type"], _json(body),
                 9 if body["seq"] == 9 else None),
            )  # fmt: skip
        assert [s.version for s in apply(conn)] == list(range(4, len(steps()) + 1))
        rows = conn.execute("SELECT key, seq FROM centre_alerts ORDER BY key").fetchall()
    assert rows == [("backup:stale", 3), ("device:1:paper_out", 8)]  # idle:2 was set aside


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)
