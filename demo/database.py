"""The demo hall's database: the sample site (open around the clock), the demo staff with
their fixed PINs, the pairing codes handed to the apps, and the newest ticket."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from queue_core.config import SAMPLE_SITE, load_site, open_around_the_clock
from queue_core.domain import Role, Ticket
from queue_core.store import DeviceRole, Store, add_staff, create_pairing_code

__all__ = [
    "CLERKS",
    "SUPERVISOR",
    "DemoStaff",
    "Prepared",
    "SetupError",
    "demo_site_text",
    "newest_ticket",
    "pairing_code",
    "prepare",
]


class SetupError(Exception):
    """``luot-core`` refused the demo's database or site; its message says why."""


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    title: str
    pin: str
    role: Role
    counter: int | None = None


CLERKS = (
    DemoStaff("demo.lan", "Nguyễn Thị Lan", "Chuyên viên", "1111", Role.CLERK, 1),
    DemoStaff("demo.minh", "Trần Văn Minh", "Chuyên viên", "2222", Role.CLERK, 2),
)
SUPERVISOR = DemoStaff("demo.hoa", "Lê Thị Hoa", "Phó Giám đốc", "246810", Role.SUPERVISOR)


def demo_site_text() -> str:
    """The sample site file, open every day, all day: the demo's centre never closes, so
    that the hall can be tried at any hour."""
    return open_around_the_clock(SAMPLE_SITE.read_text(encoding="utf-8"))


DEMO_APPOINTMENTS = """
# The demo's centre takes appointments for two services, at any hour as it is open: /book,
# the console's Bookings page and the kiosk's "Tôi có lịch hẹn" can be tried whenever.
[appointments]
early_minutes = 30
grace_minutes = 10

[appointments.services.stp-lltp]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["00:00-24:00"]
slot_minutes = 15
walk_in_reserve = 0.5

[appointments.services.skhdt-dkdn]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
windows = ["00:00-24:00"]
slot_minutes = 30
walk_in_reserve = 0.5
"""
"""What ``make run``'s site adds to the sample site: the sample site itself names no
appointments, since ``luot-sim --book-share`` books every service of a site that names none."""


def _write_site(folder: Path) -> Path:
    """The demo site file, with the logo it names beside it (names are relative to the file),
    taking appointments (``DEMO_APPOINTMENTS``)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = demo_site_text() + DEMO_APPOINTMENTS
    logo = tomllib.loads(text).get("board", {}).get("logo")
    if logo:
        shutil.copyfile(SAMPLE_SITE.with_name(logo), folder / logo)
    path = folder / "demo_site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _luot_core(db: Path, *args: str) -> None:
    """``luot-core --db DB ARGS``: its one line is the launcher's too; its error, the demo's."""
    command = [sys.executable, "-m", "queue_core.cli", "--db", str(db), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SetupError(result.stderr.strip() or f"luot-core {args[0]} failed")
    print(result.stdout.strip())


def _site_id(db: Path) -> str:
    store = Store.open(db)
    try:
        return store.site.id
    finally:
        store.close()


@dataclass(frozen=True)
class Prepared:
    created: bool
    """The database is new: tokens the apps kept from another one mean nothing."""
    timezone: str
    """The site's time zone (an IANA name), for the hall's clocks."""


def prepare(db: Path, site_folder: Path) -> Prepared:
    """The sample site in ``db`` (created when missing, kept open around the clock when it
    holds the sample site, left alone when it holds another) and the demo staff."""
    site_file = _write_site(site_folder)
    created = not db.exists()
    if created:
        db.parent.mkdir(parents=True, exist_ok=True)
        _luot_core(db, "init", str(site_file))
    elif _site_id(db) == load_site(SAMPLE_SITE)[0].id:
        _luot_core(db, "import", str(site_file))
    else:
        print(f"{db}: not the sample site; the demo expects its counters 1 and 2")
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            for staff in (*CLERKS, SUPERVISOR):
                add_staff(conn, staff.username, staff.name, staff.role, staff.pin, staff.title)
        return Prepared(created, str(store.site.timezone))
    finally:
        store.close()


def pairing_code(db: Path, role: DeviceRole, name: str, counter: int | None = None) -> str:
    """A one-time code for one of the hall's devices (used only if it is not paired yet); a
    counter display's names its counter."""
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            code, _expires = create_pairing_code(conn, role, name, datetime.now(UTC), counter)
    finally:
        store.close()
    return code


def newest_ticket(store: Store) -> Ticket | None:
    return store.newest_ticket()
