"""A centre's health as `luot-core doctor` judges it, pure: from the figures read off the machine
(the kernel's clock, the time zones, the disks, the backups, the devices, mDNS, the database), a
verdict per check with what to do when it fails; the thresholds and why."""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from queue_core.domain.backups import BackupPlan, BackupState
from queue_core.domain.devices import (
    DEVICE_LOST_SECONDS,
    QUIET_ROLES,
    DeviceState,
    device_state,
    printer_code,
)
from queue_core.domain.site import Site


class Status(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    """Works today; look at it soon. Does not fail the run."""
    FAIL = "FAIL"
    """Breaks the centre now, or will: the run exits 1."""
    SKIP = "skip"
    """Cannot be told from here (said why)."""


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    check: str
    status: Status
    figure: str
    """What was found, with the figure it was judged on."""
    action: str = ""
    """What to do, when it is not ok."""

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL


# --- words -----------------------------------------------------------------------------------

KIB = 1024
MIB = KIB * 1024
GIB = MIB * 1024


def size_text(size: int) -> str:
    if size >= GIB:
        return f"{size / GIB:.1f} GiB"
    if size >= MIB:
        return f"{size / MIB:.1f} MiB"
    return f"{size / KIB:.0f} KiB" if size >= KIB else f"{size} B"


def age_text(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60} min"
    return f"{hours // 24} d {hours % 24} h"


def offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- the clock -------------------------------------------------------------------------------

TIME_ERROR = 5
"""adjtimex(2)'s answer while the kernel's clock is not synchronised (STA_UNSYNC): no NTP
daemon has disciplined it. 0 is TIME_OK; 1 to 4 are the states around a leap second, synced."""


@dataclass(frozen=True)
class KernelClock:
    """What adjtimex(2), asked to change nothing, says of the system clock."""

    state: int
    esterror_us: int
    """The kernel's estimate of the clock's error, microseconds."""


def judge_clock(clock: KernelClock | None, problem: str = "") -> Finding:
    """Tickets' times, business days, opening hours and backups all follow this clock."""
    if clock is None:
        return Finding(
            "clock", Status.WARN, f"cannot read the kernel's clock state: {problem}",
            "check time sync by hand: timedatectl, or chronyc tracking",
        )  # fmt: skip
    if clock.state == TIME_ERROR:
        return Finding(
            "clock",
            Status.FAIL,
            "not synchronised (the kernel's clock state is TIME_ERROR)",
            "turn on time sync (timedatectl set-ntp true, or install chrony) and let it reach "
            "an NTP server (UDP 123): ticket times, business days and backups follow this clock",
        )
    return Finding(
        "clock", Status.OK, f"synchronised (estimated error ±{clock.esterror_us / 1000:g} ms)"
    )


def judge_zone(
    site_zone: str, site_offset: timedelta, system_zone: str, system_offset: timedelta
) -> Finding:
    """The core keeps the site's zone itself, but the journal, timers and any app on this
    machine (the clock on a board, a panel) show the system's."""
    site = f"site {site_zone} {offset_text(site_offset)}"
    system = f"system {system_zone} {offset_text(system_offset)}"
    if site_offset != system_offset:
        return Finding(
            "time zone",
            Status.FAIL,
            f"{system}, {site}",
            f"timedatectl set-timezone {site_zone} (the logs and the apps' clocks use the "
            "system's)",
        )
    return Finding("time zone", Status.OK, f"{site}, the system's too")


# --- the disks -------------------------------------------------------------------------------

MIN_FREE_BYTES = 512 * MIB
"""Never less free than this on a disk that holds the database or the backups: the journal,
SQLite's temporary files and a database that grows all want room too."""
COPIES = 3
"""Room for this many copies of the database on each: by the database, its WAL between two
checkpoints, the copy a migration takes first and the one a restore puts beside it; in the
backup folder, the next copy (written before the old ones are removed) and room to grow."""


def room_needed(database_bytes: int, uses: int = 1) -> int:
    """The free space a disk needs for ``uses`` (the database's folder, the backups': 2 when
    both are on it)."""
    return uses * max(MIN_FREE_BYTES, COPIES * database_bytes)


def judge_disk(check: str, where: str, free: int, total: int, needed: int) -> Finding:
    """FAIL below the room needed (the next backup, a WAL or a migration may not fit); warn
    below twice that, while there is still time to clear or grow it."""
    figure = f"{where}: {size_text(free)} free of {size_text(total)} (needs {size_text(needed)})"
    if free < needed:
        return Finding(
            check, Status.FAIL, figure,
            "free some space (old logs: journalctl --vacuum-size=200M; files left in the "
            "folder) or give it a bigger disk",
        )  # fmt: skip
    if free < 2 * needed:
        return Finding(check, Status.WARN, figure, "free some space soon, or give it a bigger disk")
    return Finding(check, Status.OK, figure)


# --- the backups -----------------------------------------------------------------------------

LOOKBACK_DAYS = 8
"""How far back the opening hours are read: a week, and the day before it."""
END_OF_DAY = time(23, 59, 59, 999999)
"""A period written as ending at 24:00."""


def open_stretch(site: Site, now: datetime) -> tuple[datetime, datetime | None] | None:
    """When the centre opened, if it is open at ``now`` (then the end is None); else when it
    was last open, from when to when. Periods of its services that overlap or touch make one
    stretch; None when it was open at no time in the past week."""
    local = site.local(now)
    spans: list[tuple[datetime, datetime]] = []
    for service in site.services:
        hours = service.hours
        for back in range(LOOKBACK_DAYS, -1, -1):
            day = local.date() - timedelta(days=back)
            if day.weekday() not in hours.weekdays:
                continue
            for begin, finish in hours.periods:
                opened = datetime.combine(day, begin, tzinfo=site.timezone)
                closed = (
                    datetime.combine(day + timedelta(days=1), time(), tzinfo=site.timezone)
                    if finish == END_OF_DAY
                    else datetime.combine(day, finish, tzinfo=site.timezone)
                )
                if opened < closed and opened <= local:
                    spans.append((opened, closed))
    merged: list[tuple[datetime, datetime]] = []
    for opened, closed in sorted(spans):
        if merged and opened <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closed))
        else:
            merged.append((opened, closed))
    for opened, closed in reversed(merged):
        if opened <= local < closed:
            return opened, None
        if closed <= local:
            return opened, closed
    return None


def stale_backup_minutes(
    every: timedelta,
    newest: datetime | None,
    stretch: tuple[datetime, datetime | None] | None,
    now: datetime,
) -> int | None:
    """The ``backup_stale`` alert's rule (``BackupState.stale_minutes``: no backup for more
    than twice the interval while open): now, while the centre is open; while it is closed, as
    it stood when it closed, unless a backup was taken at or after the closing."""
    if stretch is None:
        return None
    opened, closed = stretch
    if closed is None:
        return BackupState(every, last_good=newest, open_since=opened).stale_minutes(now)
    if newest is not None and newest >= closed:
        return None
    return BackupState(every, last_good=newest, open_since=opened).stale_minutes(closed)


def judge_backup(
    site: Site,
    plan: BackupPlan,
    folder: str,
    newest: datetime | None,
    now: datetime,
) -> Finding:
    """The newest backup in the site's folder (dated no later than ``now``) against the
    site's plan and hours."""
    rule = f"every {plan.every_minutes} min while open"
    if newest is None:
        return Finding(
            "backup",
            Status.FAIL,
            f"none in {folder}",
            "take one now: luot-core backup (it says what stops it); then the core takes them "
            f"{rule}",
        )
    taken = site.local(newest).strftime("%Y-%m-%d %H:%M")
    figure = f"newest {taken} ({age_text(now - newest)} ago) in {folder}"
    if not plan.enabled:
        return Finding(
            "backup",
            Status.WARN,
            f"{figure}; the core takes none itself ([backup] enabled = false)",
            "set [backup] enabled = true, or be sure something else copies the database",
        )
    stale = stale_backup_minutes(plan.every, newest, open_stretch(site, now), now)
    if stale is not None:
        return Finding(
            "backup",
            Status.FAIL,
            f"{figure}: none for {stale} min while open (more than twice the "
            f"{plan.every_minutes} min interval)",
            "is the core running (it takes them)? is the folder's disk mounted and writable? "
            "luot-core backup says what stops it",
        )
    return Finding("backup", Status.OK, f"{figure}, {rule}")


# --- the devices -----------------------------------------------------------------------------

PRINTER_FIXES = {
    "paper_out": "put a new paper roll in",
    "cover_open": "close the printer's cover",
    "offline": "check the printer's power and cable (it reports offline or an error)",
    "timeout": "the printer does not answer: check its power and cable",
    "config": "the kiosk's --printer setting is wrong: see its log (journalctl -u luot-kiosk)",
}
"""The printer states a kiosk reports (``kiosk/printer_state.py``) that stop it printing, and
the fix for each."""

UNITS = {
    "kiosk": "luot-kiosk",
    "counter": "luot-counter (or luot-counter-display)",
    "board": "luot-board",
}
"""The systemd unit of the app each role of device runs (a counter's panel or its display)."""


def silent_after(site: Site) -> timedelta:
    """How long a device may go unheard: the console's ``[console] device_lost_seconds``, so both
    call the same one lost; a site that sets none, ``devices.DEVICE_LOST_SECONDS``."""
    console = site.extra.get("console")
    seconds = console.get("device_lost_seconds") if isinstance(console, dict) else None
    return timedelta(seconds=int(seconds) if seconds else DEVICE_LOST_SECONDS)


def judge_device(
    check: str,
    label: str,
    role: str,
    paired_at: datetime,
    last_seen: datetime | None,
    printer: str | None,
    now: datetime,
    silent: timedelta,
    paperless: bool,
) -> Finding:
    """A paired device by the console's rule (``devices.device_state``): lost fails, never
    heard from yet warns; then its printer: a problem fails, or warns where tickets may be
    shown on screen instead (paperless)."""
    state = device_state(role, paired_at, last_seen, printer, now, silent, paperless=paperless)
    who = f"{label} ({role})"
    if role in QUIET_ROLES:
        return Finding(check, Status.OK, f"{who}: paired {age_text(now - paired_at)} ago, no app")
    unit = UNITS.get(role, f"luot-{role}")
    if last_seen is None:
        if state is DeviceState.NEVER:
            return Finding(
                check, Status.WARN,
                f"{who}: paired {age_text(now - paired_at)} ago, not heard from yet",
                "run doctor again in a few minutes",
            )  # fmt: skip
        return Finding(
            check, Status.FAIL,
            f"{who}: never heard from since it was paired {age_text(now - paired_at)} ago",
            f"is it on, running and on the LAN? on it: systemctl status {unit}",
        )  # fmt: skip
    heard = f"{who}: heard {age_text(now - last_seen)} ago"
    if state is DeviceState.LOST:
        return Finding(
            check, Status.FAIL, f"{heard} (silent after {age_text(silent)})",
            f"is it on and on the LAN? on it: systemctl status {unit}; "
            "its log says why it cannot reach the core",
        )  # fmt: skip
    code = printer_code(printer)
    if state is DeviceState.OK:
        said = {"ok": ", printer ok", "none": ", no printer"}.get(code, "")
        return Finding(check, Status.OK, heard + said)
    if state is DeviceState.PAPER_LOW:
        return Finding(check, Status.WARN, f"{heard}, printer paper low", "put a new roll in soon")
    if state is DeviceState.NO_PRINTER:
        return Finding(
            check, Status.FAIL, f"{heard}, no printer: it refuses tickets (no paperless tickets)",
            "give luot-kiosk its --printer, or allow paperless tickets in [rules]",
        )  # fmt: skip
    fix = PRINTER_FIXES.get(code, "see the kiosk's log (journalctl -u luot-kiosk)")
    if paperless:
        return Finding(check, Status.WARN, f"{heard}, printer {code}: tickets on screen only", fix)
    return Finding(check, Status.FAIL, f"{heard}, printer {code}: it refuses tickets", fix)


# --- mDNS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A core of this site heard on mDNS, and whether it answered at the address it gave."""

    url: str
    name: str
    addresses: tuple[str, ...]
    """The addresses it publishes."""
    problem: str | None = None
    """Why its health did not answer there, for this site; None when it did."""


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def judge_mdns(
    site_id: str,
    answers: Sequence[Answer],
    seconds: float,
    listened: Sequence[str],
    served_here: bool,
) -> Finding:
    """The apps find the core by mDNS: exactly one core of the site must answer, at an address
    they can reach (heard on the LAN, a core that publishes only loopback is not)."""
    where = ", ".join(listened)
    if not answers:
        figure = f"no core of site {site_id} answered within {seconds:g} s on {where}"
        if served_here:
            return Finding(
                "mdns", Status.FAIL, f"{figure}, though one serves this database",
                "was it started with --no-mdns? does a firewall drop UDP 5353? is "
                "$LUOT_MDNS_INTERFACES set for it?",
            )  # fmt: skip
        return Finding("mdns", Status.FAIL, figure, "start it: systemctl start luot-core")
    if len(answers) > 1:
        urls = ", ".join(a.url for a in answers)
        return Finding(
            "mdns", Status.FAIL, f"{len(answers)} cores of site {site_id} answer: {urls}",
            "a centre runs one core: stop the others",
        )  # fmt: skip
    answer = answers[0]
    heard = f"{answer.url} ({answer.name})"
    reach = "serve on the LAN's address or 0.0.0.0 (luot-core serve --host)"
    on_lan = not all(_loopback(a) for a in listened)
    if on_lan and all(_loopback(a) for a in answer.addresses):
        return Finding(
            "mdns", Status.FAIL, f"{heard} publishes only loopback, which no device reaches",
            reach,
        )  # fmt: skip
    if answer.problem is not None:
        return Finding("mdns", Status.FAIL, f"{heard} advertised, but: {answer.problem}", reach)
    return Finding("mdns", Status.OK, f"{heard} answers, on {where}")


# --- the database ----------------------------------------------------------------------------


def judge_database(schema: int, latest: int, site: Site | None, problem: str = "") -> Finding:
    """The database's schema against this release's, and its site."""
    if site is None:
        return Finding(
            "database", Status.FAIL, f"schema {schema}; no site can be read: {problem}",
            "if it was never set up: luot-core init; else see the integrity line",
        )  # fmt: skip
    figure = f"site {site.id} ({site.name}), schema {schema}"
    if schema < latest:
        return Finding(
            "database", Status.FAIL, f"{figure}; this release's is {latest}",
            "restart the core (it migrates when it starts), or luot-core migrate with it stopped",
        )  # fmt: skip
    if schema > latest:
        return Finding(
            "database", Status.FAIL, f"{figure}, written by a newer release (this one's is "
            f"{latest})", "run the release that wrote it",
        )  # fmt: skip
    return Finding("database", Status.OK, f"{figure}, this release's")


def judge_integrity(problems: Sequence[str], size: int, seconds: float) -> Finding:
    """``PRAGMA integrity_check``'s answer: nothing but ``ok`` is a damaged file."""
    figure = f"integrity_check of {size_text(size)} in {seconds:.1f} s"
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Finding(
            "integrity", Status.FAIL, f"{figure}: {problems[0]}{more}",
            "stop the core and luot-core restore the newest backup (docs/operations.md); the "
            "damaged file is kept beside it",
        )  # fmt: skip
    return Finding("integrity", Status.OK, f"{figure}: ok")
