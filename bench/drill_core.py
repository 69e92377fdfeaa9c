"""The drill's core: its site, its database with the clerks, and its process, which the
drill kills and starts again on the same database and port, its clock carrying on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from harness.child import free_port
from harness.server import CoreServer
from queue_core.domain import Site
from queue_core.store import Store

__all__ = [
    "PIN",
    "PRINT_SERVICE",
    "SERVICES",
    "DrillCore",
    "prepare",
    "simulated_part",
    "site_toml",
]

SERVICES = ("chung-thuc", "ly-lich", "ho-tich", "dat-dai")
PRINT_SERVICE = "tra-ket-qua"
"""The printing kiosk's service, with a counter of its own: the simulator never meets the
printing kiosk's tickets (its clerks would wait for a 201 their own kiosk never had)."""
PIN = "2468"
ClockSource = Callable[[], tuple[datetime, float]]
"""The moment the core's clock should start from now, and its speed."""


def site_toml(counters: int) -> str:
    """Four services open all day and night; counters 1..``counters`` serve all four, each
    putting another first; counter ``counters + 1`` serves the printing kiosk's service."""
    head = """
[site]
id = "drill"
name = "Trung tâm diễn tập"
timezone = "Asia/Ho_Chi_Minh"

[hours]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
periods = ["00:00-24:00"]

[kiosk]
tickets_per_minute = 0  # the drill's kiosks share one token at 40 tickets/s: a load, not a person

[[agencies]]
id = "stp"
name = "Sở Tư pháp"
"""
    names = ("Chứng thực bản sao", "Lý lịch tư pháp", "Hộ tịch", "Đất đai")
    services = "".join(
        f'\n[[services]]\nid = "{sid}"\nagency = "stp"\nname = "{name}"\n'
        f'numbers = "{n + 1}00000-{n + 1}99999"\naverage_service_minutes = 4\n'
        for n, (sid, name) in enumerate(zip(SERVICES, names, strict=True))
    )
    services += (
        f'\n[[services]]\nid = "{PRINT_SERVICE}"\nagency = "stp"\nname = "Trả kết quả"\n'
        'numbers = "500000-599999"\naverage_service_minutes = 4\n'
    )
    desks = "".join(
        f"\n[[counters]]\nnumber = {c}\nservices = {list(SERVICES[c % 4 :] + SERVICES[: c % 4])}\n"
        for c in range(1, counters + 1)
    )
    desks += f'\n[[counters]]\nnumber = {counters + 1}\nservices = ["{PRINT_SERVICE}"]\n'
    return head + services + desks


def simulated_part(site: Site) -> Site:
    """The site without the printing kiosk's service and counter: what the simulator plays."""
    return replace(
        site,
        services=tuple(s for s in site.services if s.id != PRINT_SERVICE),
        counters=tuple(c for c in site.counters if PRINT_SERVICE not in c.services),
    )


class DrillCore(CoreServer):
    """A CoreServer whose simulated clock, when ``clock_source`` is set, is asked for again
    at every start: a core restarted after a kill carries on from the time it had reached."""

    def __init__(self, db_path: Path, port: int, log_path: Path) -> None:
        super().__init__(db_path, port, log_path)
        self.clock_source: ClockSource | None = None

    def start(self) -> None:
        if self.clock_source is not None:
            self.clock = self.clock_source()
        super().start()

    def last_seq(self) -> int:
        store = self.store()
        try:
            return store.last_seq()
        finally:
            store.close()

    def site(self) -> Site:
        store = self.store()
        try:
            return store.site
        finally:
            store.close()


def prepare(directory: Path, counters: int) -> DrillCore:
    """The database (site, one clerk per counter, ``clerkN`` with PIN) and its core."""
    db = directory / "drill.db"
    store = Store.open(db)
    try:
        store.import_site(site_toml(counters), datetime.now(UTC))
    finally:
        store.close()
    core = DrillCore(db, free_port(), directory / "core.log")
    for n in range(1, counters + 2):
        core.add_staff(f"clerk{n}", PIN, "clerk")
    return core
