"""Both sides of the shipping contract together: the core's own shipper (``queue_core.shipping``,
one ``step`` at a time, no thread, no sleep) sends a real day to the real province, then the
log after a restore of the core from a backup; the province holds every event and its figures
equal the core's."""

from __future__ import annotations

from pathlib import Path

from harness.province import add_centre
from province.db import connect
from queue_core.config import SAMPLE_SITE
from queue_core.domain import IssueTicket
from queue_core.shipping import Shipper
from queue_core.store import Store, restore_backup, take_backup
from tests.province.conftest import Province
from tests.province.test_figures import assert_same_figures, local
from tests.queue_core.reports_day import make_day

STEPS = 200
"""More looks than the log needs: each ships one batch or asks how far the province holds."""


def shipped_through(db: Path) -> int:
    """The core's shipper stepped until the province holds its whole log; the last seq."""
    store = Store.open(db)
    try:
        last = store.last_seq()
    finally:
        store.close()
    shipper = Shipper(db)
    try:
        for _ in range(STEPS):
            shipper.step()
            state = shipper.state()
            assert state is not None and state.refused is None, state
            if state.acked_seq == last:
                return last
    finally:
        shipper.close()
    raise AssertionError(f"the province did not get the log to seq {last}: {shipper.state()}")


def test_the_cores_shipper_and_the_province_agree(province: Province, tmp_path: Path) -> None:
    token = add_centre(province.dsn, "hcc-tinh", "Trung tâm tỉnh", SAMPLE_SITE)
    db = make_day(tmp_path / "luot.db", tickets=80)
    linked = SAMPLE_SITE.read_text(encoding="utf-8") + (
        f'\n[province]\nurl = "{province.url}"\ncentre = "hcc-tinh"\ntoken = "{token}"\n'
    )
    store = Store.open(db)
    store.import_site(linked, local(17.5))
    store.close()
    first = shipped_through(db)
    assert province.one("SELECT acked_seq FROM centres") == first

    backup = take_backup(db, tmp_path / "backups", local(17.6))
    store = Store.open(db)
    for minute in range(3):  # shipped, then lost with the database
        store.execute(IssueTicket("stp-lltp"), local(16 + minute / 60))
    store.close()
    held = shipped_through(db)
    done = restore_backup(db, backup.path, local(17.7))
    last = shipped_through(db)

    assert last == done.first_seq > held > first == backup.seq
    assert province.rows("SELECT backup_seq, first_seq, held_seq, set_aside FROM restores") == [
        (backup.seq, done.first_seq, held, held - backup.seq)
    ]
    with connect(province.dsn) as conn:
        leaked = conn.execute(
            "SELECT count(*) FROM events WHERE body::text LIKE '%%public_token%%'"
        ).fetchone()
    assert leaked == (0,)
    assert_same_figures(province, db)
