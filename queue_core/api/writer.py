"""The one writer thread: every change goes through it, grouped into one durable commit."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_core import clock
from queue_core.domain import Command, Event, Site
from queue_core.errors import LuotError, StoreError
from queue_core.shapes import event_text
from queue_core.store import Outcome, Principal, Store, authenticate

log = logging.getLogger("luot.api.writer")

MAX_BATCH = 256
IDLE_POLL_SECONDS = 0.5
"""How often an idle writer looks for events other processes committed (e.g. the CLI)."""

Authorize = Callable[[Principal], Command]
"""Turns the caller into the command to run, or raises (AccessDenied...) before anything runs."""
Transaction = Callable[[Store, datetime], Any]
"""Runs inside its own transaction; returning an exception commits and then raises it."""
Publish = Callable[[list[tuple[int, str]]], None]
"""Called on the event loop with the committed events, in seq order, as (seq, JSON text)."""
ACCESS_EVENTS = frozenset({"counter.closed", "day.reset"})
"""Committed events that end sessions (a counter's, a day's)."""


@dataclass
class _Job:
    future: asyncio.Future[Any]
    token: str | None = None
    authorize: Authorize | None = None
    command: Command | None = None
    transaction: Transaction | None = None
    now: datetime = field(default_factory=lambda: clock.now())


class Writer:
    """Owns the writing Store on its own thread.

    Requests queue up while a commit is on its way to disk; the next batch takes them all
    and runs them through ``Store.execute_many``: one fsync for the lot, each caller
    answered only after that commit. Committed events are then handed to ``publish`` on
    the event loop, in order, with any events other processes committed meanwhile.
    """

    def __init__(self, db_path: Path, loop: asyncio.AbstractEventLoop, publish: Publish) -> None:
        self._path = db_path
        self._loop = loop
        self._publish = publish
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="luot-writer", daemon=True)
        self._store: Store | None = None
        self.published_seq = 0
        self.site: Site | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self.on_access_change: Callable[[], None] | None = None
        """Called on the event loop after a commit that may have ended a session or a device's
        token: a transaction (logins, logouts, the console's changes) or ACCESS_EVENTS."""
        self._access_changed = False
        self.turned_at = time.monotonic()
        """When the thread last began a turn (``time.monotonic()``). An idle turn ends within
        IDLE_POLL_SECONDS, so an old one means a batch that does not end: a stuck writer."""

    @property
    def alive(self) -> bool:
        """Whether the thread still runs (it ends only when stopped, or on a bug)."""
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            raise self._failure

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    # --- called on the event loop ---------------------------------------------------------

    def command(self, token: str | None, authorize: Authorize) -> asyncio.Future[Outcome]:
        """Authenticate ``token``, build the command, run it in the next group commit."""
        future: asyncio.Future[Outcome] = self._loop.create_future()
        self._queue.put(_Job(future, token=token, authorize=authorize))
        return future

    def run_command(self, command: Command) -> asyncio.Future[Outcome]:
        """Run a command that needs no caller (the server's own)."""
        future: asyncio.Future[Outcome] = self._loop.create_future()
        self._queue.put(_Job(future, command=command))
        return future

    def transaction(self, work: Transaction) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = self._loop.create_future()
        self._queue.put(_Job(future, transaction=work))
        return future

    # --- the thread -------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            # the server's Checkpointer does the checkpoints, off this thread
            self._store = Store.open(self._path, autocheckpoint=0)
            self.published_seq = self._store.last_seq()
            self.site = self._store.site
        except BaseException as exc:  # reported to start()
            self._failure = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while self._loop_once():
                pass
        finally:
            self._store.close()

    def _loop_once(self) -> bool:
        self.turned_at = time.monotonic()
        try:
            first = self._queue.get(timeout=IDLE_POLL_SECONDS)
        except queue.Empty:
            self._publish_others()
            return True
        jobs: list[_Job] = []
        running = True
        item: _Job | None = first
        while True:
            if item is None:
                running = False
                break
            jobs.append(item)
            if len(jobs) >= MAX_BATCH:
                break
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
        if jobs:
            self._run_batch(jobs)
        return running

    def _run_batch(self, jobs: list[_Job]) -> None:
        answers: list[tuple[_Job, Any, BaseException | None]] = []
        events: list[Event] = []
        commands: list[tuple[_Job, Command]] = []
        principals: dict[str | None, Principal] = {}  # a kiosk sends many in one batch
        for job in jobs:
            if job.transaction is not None:
                self._access_changed = True
                self._flush_commands(commands, answers, events)
                principals.clear()  # a transaction may pair, revoke or end a session
                answers.append(self._run_transaction(job))
                continue
            try:
                commands.append((job, self._build(job, principals)))
            except LuotError as error:  # the caller may not, or the input is refused
                answers.append((job, None, error))
        self._flush_commands(commands, answers, events)
        self._loop.call_soon_threadsafe(self._deliver, answers, [])  # callers first, then boards
        try:
            self.site = self._store.site if self._store is not None else self.site
            committed = self._catch_up(events, self.site)
        except Exception:  # the commit stands; subscribers will resume from the log
            log.exception("cannot read back the committed events")
            committed = []
        if committed:
            self._loop.call_soon_threadsafe(self._deliver, [], committed)
        self._tell_access_change()

    def _publish_others(self) -> None:
        try:
            published = self._catch_up(None)
        except StoreError:
            log.exception("cannot read the event log")
            return
        if published:
            self._loop.call_soon_threadsafe(self._deliver, [], published)
        self._tell_access_change()

    def _tell_access_change(self) -> None:
        if self._access_changed and self.on_access_change is not None:
            self._loop.call_soon_threadsafe(self.on_access_change)
        self._access_changed = False

    def _build(self, job: _Job, principals: dict[str | None, Principal]) -> Command:
        if job.command is not None:
            return job.command
        assert self._store is not None and job.authorize is not None
        principal = principals.get(job.token)
        if principal is None:
            principal = principals[job.token] = authenticate(self._store.conn, job.token, job.now)
        return job.authorize(principal)

    def _flush_commands(
        self,
        commands: list[tuple[_Job, Command]],
        answers: list[tuple[_Job, Any, BaseException | None]],
        events: list[Event],
    ) -> None:
        if not commands:
            return
        assert self._store is not None
        try:
            outcomes = self._store.execute_many([(cmd, job.now) for job, cmd in commands])
        except Exception as exc:  # the whole batch failed: a bug or the disk, not the input
            log.exception("group commit failed")
            answers.extend((job, None, exc) for job, _cmd in commands)
        else:
            for (job, _cmd), outcome in zip(commands, outcomes, strict=True):
                answers.append((job, outcome, outcome.error))
                events.extend(outcome.events)
        commands.clear()

    def _run_transaction(self, job: _Job) -> tuple[_Job, Any, BaseException | None]:
        assert self._store is not None and job.transaction is not None
        try:
            with self._store.transaction():
                result = job.transaction(self._store, job.now)
        except Exception as exc:
            return job, None, exc
        if isinstance(result, BaseException):
            return job, None, result
        return job, result, None

    def _catch_up(
        self, events: list[Event] | None, site: Site | None = None
    ) -> list[tuple[int, str]]:
        """Committed events not yet published, as (seq, contract JSON text), in order.

        Read back from the log, so that events other processes committed (the CLI) go out
        too, in their place.
        """
        assert self._store is not None
        seqs = [e.seq for e in events or () if e.seq is not None]
        last = max(seqs) if seqs else self._store.last_seq()
        out: list[tuple[int, str]] = []
        if last <= self.published_seq:
            return out
        site = site or self._store.site
        while self.published_seq < last:
            page = [
                b for b in self._store.events_since(self.published_seq, 1000) if b["seq"] <= last
            ]
            if not page:
                break
            out.extend((b["seq"], event_text(site, b)) for b in page)
            if any(b["type"] in ACCESS_EVENTS for b in page):
                self._access_changed = True
            self.published_seq = page[-1]["seq"]
        return out

    def _deliver(
        self, answers: list[tuple[_Job, Any, BaseException | None]], events: list[tuple[int, str]]
    ) -> None:
        if events:
            self._publish(events)
        for job, result, error in answers:
            if job.future.done():
                continue
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(result)
