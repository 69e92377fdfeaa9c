"""What one running API holds: the database to itself, the writer, the reader, the hub and its
listeners, the phone pages' feed, the checkpoints, the backups, the shipping to the province and
the texts to phones, the guards against guessing and the kiosks' pace."""

from __future__ import annotations

import asyncio
from pathlib import Path

from queue_core.api.checkpoint import Checkpointer
from queue_core.api.follow import PageFeed
from queue_core.api.guards import PairingGuard, PinGuard
from queue_core.api.hub import Hub
from queue_core.api.issue_rate import IssueRate
from queue_core.api.listeners import Listeners
from queue_core.api.reader import Reader
from queue_core.api.writer import Writer
from queue_core.domain import Command, Site
from queue_core.errors import DomainError
from queue_core.notifier import Notifier
from queue_core.shipping import Shipper
from queue_core.store import BackupScheduler, DatabaseLock, Outcome, Store

ISSUE_SECONDS = 30.0
"""How long a thread of the core waits for the writer to run its command."""


class ApiRuntime:
    """Started in the app's lifespan; every route reaches the queue through this."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.hub = Hub(0)
        self.pages = PageFeed(
            lambda work: self.reader.read(work), lambda work: self._aside().read(work)
        )
        self.hub.also.append(self.pages.published)
        self.pairing = PairingGuard()
        self.pins = PinGuard()
        self.issues = IssueRate()
        self.listeners = Listeners(self.hub)
        self._lock = DatabaseLock(db_path, "serving")
        self._writer: Writer | None = None
        self._checkpointer: Checkpointer | None = None
        self._backups: BackupScheduler | None = None
        self._shipper: Shipper | None = None
        self._notifier: Notifier | None = None
        self._reader: Reader | None = None
        self._pages_reader: Reader | None = None
        self._site: Site | None = None

    @property
    def site(self) -> Site:
        """The site as the writer last saw it (a re-imported site file shows after a write)."""
        site = self._writer.site if self._writer is not None else self._site
        assert site is not None, "the core is not started"
        return site

    @property
    def writer(self) -> Writer:
        assert self._writer is not None, "the core is not started"
        return self._writer

    @property
    def reader(self) -> Reader:
        assert self._reader is not None, "the core is not started"
        return self._reader

    @property
    def backups(self) -> BackupScheduler | None:
        return self._backups

    @property
    def shipper(self) -> Shipper | None:
        """The event log's shipper to the province; None when the site has no [province]."""
        return self._shipper

    @property
    def notifier(self) -> Notifier | None:
        """The texts to citizens' phones; None when the site has no [sms]."""
        return self._notifier

    def start(self) -> None:
        # Held for the core's life: a restore or a migration refuses while it is (and a second
        # core on the same file refuses to start).
        self._lock.acquire()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        store = Store.open(self.db_path)
        try:
            self._site = store.site  # fails early when the database has no site
        finally:
            store.close()
        self._loop = asyncio.get_running_loop()
        self._writer = Writer(self.db_path, self._loop, self.hub.publish)
        self._writer.on_access_change = self.listeners.recheck_soon
        self._writer.start()
        self._checkpointer = Checkpointer(self.db_path)
        self._checkpointer.start()
        self._backups = BackupScheduler(self.db_path)
        self._backups.start()
        self._shipper = Shipper.for_site(self.db_path, self._site)
        if self._shipper is not None:
            self._shipper.start()
        self._notifier = Notifier.for_site(self.db_path, self._site.extra, self._issue_from)
        if self._notifier is not None:
            self._notifier.start()
        self.hub.last_seq = self._writer.published_seq
        self._reader = Reader(self.db_path)
        self.listeners.start(self._reader)

    def _aside(self) -> Reader:
        """The phone pages' own reader, opened when the first page is followed."""
        if self._pages_reader is None:
            self._pages_reader = Reader(self.db_path)
        return self._pages_reader

    def _issue_from(self, command: Command) -> Outcome:
        """For a thread of the core's own (the notifier's): ``command`` through the writer,
        waited for; its events go out at once, as a kiosk's do."""
        loop, writer = self._loop, self.writer

        async def run() -> Outcome:
            return await writer.run_command(command)

        try:
            return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=ISSUE_SECONDS)
        except DomainError as refused:
            return Outcome(error=refused)

    def stop(self) -> None:
        self.listeners.stop()
        if self._writer is not None:
            self._writer.stop()
        if self._shipper is not None:
            self._shipper.stop()
        if self._notifier is not None:
            self._notifier.stop()
        if self._backups is not None:
            self._backups.stop()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.pages.close()
        if self._reader is not None:
            self._reader.close()
        if self._pages_reader is not None:
            self._pages_reader.close()
        self._lock.release()
