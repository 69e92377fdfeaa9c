"""The serving core's own backups, on a thread of their own: every ``[backup] every_minutes``
while the centre is open and each time it closes, the old ones removed by the plan, and what
the console's alerts need to know (the last good one, the last failure)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from queue_core import clock
from queue_core.domain import BackupPlan, BackupState, Site, backup_due, centre_open
from queue_core.errors import LuotError
from queue_core.store.backup import (
    backup_folder,
    list_backups,
    plan_of,
    prune_backups,
    take_backup,
)
from queue_core.store.store import Store

log = logging.getLogger("luot.store.backup")

TICK_SECONDS = 2.0
"""How often the thread looks at the clock, the hours and the folder (real seconds)."""


class BackupScheduler:
    """Started and stopped with the API (``api.runtime``); never on the event loop. A backup
    reads one snapshot on its own connection, so the writer goes on while it is taken."""

    def __init__(
        self,
        db_path: Path,
        now: Callable[[], datetime] = clock.now,
        tick: float = TICK_SECONDS,
    ) -> None:
        self._path, self._now, self._tick = db_path, now, tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="luot-backup", daemon=True)
        self._lock = threading.Lock()
        self._state: BackupState | None = None
        self._was_open = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)  # a backup under way is finished, not torn

    def state(self) -> BackupState | None:
        """What the alerts read; None while the site takes no backups by itself."""
        with self._lock:
            return self._state

    # --- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        store = Store.open(self._path)
        try:
            while True:
                try:
                    self.check(store)
                except Exception:  # a bug here must not end the backups, nor the core
                    log.exception("backup check crashed")
                if self._stop.wait(self._tick):
                    return
        finally:
            store.close()

    def check(self, store: Store) -> None:
        """One look: take a backup if one is due, and keep the state the alerts read."""
        now = self._now()
        site = store.site
        plan = plan_of(site)
        if not plan.enabled:
            self._set(None)
            self._was_open = False
            return
        folder = backup_folder(self._path, plan)
        open_now = centre_open(site, now)
        state = self._state_now(plan, folder, site, now, open_now)
        due = backup_due(now, state.last_good, plan.every, open_now, self._was_open)
        self._was_open = open_now
        if due is not None:
            state = self._take(site, plan, folder, now, state, due.value)
        self._set(state)

    def _state_now(
        self, plan: BackupPlan, folder: Path, site: Site, now: datetime, open_now: bool
    ) -> BackupState:
        previous = self._state or BackupState(plan.every)
        try:
            backups = [b for b in list_backups(folder, site.id) if b.taken_at <= now]
        except LuotError:
            backups = []
        last_good = backups[-1].taken_at if backups else previous.last_good
        open_since = previous.open_since if open_now else None
        if open_now and open_since is None:
            open_since = now
        return replace(previous, every=plan.every, last_good=last_good, open_since=open_since)

    def _take(
        self, site: Site, plan: BackupPlan, folder: Path, now: datetime, state: BackupState,
        why: str,
    ) -> BackupState:  # fmt: skip
        try:
            copied = take_backup(self._path, folder, now)
            removed = prune_backups(folder, site.id, plan, site.business_day)
        except (LuotError, OSError, sqlite3.Error) as exc:
            message = exc.message if isinstance(exc, LuotError) else str(exc)
            log.warning("backup failed (%s): %s", why, message)
            return replace(state, last_failure=now, failure=message)
        log.info(
            "backup taken (%s): %s, seq %d, %d events, %.0f ms; %d old removed",
            why, copied.path, copied.seq, copied.events, copied.seconds * 1000, len(removed),
        )  # fmt: skip
        return replace(state, last_good=now)

    def _set(self, state: BackupState | None) -> None:
        with self._lock:
            self._state = state
