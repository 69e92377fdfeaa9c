"""While serving, the WAL is copied into the database file by the checkpointer, not the writer."""

from __future__ import annotations

import sqlite3
import time

import httpx

from tests.support.server import CoreServer


def tickets_in_main_file(server: CoreServer) -> int | None:
    """Count the tickets the database file itself holds, ignoring the WAL; None when the
    checkpointer is copying pages into it just then (read without a lock, the file can be
    half written: "database disk image is malformed")."""
    uri = f"file:{server.db_path}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def test_issued_tickets_reach_the_database_file(core_server: CoreServer) -> None:
    kiosk = {"Authorization": f"Bearer {core_server.pair_device('kiosk')}"}
    with httpx.Client(base_url=core_server.base_url, headers=kiosk) as client:
        for _ in range(40):
            assert client.post("/api/v1/tickets", json={"service": "lltp"}).status_code == 201
    seen: int | None = 0
    for _ in range(100):  # the checkpointer runs every second
        seen = tickets_in_main_file(core_server)
        if seen == 40:
            break
        time.sleep(0.1)
    assert seen == 40
