"""The demo's database: the sample site open around the clock, its staff, codes the apps can
pair with; made once, refreshed after, and a database of another site left alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from demo.database import CLERKS, SUPERVISOR, demo_site_text, pairing_code, prepare
from queue_core.config import SAMPLE_SITE, load_site, parse_site
from queue_core.domain.appointments import appointment_rules
from queue_core.store import DeviceRole, Store, pair_device, slots_of_day, verify_pin
from tests.queue_core.conftest import SMALL_SITE


def test_the_demo_site_is_the_sample_open_every_hour() -> None:
    sample, _ = load_site(SAMPLE_SITE)
    site, _ = parse_site(demo_site_text(), "demo_site.toml")
    assert [s.id for s in site.services] == [s.id for s in sample.services]
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=site.timezone)
    assert not sample.services[0].hours.is_open(sunday_night)
    assert all(s.hours.is_open(sunday_night) for s in site.services)


def test_made_when_missing_then_refreshed_with_its_staff(tmp_path: Path) -> None:
    db = tmp_path / "var" / "luot.db"
    first = prepare(db, tmp_path / "var" / "site")
    again = prepare(db, tmp_path / "var" / "site")
    assert first.created and not again.created
    assert first.timezone == "Asia/Ho_Chi_Minh"
    code = pairing_code(db, DeviceRole.KIOSK, "Kiosk")
    store = Store.open(db)
    try:
        assert store.board_logo() is not None  # the logo came with the site file
        with store.transaction() as conn:
            now = datetime.now(UTC)
            for staff in (*CLERKS, SUPERVISOR):
                assert verify_pin(conn, staff.username, staff.pin).role is staff.role
            token, device = pair_device(conn, code, None, now)
        assert device.role == "kiosk" and token
    finally:
        store.close()


def test_a_database_of_another_site_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "luot.db"
    store = Store.open(db)
    store.import_site(SMALL_SITE, datetime.now(UTC))
    store.close()
    prepare(db, tmp_path / "site")
    assert "not the sample site" in capsys.readouterr().out
    store = Store.open(db)
    try:
        assert store.site.name == "Trung tâm thử nghiệm"
    finally:
        store.close()


def test_the_demo_takes_appointments_for_two_services(tmp_path: Path) -> None:
    db = tmp_path / "luot.db"
    prepare(db, tmp_path / "site")
    store = Store.open(db)
    try:
        rules = appointment_rules(store.site)
        day = store.site.business_day(datetime.now(UTC))
        slots = slots_of_day(store.conn, store.site, "stp-lltp", day)
    finally:
        store.close()
    assert [s.service_id for s in rules.services] == ["stp-lltp", "skhdt-dkdn"]
    assert slots[0].slot_at.hour == 0 and len(slots) > 23 * 4  # every quarter of the day
    assert all(s.capacity >= 1 for s in slots)
