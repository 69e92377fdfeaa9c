"""The checks of `luot-core doctor`, read off this machine: the kernel's clock, the system's time
zone, the disks, the backup folder, the paired devices, the core on mDNS, the database; each
judged by ``domain.health``, one finding a line, and one check's trouble never stops the rest."""

from __future__ import annotations

import ctypes
import ctypes.util
import ipaddress
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from queue_core.domain import Site
from queue_core.domain.health import (
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
    room_needed,
    silent_after,
)
from queue_core.errors import LuotError
from queue_core.store import (
    backup_folder,
    database_bytes,
    integrity_problems,
    latest_schema,
    list_backups,
    paired_devices,
    plan_of,
    schema_of,
    served_by,
    stored_site,
)

__all__ = ["MDNS_SECONDS", "Options", "Probes", "read_kernel_clock", "run_checks"]

MDNS_SECONDS = 3.0
"""How long to listen for the core: what the apps give it at start (ui_common's Timings)."""
HEALTH_SECONDS = 3.0
"""How long the core found may take to answer its health."""


# --- what is read off the machine ------------------------------------------------------------


class _Timeval(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long))


class _Timex(ctypes.Structure):
    """Linux's ``struct timex`` (adjtimex(2)), whole, padding included."""

    _fields_ = (
        ("modes", ctypes.c_uint),
        ("offset", ctypes.c_long),
        ("freq", ctypes.c_long),
        ("maxerror", ctypes.c_long),
        ("esterror", ctypes.c_long),
        ("status", ctypes.c_int),
        ("constant", ctypes.c_long),
        ("precision", ctypes.c_long),
        ("tolerance", ctypes.c_long),
        ("time", _Timeval),
        ("tick", ctypes.c_long),
        ("ppsfreq", ctypes.c_long),
        ("jitter", ctypes.c_long),
        ("shift", ctypes.c_int),
        ("stabil", ctypes.c_long),
        ("jitcnt", ctypes.c_long),
        ("calcnt", ctypes.c_long),
        ("errcnt", ctypes.c_long),
        ("stbcnt", ctypes.c_long),
        ("tai", ctypes.c_int),
        ("_padding", ctypes.c_int * 11),
    )


def read_kernel_clock() -> KernelClock:
    """The kernel's own word on whether NTP keeps the clock: adjtimex(2) with no change asked
    (modes 0, which needs no privilege). Not ``timedatectl``: it needs a running systemd, which
    a container may lack, and asks the kernel anyway."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    timex = _Timex()
    state = int(libc.adjtimex(ctypes.byref(timex)))
    if state < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"adjtimex: {os.strerror(errno)}")
    return KernelClock(state, int(timex.esterror))


def system_zone(localtime: Path, now: datetime) -> tuple[str, timedelta]:
    """The system's zone as /etc/localtime says, and its offset at ``now``: its name from the
    link's target when it is one; UTC when there is none, as the C library takes it."""
    try:
        with localtime.open("rb") as tzfile:
            zone = ZoneInfo.from_file(tzfile)
    except FileNotFoundError:
        return f"UTC (no {localtime})", timedelta()
    target = os.path.realpath(localtime)
    name = target.split("/zoneinfo/", 1)[1] if "/zoneinfo/" in target else str(localtime)
    return name, now.astimezone(zone).utcoffset() or timedelta()


@dataclass(frozen=True)
class Probes:
    """What the checks read off the machine that a test must be able to choose."""

    kernel_clock: Callable[[], KernelClock] = read_kernel_clock
    localtime: Path = Path("/etc/localtime")


@dataclass(frozen=True)
class Options:
    """The technician's choices (``luot-core doctor``'s options)."""

    mdns: bool = True
    mdns_seconds: float = MDNS_SECONDS
    interfaces: list[str] = field(default_factory=list)
    """The addresses to listen on for mDNS; none: ``$LUOT_MDNS_INTERFACES``, else this
    machine's LAN addresses."""


# --- the checks ------------------------------------------------------------------------------


def run_checks(db: Path, now: datetime, options: Options, probes: Probes) -> list[Finding]:
    """Every check, in the order a technician reads them; a check that needs the site when
    the database gives none says so and the rest go on."""
    site, problem = _site(db)
    findings = [clock_check(probes)]
    findings += _each(lambda: [zone_check(site, problem, probes, now)], "time zone")
    findings += _each(lambda: list(disk_checks(db, site)), "disk")
    findings += _each(lambda: [backup_check(db, site, problem, now)], "backup")
    findings += _each(lambda: list(device_checks(db, site, problem, now)), "devices")
    findings += _each(lambda: [mdns_check(db, site, problem, options)], "mdns")
    findings += _each(lambda: [database_check(db, site, problem)], "database")
    findings += _each(lambda: [integrity_check(db)], "integrity")
    return findings


def _each(check: Callable[[], list[Finding]], name: str) -> list[Finding]:
    """A check whose reading failed (a folder it may not read, a database it cannot open) is a
    failed line, not the end of the report."""
    try:
        return check()
    except (LuotError, OSError) as exc:
        message = exc.message if isinstance(exc, LuotError) else str(exc)
        return [Finding(name, Status.FAIL, f"cannot check: {message}", "fix that, then run again")]


def _site(db: Path) -> tuple[Site | None, str]:
    try:
        return stored_site(db), ""
    except LuotError as exc:
        return None, exc.message


def _no_site(check: str, problem: str) -> Finding:
    return Finding(check, Status.SKIP, f"needs the site, which the database cannot give: {problem}")


def clock_check(probes: Probes) -> Finding:
    try:
        return judge_clock(probes.kernel_clock())
    except OSError as exc:
        return judge_clock(None, str(exc))


def zone_check(site: Site | None, problem: str, probes: Probes, now: datetime) -> Finding:
    if site is None:
        return _no_site("time zone", problem)
    name, offset = system_zone(probes.localtime, now)
    return judge_zone(str(site.timezone), site.local(now).utcoffset() or timedelta(), name, offset)


def _existing(folder: Path) -> Path:
    """The folder, or its nearest parent that exists: the disk a folder not made yet goes on."""
    path = folder
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def disk_checks(db: Path, site: Site | None) -> Iterator[Finding]:
    """The database's folder and the backups', each with room for three copies of the database
    (at least 512 MiB); one line when both are on one disk, which then needs room for both."""
    size = database_bytes(db)
    data = _existing(db.absolute().parent)
    if site is None:
        usage = shutil.disk_usage(data)
        yield judge_disk("disk", str(data), usage.free, usage.total, room_needed(size))
        return
    backups = backup_folder(db, plan_of(site)).absolute()
    held = _existing(backups)
    shown = str(backups) if backups.is_dir() else f"{backups} (not made yet)"
    if data.stat().st_dev == held.stat().st_dev:
        usage = shutil.disk_usage(data)
        yield judge_disk(
            "disk", f"{data} and {shown}", usage.free, usage.total, room_needed(size, 2)
        )
        return
    for check, folder, where in (
        ("disk: database", data, str(data)),
        ("disk: backups", held, shown),
    ):
        usage = shutil.disk_usage(folder)
        yield judge_disk(check, where, usage.free, usage.total, room_needed(size))


def backup_check(db: Path, site: Site | None, problem: str, now: datetime) -> Finding:
    if site is None:
        return _no_site("backup", problem)
    plan = plan_of(site)
    folder = backup_folder(db, plan)
    # A backup dated after now was taken by a clock that has since gone back: not counted,
    # as the core does not count it.
    taken = [b.taken_at for b in list_backups(folder, site.id) if b.taken_at <= now]
    return judge_backup(site, plan, str(folder.absolute()), taken[-1] if taken else None, now)


def device_checks(db: Path, site: Site | None, problem: str, now: datetime) -> Iterator[Finding]:
    if site is None:
        yield _no_site("devices", problem)
        return
    devices = paired_devices(db)
    if not devices:
        yield Finding("devices", Status.OK, "none paired")
        return
    silent = silent_after(site)
    for device in devices:
        yield judge_device(
            f"device {device.id}",
            device.name,
            device.role.value,
            device.paired_at,
            device.last_seen,
            device.printer,
            now,
            silent,
            site.rules.paperless_tickets,
        )


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses but loopback: where the devices hear the core."""
    import ifaddr

    found = {
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not ipaddress.ip_address(str(ip.ip)).is_loopback
    }
    return sorted(found)


def mdns_check(db: Path, site: Site | None, problem: str, options: Options) -> Finding:
    """Listens where the devices do: on the LAN's addresses (not every interface, where a core
    heard only on loopback would pass), unless told or ``$LUOT_MDNS_INTERFACES`` says."""
    if not options.mdns:
        return Finding("mdns", Status.SKIP, "not checked (--no-mdns)")
    if site is None:
        return _no_site("mdns", problem)
    from zeroconf import InterfaceChoice

    from queue_core.discovery import browse_sync, default_interfaces

    chosen = default_interfaces()
    interfaces = options.interfaces or (
        list(chosen) if not isinstance(chosen, InterfaceChoice) else lan_addresses()
    )
    if not interfaces:
        return Finding(
            "mdns", Status.FAIL, "this machine has no LAN address to listen on",
            "is its network up? ip address",
        )  # fmt: skip
    found = browse_sync(options.mdns_seconds, site.id, interfaces=interfaces)
    answers = [
        Answer(c.url, c.name, c.addresses, _health_problem(c.url + c.api_path, site.id))
        for c in found
    ]
    return judge_mdns(site.id, answers, options.mdns_seconds, interfaces, served_by(db) is not None)


def _health_problem(api: str, site_id: str) -> str | None:
    """Why the core found does not answer its health there, for this site; None when it does.
    Whether it answers, not who it is: a TLS core's certificate is the apps' to pin."""
    import httpx

    try:
        response = httpx.get(api + "/health", timeout=HEALTH_SECONDS, trust_env=False, verify=False)
    except httpx.HTTPError as exc:
        return f"its health does not answer there ({type(exc).__name__}: {exc})"
    if response.status_code != 200:
        return f"its health answers {response.status_code}"
    try:
        answered = response.json()["site"]["id"]
    except (ValueError, KeyError, TypeError):
        return "what answers there is not a Lượt core"
    return None if answered == site_id else f"the core there serves site {answered}"


def database_check(db: Path, site: Site | None, problem: str) -> Finding:
    return judge_database(schema_of(db), latest_schema(), site, problem)


def integrity_check(db: Path) -> Finding:
    began = time.perf_counter()
    problems = integrity_problems(db)
    return judge_integrity(problems, database_bytes(db), time.perf_counter() - began)
