"""A centre to simulate: a fresh database with its site and clerks, and its core as a child."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from harness.child import LOOPBACK, free_port, serve_command, stop, until_answering
from queue_core.config import load_logo, load_site
from queue_core.domain import Role, Site
from queue_core.store import DeviceRole, Store, add_staff, create_pairing_code, pair_device
from simulator.clerks import Clerk

CLERK_NAMES = (
    "Nguyễn Thị Lan",
    "Trần Văn Minh",
    "Lê Thị Hoa",
    "Phạm Đức Anh",
    "Hoàng Thị Thu",
    "Vũ Quang Huy",
    "Đặng Thị Mai",
    "Bùi Văn Nam",
    "Đỗ Thị Hương",
    "Ngô Minh Tuấn",
    "Dương Thị Ngọc",
    "Lý Văn Sơn",
)


def fresh_database(db: Path, site_path: Path, now: datetime) -> Site:
    """A new database at ``db`` (any file there is replaced) with the site loaded."""
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    site, text = load_site(site_path)
    store = Store.open(db)
    try:
        store.import_site(text, now, str(site_path), load_logo(site_path, site))
    finally:
        store.close()
    return site


def clerk_names(site: Site) -> list[str]:
    """Who works at each counter, in the site's order: a clerk the site lists for it whom no
    counter before took, or ``quayNN`` where it lists nobody (``quayNN`` is listed nowhere, so
    it may sign in there)."""
    names: list[str] = []
    for counter in site.counters:
        listed = [u for u in counter.staff or () if u not in names]
        names.append(listed[0] if listed else f"quay{counter.number:02d}")
    return names


def add_clerks(db: Path, site: Site) -> list[Clerk]:
    """One clerk per counter (``clerk_names``), each with a fresh PIN (kept only in this run's
    memory)."""
    clerks = []
    names = {s.username: s.display_name for s in site.staff}
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            for index, (counter, username) in enumerate(
                zip(site.counters, clerk_names(site), strict=True)
            ):
                name = names.get(username) or CLERK_NAMES[index % len(CLERK_NAMES)]
                pin = f"{secrets.randbelow(10**6):06d}"
                add_staff(conn, username, name, Role.CLERK, pin, "Chuyên viên")
                clerks.append(Clerk(username, pin, counter.number))
    finally:
        store.close()
    return clerks


def device_token(db: Path, now: datetime, counter: int | None = None) -> str:
    """The simulated kiosk's token, or the display's of ``counter``: paired straight in the
    database before the core starts, as a pairing code is spent. Over HTTP, a code made at the
    clock's start would expire within half a second at ×1200 on a busy machine."""
    role, name = (
        (DeviceRole.KIOSK, "Kiosk mô phỏng")
        if counter is None
        else (DeviceRole.COUNTER_DISPLAY, f"Màn hình quầy {counter} (mô phỏng)")
    )
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            code, _ = create_pairing_code(conn, role, name, now, counter)
            token, _ = pair_device(conn, code, name, now)
    finally:
        store.close()
    return token


@dataclass
class CoreProcess:
    """``luot-core serve`` on 127.0.0.1 with a simulated clock, its output in ``log``."""

    db: Path
    start: datetime
    speed: float
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def command(self) -> Sequence[str]:
        return serve_command(self.db, self.port, at=self.start, speed=self.speed)

    async def __aenter__(self) -> CoreProcess:
        self.port = self.port or free_port()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            await asyncio.to_thread(until_answering, self.process, self.url)
        except BaseException as failed:
            self.stop()
            if isinstance(failed, RuntimeError):  # it ended: its log says why
                raise RuntimeError(f"{failed}; see {self.log}") from failed
            raise
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not ended in 10 s."""
        if self.process is not None:
            stop(self.process)
