"""`luot-core doctor`: each check's rule (pure), then whole runs on real files — a healthy centre
with a real core on mDNS, and one broken thing at a time (a full disk on a real tmpfs, a stale
backup, a silent kiosk, an unsynchronised clock, a damaged database), each failing its own line
while the others are still reported."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

import queue_core.cli.doctor as doctor_cli
import queue_core.domain.health as health
from harness.child import free_port, serve_command, stop, until_answering
from queue_core.cli import main
from queue_core.discovery import advertise_sync
from queue_core.domain import BackupPlan, BackupState, OpeningHours, Site
from queue_core.domain.health import (
    TIME_ERROR,
    Answer,
    Finding,
    KernelClock,
    Status,
    judge_backup,
    judge_clock,
    judge_database,
    judge_device,
    judge_disk,
    judge_integrity,
    judge_mdns,
    judge_zone,
    open_stretch,
    room_needed,
    silent_after,
    stale_backup_minutes,
)
from queue_core.health import Probes, read_kernel_clock, system_zone
from queue_core.store import (
    DeviceRole,
    Store,
    create_pairing_code,
    pair_device,
    record_heartbeat,
    revoke_device,
)
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import running_core

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MIB = 1024 * 1024
SYNCED = KernelClock(state=0, esterror_us=500)
UNSYNCED = KernelClock(state=TIME_ERROR, esterror_us=16_000_000)
LOOPBACK = "127.0.0.1"
ZONEINFO = Path("/usr/share/zoneinfo")


def hanoi(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November 2026 in Hà Nội (the 23rd is a Monday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=HANOI)


def office_site(*hours: OpeningHours) -> Site:
    """A site whose services keep these hours (one service each), Monday to Friday."""
    site = stored_site_of(SMALL_SITE)
    services = tuple(
        replace(service, hours=hours[i % len(hours)]) for i, service in enumerate(site.services)
    )
    return replace(site, services=services)


def stored_site_of(text: str) -> Site:
    from queue_core.config import parse_site

    return parse_site(text, "test site")[0]


WEEKDAYS = frozenset(range(5))
MORNING_AND_AFTERNOON = OpeningHours(
    WEEKDAYS, ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
)


# --- the rules, pure ---------------------------------------------------------------------------


def test_the_clock_fails_only_when_the_kernel_says_unsynchronised() -> None:
    assert judge_clock(SYNCED).status is Status.OK
    assert "±0.5 ms" in judge_clock(SYNCED).figure
    for leap_second_state in (1, 2, 3, 4):
        assert judge_clock(KernelClock(leap_second_state, 100)).status is Status.OK
    unsynced = judge_clock(UNSYNCED)
    assert unsynced.status is Status.FAIL and "timedatectl set-ntp true" in unsynced.action
    assert judge_clock(None, "no adjtimex").status is Status.WARN


def test_the_time_zone_fails_when_the_system_offset_is_not_the_sites() -> None:
    seven = timedelta(hours=7)
    assert judge_zone("Asia/Ho_Chi_Minh", seven, "Asia/Bangkok", seven).status is Status.OK
    wrong = judge_zone("Asia/Ho_Chi_Minh", seven, "Etc/UTC", timedelta())
    assert wrong.status is Status.FAIL
    assert wrong.figure == "system Etc/UTC UTC+00:00, site Asia/Ho_Chi_Minh UTC+07:00"
    assert wrong.action.startswith("timedatectl set-timezone Asia/Ho_Chi_Minh")


def test_a_disk_needs_three_copies_of_the_database_and_at_least_512_mib() -> None:
    assert room_needed(10 * MIB) == 512 * MIB
    assert room_needed(300 * MIB) == 900 * MIB
    assert room_needed(300 * MIB, uses=2) == 1800 * MIB
    needed = room_needed(300 * MIB)
    assert judge_disk("disk", "/d", needed - 1, 10 * needed, needed).status is Status.FAIL
    assert judge_disk("disk", "/d", needed, 10 * needed, needed).status is Status.WARN
    assert judge_disk("disk", "/d", 2 * needed - 1, 10 * needed, needed).status is Status.WARN
    assert judge_disk("disk", "/d", 2 * needed, 10 * needed, needed).status is Status.OK


def test_the_open_stretch_is_the_current_one_or_the_last_one_merged_across_services() -> None:
    site = office_site(MORNING_AND_AFTERNOON)
    assert open_stretch(site, hanoi(25, 9)) == (hanoi(25, 7, 30), None)
    assert open_stretch(site, hanoi(25, 12)) == (hanoi(25, 7, 30), hanoi(25, 11, 30))
    assert open_stretch(site, hanoi(25, 17)) == (hanoi(25, 13), hanoi(25, 17))
    # Monday before opening: Friday afternoon.
    assert open_stretch(site, hanoi(23, 7)) == (hanoi(20, 13), hanoi(20, 17))
    # A service open through lunch joins the two periods of the others into one stretch.
    all_day = OpeningHours(WEEKDAYS, ((time(7, 30), time(17, 0)),))
    joined = office_site(MORNING_AND_AFTERNOON, all_day)
    assert open_stretch(joined, hanoi(25, 12)) == (hanoi(25, 7, 30), None)
    never = office_site(OpeningHours(frozenset(), ()))
    assert open_stretch(never, hanoi(25, 9)) is None


def test_a_backup_is_stale_by_the_alerts_rule_while_open_and_as_it_stood_at_closing() -> None:
    every = timedelta(minutes=15)
    site = office_site(MORNING_AND_AFTERNOON)

    def stale(newest: datetime | None, now: datetime) -> int | None:
        return stale_backup_minutes(every, newest, open_stretch(site, now), now)

    # Open: the backup_stale alert's own rule, BackupState.stale_minutes.
    now = hanoi(25, 10)
    for minutes in (29, 30, 31, 90):
        newest = now - timedelta(minutes=minutes)
        alert = BackupState(every, last_good=newest, open_since=hanoi(25, 7, 30))
        assert stale(newest, now) == alert.stale_minutes(now)
    assert stale(now - timedelta(minutes=30), now) is None
    assert stale(now - timedelta(minutes=31), now) == 31
    # Just opened: yesterday's backup is fine for twice the interval.
    assert stale(hanoi(24, 17, 1), hanoi(25, 7, 55)) is None
    assert stale(hanoi(24, 17, 1), hanoi(25, 8, 1)) == 31
    # Closed for the weekend: judged as it stood on Friday at 17:00.
    assert stale(hanoi(20, 17), hanoi(23, 7)) is None  # the closing backup
    assert stale(hanoi(20, 16, 40), hanoi(23, 7)) is None
    assert stale(hanoi(20, 15), hanoi(23, 7)) == 120
    assert stale(None, hanoi(23, 7)) == 240


def test_the_backup_line() -> None:
    site = office_site(MORNING_AND_AFTERNOON)
    plan = BackupPlan()
    now = hanoi(25, 10)
    fresh = judge_backup(site, plan, "/b", now - timedelta(minutes=6), now)
    assert fresh.status is Status.OK
    assert fresh.figure == "newest 2026-11-25 09:54 (6 min ago) in /b, every 15 min while open"
    old = judge_backup(site, plan, "/b", now - timedelta(hours=2), now)
    assert old.status is Status.FAIL and "none for 120 min while open" in old.figure
    assert judge_backup(site, plan, "/b", None, now).status is Status.FAIL
    off = judge_backup(site, BackupPlan(enabled=False), "/b", now - timedelta(days=3), now)
    assert off.status is Status.WARN and "enabled = false" in off.figure


def test_a_device_is_silent_after_the_consoles_limit_and_a_kiosk_fails_on_its_printer() -> None:
    now = hanoi(25, 10)
    limit = silent_after(stored_site_of(SMALL_SITE))
    assert limit == timedelta(seconds=180)
    paired = now - timedelta(days=3)

    def judge(
        role: str, seen: timedelta | None, printer: str | None, paperless: bool = False
    ) -> Finding:
        last_seen = None if seen is None else now - seen
        return judge_device(
            "device 1", "K", role, paired, last_seen, printer, now, limit, paperless
        )

    assert judge("kiosk", limit, "ok").status is Status.OK
    silent = judge("kiosk", limit + timedelta(seconds=1), "ok")
    assert silent.status is Status.FAIL and "(silent after 3 min)" in silent.figure
    assert judge("kiosk", None, None).status is Status.FAIL
    # every paired app beats: a counter or a board never heard from fails as a kiosk does
    for role, unit in (("board", "luot-board"), ("counter", "luot-counter")):
        never = judge(role, None, None)
        assert never.status is Status.FAIL and "never heard from" in never.figure
        assert f"systemctl status {unit}" in never.action
        assert judge(role, timedelta(minutes=10), None).status is Status.FAIL
        assert judge(role, timedelta(seconds=20), None).status is Status.OK
    for code in ("paper_out", "cover_open", "offline", "timeout", "config", "on_fire"):
        assert judge("kiosk", timedelta(seconds=20), code).status is Status.FAIL, code
        assert judge("kiosk", timedelta(seconds=20), code, paperless=True).status is Status.WARN
    assert judge("kiosk", timedelta(seconds=20), "paper_low").status is Status.WARN
    assert judge("kiosk", timedelta(seconds=20), "none").status is Status.FAIL
    assert judge("kiosk", timedelta(seconds=20), "none", paperless=True).status is Status.OK
    just_paired = judge_device("device 1", "K", "kiosk", now, None, None, now, limit, False)
    assert just_paired.status is Status.WARN


def test_mdns_wants_exactly_one_core_of_the_site_answering_where_it_says() -> None:
    lan = ["10.0.0.5"]
    one = Answer("http://10.0.0.5:8470", "Trung tâm", ("10.0.0.5",))
    assert judge_mdns("hcc", [one], 3, lan, False).status is Status.OK
    assert judge_mdns("hcc", [one], 3, lan, False).figure == (
        "http://10.0.0.5:8470 (Trung tâm) answers, on 10.0.0.5"
    )
    none = judge_mdns("hcc", [], 3, lan, False)
    assert none.status is Status.FAIL and none.action == "start it: systemctl start luot-core"
    muted = judge_mdns("hcc", [], 3, lan, True)
    assert muted.status is Status.FAIL and "--no-mdns" in muted.action
    two = judge_mdns("hcc", [one, replace(one, url="http://10.0.0.6:8470")], 3, lan, False)
    assert two.status is Status.FAIL and "stop the others" in two.action
    unreachable = judge_mdns("hcc", [replace(one, problem="refused")], 3, lan, False)
    assert unreachable.status is Status.FAIL
    # Heard on the LAN, a core that publishes only loopback reaches no device; on loopback
    # (a test, a demo on one machine) it is the one address there is.
    looped = replace(one, url="http://127.0.0.1:8470", addresses=("127.0.0.1",))
    assert judge_mdns("hcc", [looped], 3, lan, False).status is Status.FAIL
    assert judge_mdns("hcc", [looped], 3, ["127.0.0.1"], False).status is Status.OK


def test_the_database_and_its_integrity() -> None:
    site = stored_site_of(SMALL_SITE)
    assert judge_database(5, 5, site).status is Status.OK
    assert "migrate" in judge_database(4, 5, site).action
    assert judge_database(6, 5, site).status is Status.FAIL
    assert judge_database(5, 5, None, "no site").status is Status.FAIL
    assert judge_integrity([], 3 * MIB, 0.5).figure == "integrity_check of 3.0 MiB in 0.5 s: ok"
    damaged = judge_integrity(["Tree 12 page 12: btreeInitPage() returns error code 11"] * 3, 1, 0)
    assert damaged.status is Status.FAIL and "(and 2 more)" in damaged.figure


# --- the machine -------------------------------------------------------------------------------


def test_the_kernel_clock_is_read_with_adjtimex() -> None:
    clock = read_kernel_clock()
    assert 0 <= clock.state <= TIME_ERROR
    assert clock.esterror_us >= 0


def test_the_system_zone_is_read_from_localtime(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to(ZONEINFO / "Asia/Ho_Chi_Minh")
    assert system_zone(link, hanoi(25, 9)) == ("Asia/Ho_Chi_Minh", timedelta(hours=7))
    assert system_zone(tmp_path / "none", hanoi(25, 9)) == (
        f"UTC (no {tmp_path / 'none'})",
        timedelta(),
    )


# --- whole runs --------------------------------------------------------------------------------


@pytest.fixture
def hanoi_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Probes:
    """A machine whose clock NTP keeps and whose zone is the site's."""
    link = tmp_path / "localtime"
    link.symlink_to(ZONEINFO / "Asia/Ho_Chi_Minh")
    probes = Probes(kernel_clock=lambda: SYNCED, localtime=link)
    monkeypatch.setattr(doctor_cli, "PROBES", probes)
    return probes


def unique_site(extra: str = "") -> tuple[str, str]:
    """The small test site under an id of its own: other tests may advertise on this machine's
    loopback at the same time."""
    site_id = f"test-{uuid.uuid4().hex[:10]}"
    return site_id, SMALL_SITE.replace('"test-centre"', f'"{site_id}"') + extra


def make_db(folder: Path, site_text: str = SMALL_SITE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "site.toml"
    site.write_text(site_text, encoding="utf-8")
    db = folder / "luot.db"
    assert main(["--db", str(db), "init", str(site)]) == 0
    return db


def doctor(
    db: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, str], list[dict[str, str]]]:
    """Runs it with --json: the exit code, each check's status, and the lines."""
    capsys.readouterr()
    code = main(["--db", str(db), "doctor", "--json", *args])
    out, err = capsys.readouterr()
    lines = json.loads(out)["checks"]
    if code == 1:
        assert err.count("\n") == 1 and "[checks_failed]" in err
    return code, {line["check"]: line["status"] for line in lines}, lines


def line_of(lines: list[dict[str, str]], check: str) -> dict[str, str]:
    return next(line for line in lines if line["check"] == check)


HEALTHY = {
    "clock": "ok",
    "time zone": "ok",
    "disk": "ok",
    "backup": "ok",
    "device 1": "ok",
    "device 2": "ok",
    "mdns": "ok",
    "database": "ok",
    "integrity": "ok",
}


@contextlib.contextmanager
def serving_on_mdns(db: Path, log: Path) -> Iterator[str]:
    """`luot-core serve` on 127.0.0.1, advertised by mDNS on the loopback interface only."""
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            serve_command(db, port, mdns=True),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LUOT_MDNS_INTERFACES": LOOPBACK, "PYTHONUNBUFFERED": "1"},
        )
    try:
        until_answering(process, url)
        yield url
    finally:
        stop(process)


def pair(db: Path, role: str, name: str, now: datetime) -> str:
    """A device paired in the database; its token."""
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            code, _ = create_pairing_code(conn, DeviceRole(role), name, now)
            token, _device = pair_device(conn, code, name, now)
    finally:
        store.close()
    return token


def heartbeat_in_db(db: Path, device_id: int, at: datetime, printer: str | None) -> None:
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            record_heartbeat(conn, device_id, at, "test", 60, printer)
    finally:
        store.close()


def test_a_healthy_centre_is_all_ok_and_exits_0(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    _site_id, site_text = unique_site()
    db = make_db(tmp_path / "centre", site_text)
    now = datetime.now(UTC)
    kiosk = pair(db, "kiosk", "Kiosk sảnh A", now)
    board = pair(db, "board", "Bảng sảnh", now)
    assert main(["--db", str(db), "backup"]) == 0
    with serving_on_mdns(db, tmp_path / "core.log") as url:
        for token, printer in ((kiosk, "ok"), (board, None)):
            beat = httpx.post(
                url + "/api/v1/devices/heartbeat",
                json={"version": "test", "uptime_seconds": 5, "printer": printer},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert beat.status_code == 200
        code, statuses, lines = doctor(db, capsys, "--interface", LOOPBACK)
        capsys.readouterr()
        text_code = main(["--db", str(db), "doctor", "--interface", LOOPBACK])
        text, err = capsys.readouterr()
    assert statuses == HEALTHY, lines
    assert code == 0 and text_code == 0 and err == ""
    assert line_of(lines, "mdns")["figure"] == f"{url} (Trung tâm thử nghiệm) answers, on 127.0.0.1"
    assert "Kiosk sảnh A (kiosk): heard" in line_of(lines, "device 1")["figure"]
    assert line_of(lines, "device 1")["figure"].endswith(", printer ok")
    rows = text.splitlines()
    assert len(rows) == len(HEALTHY) and all(row.startswith("ok    ") for row in rows)
    assert rows[0].startswith("ok    clock      synchronised")
    assert "→" not in text


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Writes until the disk is full."""
    chunk = b"\0" * 64 * 1024
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as out:
        while True:
            out.write(chunk)
            out.flush()


def test_a_full_backup_disk_fails_its_line_and_the_rest_is_reported(
    tmp_path: Path,
    hanoi_machine: Probes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The floor lowered to 1 MiB, so that the small tmpfs passes before it is filled.
    monkeypatch.setattr(health, "MIN_FREE_BYTES", MIB)
    with tmpfs(tmp_path / "share", "4M") as share:
        db = make_db(tmp_path / "centre", SMALL_SITE + f'\n[backup]\nfolder = "{share}"\n')
        assert main(["--db", str(db), "backup"]) == 0
        code, before, _ = doctor(db, capsys, "--no-mdns")
        fill(share)
        code_full, after, lines = doctor(db, capsys, "--no-mdns")
        free = os.statvfs(share).f_bavail * os.statvfs(share).f_frsize
    assert code == 0 and before["disk: backups"] == "ok" and before["disk: database"] == "ok"
    assert code_full == 1
    assert after == {**before, "disk: backups": "FAIL"}
    backups = line_of(lines, "disk: backups")
    assert backups["figure"].startswith(f"{share}: {health.size_text(free)} free of 4.0 MiB")
    assert "free some space" in backups["action"]


def test_a_stale_backup_fails_its_line(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "centre")
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    assert main(["--db", str(db), "--at", two_hours_ago, "backup"]) == 0
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert statuses == {
        "clock": "ok",
        "time zone": "ok",
        "disk": "ok",
        "backup": "FAIL",
        "devices": "ok",
        "mdns": "skip",
        "database": "ok",
        "integrity": "ok",
    }
    backup = line_of(lines, "backup")
    assert (
        "(2 h 0 min ago)" in backup["figure"] and "none for 120 min while open" in backup["figure"]
    )
    assert "luot-core backup" in backup["action"]


def test_a_silent_kiosk_fails_its_own_line(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "centre")
    now = datetime.now(UTC)
    pair(db, "kiosk", "Kiosk sảnh A", now - timedelta(days=1))
    pair(db, "kiosk", "Kiosk sảnh B", now - timedelta(days=1))
    pair(db, "kiosk", "Kiosk cũ", now - timedelta(days=30))
    heartbeat_in_db(db, 1, now - timedelta(minutes=10), "ok")
    heartbeat_in_db(db, 2, now, "ok")
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            revoke_device(conn, 3, now - timedelta(days=2))  # silent, but no longer paired
    finally:
        store.close()
    assert main(["--db", str(db), "backup"]) == 0
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert (statuses["device 1"], statuses["device 2"], statuses["backup"]) == ("FAIL", "ok", "ok")
    assert [c for c, s in statuses.items() if s == "FAIL"] == ["device 1"]
    assert "device 3" not in statuses
    silent = line_of(lines, "device 1")
    assert silent["figure"] == "Kiosk sảnh A (kiosk): heard 10 min ago (silent after 3 min)"
    assert "systemctl status luot-kiosk" in silent["action"]


def test_an_unsynchronised_clock_fails_its_line(
    tmp_path: Path,
    hanoi_machine: Probes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(doctor_cli, "PROBES", replace(hanoi_machine, kernel_clock=lambda: UNSYNCED))
    db = make_db(tmp_path / "centre")
    assert main(["--db", str(db), "backup"]) == 0
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert [c for c, s in statuses.items() if s == "FAIL"] == ["clock"]
    assert line_of(lines, "clock")["figure"].startswith("not synchronised")


def test_the_system_zone_not_the_sites_fails_its_line(
    tmp_path: Path,
    hanoi_machine: Probes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    utc = tmp_path / "utc"
    utc.symlink_to(ZONEINFO / "Etc/UTC")
    monkeypatch.setattr(doctor_cli, "PROBES", replace(hanoi_machine, localtime=utc))
    db = make_db(tmp_path / "centre")
    assert main(["--db", str(db), "backup"]) == 0
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert [c for c, s in statuses.items() if s == "FAIL"] == ["time zone"]
    assert line_of(lines, "time zone")["figure"] == (
        "system Etc/UTC UTC+00:00, site Asia/Ho_Chi_Minh UTC+07:00"
    )


def damage_an_index(db: Path) -> None:
    """Puts the index of the day's ticket numbers out of step with its table (its entries no
    longer match what its definition says): the damage quick_check does not see."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX ticket_number ON tickets "
            "(issued_service_id, business_day, public_token)' WHERE name = 'ticket_number'"
        )
        conn.execute("PRAGMA writable_schema = OFF")
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_a_damaged_database_fails_integrity_and_the_rest_is_reported(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "centre")
    for _ in range(3):
        assert main(["--db", str(db), "issue", "lltp"]) == 0
    assert main(["--db", str(db), "backup"]) == 0
    damage_an_index(db)
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert [c for c, s in statuses.items() if s == "FAIL"] == ["integrity"]
    assert statuses["database"] == "ok" and statuses["backup"] == "ok"
    damaged = line_of(lines, "integrity")
    assert damaged["figure"].endswith(": row 1 missing from index ticket_number (and 2 more)")
    assert "luot-core restore" in damaged["action"]


def test_a_database_that_is_not_one_fails_and_what_needs_its_site_says_why(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_db(tmp_path / "centre")
    with db.open("r+b") as raw:
        raw.write(b"this is not SQLite!")  # over the header
    code, statuses, lines = doctor(db, capsys, "--no-mdns")
    assert code == 1
    assert statuses["clock"] == "ok" and statuses["integrity"] == "FAIL"
    assert statuses["database"] == "FAIL"
    assert [statuses[c] for c in ("time zone", "backup", "devices")] == ["skip"] * 3
    assert "needs the site" in line_of(lines, "backup")["figure"]


def test_no_core_on_mdns_says_start_it(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    site_id, site_text = unique_site()
    db = make_db(tmp_path / "centre", site_text)
    code, statuses, lines = doctor(db, capsys, "--interface", LOOPBACK, "--mdns-seconds", "1")
    assert code == 1 and statuses["mdns"] == "FAIL"
    mdns = line_of(lines, "mdns")
    assert mdns["figure"] == f"no core of site {site_id} answered within 1 s on 127.0.0.1"
    assert mdns["action"] == "start it: systemctl start luot-core"


def test_a_core_serving_without_mdns_is_told_apart_from_none_running(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    _site_id, site_text = unique_site()
    with running_core(tmp_path, site_text) as core:  # luot-core serve --no-mdns
        code, statuses, lines = doctor(
            core.db_path, capsys, "--interface", LOOPBACK, "--mdns-seconds", "1"
        )
    assert code == 1 and statuses["mdns"] == "FAIL"
    mdns = line_of(lines, "mdns")
    assert mdns["figure"].endswith(", though one serves this database")
    assert mdns["action"].startswith("was it started with --no-mdns?")


def test_a_core_advertised_where_nothing_answers_fails_mdns(
    tmp_path: Path, hanoi_machine: Probes, capsys: pytest.CaptureFixture[str]
) -> None:
    site_id, site_text = unique_site()
    db = make_db(tmp_path / "centre", site_text)
    port = free_port()
    with advertise_sync(site_id, f"Trung tâm {site_id}", port, interfaces=[LOOPBACK]):
        code, statuses, lines = doctor(db, capsys, "--interface", LOOPBACK)
    assert code == 1 and statuses["mdns"] == "FAIL"
    assert "its health does not answer there" in line_of(lines, "mdns")["figure"]


def test_bad_usage_exits_2_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "none.db"), "doctor"]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "no database at" in err
    db = make_db(tmp_path / "centre")
    capsys.readouterr()
    assert main(["--db", str(db), "doctor", "--mdns-seconds", "0"]) == 2
    assert "--mdns-seconds must be positive" in capsys.readouterr().err
