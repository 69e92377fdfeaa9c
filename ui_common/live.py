"""An app's live connection to the core: its snapshot, then the event stream from that seq, kept
up while the core comes and goes.

Every app follows the core the same way, through one ``LiveConnection``:

1. **Snapshot.** ``start()`` (or the first ``refresh()``) reads what the app shows of the core
   (its ``read``: the board, the services…); the answer is ``snapshot_taken``, and the event
   stream is opened from the answer's seq (``seq_of``).
2. **Events** arrive as ``event_received``; the app asks ``refresh_soon()`` when one makes
   what it shows stale, and a burst of them costs one read (``refreshed``).
3. **Away.** A read that fails is tried again after the timings' backoff (``read_failed``
   says so each time); before the stream is open that is ``RECONNECTING``. Once the stream
   is back (``CONNECTED`` after a drop) what the app shows is read again. A read that
   answers while the stream is still waiting out its own backoff opens it again at once.
4. **Closed.** A stream the core closed (refused, ended) is opened again after the
   timings' backoff, from the last event it delivered.
5. **Polling and a core that moved** (the kiosk's): with ``poll``, the core is read every
   few seconds while the stream is away; with a ``finder``, the core is looked for again
   on the LAN after a run of failed reads, and followed where it is now.

``state_changed`` carries the ConnectionState the app shows (its reconnecting banner);
``NOT_TRUSTED`` when another machine answered at the core's address with a certificate the
device did not pin (nothing was sent to it): the app says so, and goes on trying.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from queue_core.client import (
    ConnectionState,
    CoreClient,
    CoreError,
    CoreEvent,
    CoreNotTrusted,
    CoreUnavailable,
    StreamSnapshot,
)
from ui_common.bridge import CoreBridge
from ui_common.qt import QObject, QTimer, Signal
from ui_common.timings import TIMINGS, Timings

__all__ = ["Finder", "LiveConnection", "Read"]

log = logging.getLogger(__name__)
S = TypeVar("S")

Read = Callable[[CoreClient], Awaitable[S]]
"""What an app reads of the core, on the bridge's worker loop."""
Finder = Callable[[], Awaitable[str]]
"""The URL of the core found on the LAN now (run on the bridge's worker loop)."""
_ENDED = (ConnectionState.CLOSED, ConnectionState.NOT_TRUSTED)
"""A stream in these states is opened again after the backoff (an impostor may go away)."""
_AWAY = (ConnectionState.RECONNECTING, *_ENDED)


class LiveConnection(QObject, Generic[S]):
    """Follows the core for one app over its bridge (see the module's docstring)."""

    snapshot_taken = Signal(object)
    """The first answer to ``read`` (an S): the stream was opened from its seq."""
    refreshed = Signal(object)
    """A later answer to ``read`` (an S), while following the stream."""
    read_failed = Signal(object)
    """A read failed (its CoreError); it is tried again by itself."""
    event_received = Signal(object)
    """Each message of the stream, a ``queue_core.client.CoreEvent``."""
    state_changed = Signal(object)
    """The ConnectionState, each time it changes."""

    def __init__(
        self,
        bridge: CoreBridge,
        read: Read[S],
        seq_of: Callable[[S], int],
        *,
        poll: bool = False,
        finder: Finder | None = None,
        timings: Timings = TIMINGS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.timings = bridge, timings
        self._read, self._seq_of = read, seq_of
        self._polls, self.finder = poll, finder
        self.state = ConnectionState.CONNECTING
        self.last_seq = 0
        """The seq of the last event (or snapshot) received."""
        self.following = False
        """The snapshot is taken and the stream was opened from it."""
        self.reads = 0
        """Reads begun so far."""
        self.answering = 0
        """The number of the read whose answer was delivered last (1 for the first read)."""
        self._reading = self._again = self._away = False
        self._started = self._stopped = False
        self._failures = 0
        """Reads failed in a row."""
        self._closures = 0
        """Times in a row the stream was closed without connecting in between."""
        self._soon = self._timer(timings.refresh_ms, self.refresh)
        self._retry = self._timer(0, self.refresh)
        self._reopen = self._timer(0, self._open_again)
        self._poll = self._timer(timings.poll_ms, self._poll_once, single=False)
        bridge.event_received.connect(self._on_event)
        bridge.connection_changed.connect(self._on_state)

    def _timer(self, ms: int, slot: Callable[[], None], single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def reading(self) -> bool:
        """A read is out."""
        return self._reading

    # --- what the app asks ------------------------------------------------------------------

    def start(self) -> None:
        """Take the snapshot and follow the stream from it; poll while away, if asked to."""
        self._started = True
        if self._polls:
            self._poll.start()
        self.refresh()

    def refresh(self) -> None:
        """Read now (once more after the read out, if one is); the first answer is the
        snapshot the stream opens from."""
        if self._stopped:
            return
        if self._reading:
            self._again = True
            return
        self._retry.stop()
        self._reading = True
        self.reads += 1
        number = self.reads
        self.bridge.call(self._read, lambda value: self._answered(value, number), self._failed)

    def refresh_soon(self) -> None:
        """Read once a burst of events is over (``Timings.refresh_ms``)."""
        if not self._stopped and not self._soon.isActive():
            self._soon.start()

    def retry(self) -> None:
        """A request of the app's own found the core away: read after the backoff, and again
        until it answers."""
        self._away = True
        self._schedule_retry()

    def stop(self) -> None:
        """Stop the timers and the stream, and stop listening to the bridge (before it closes)."""
        if self._stopped:
            return
        self._stopped = True
        for timer in (self._soon, self._retry, self._reopen, self._poll):
            timer.stop()
        self.bridge.event_received.disconnect(self._on_event)
        self.bridge.connection_changed.disconnect(self._on_state)
        if self.following:
            self.bridge.unsubscribe()

    # --- the reads ---------------------------------------------------------------------------

    def _answered(self, value: S, number: int) -> None:
        self._reading = False
        if self._stopped:
            return
        if self._failures:
            log.info("the core answers again after %d failed read(s)", self._failures)
            self._failures = 0
        self.answering = number
        if self.state is ConnectionState.CONNECTED or not self.following:
            self._away = False  # nothing to read again: the stream is live, or opens from this
        if not self.following:
            self.following = True
            self.last_seq = self._seq_of(value)
            self.bridge.subscribe(self.last_seq)
            self.snapshot_taken.emit(value)
        else:
            if self.state is ConnectionState.NOT_TRUSTED:  # the pinned core answers again
                self._set_state(ConnectionState.RECONNECTING)
            if self.state is ConnectionState.RECONNECTING:
                self.bridge.resume_stream()
            self.refreshed.emit(value)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: CoreError) -> None:
        self._reading = self._again = False
        if self._stopped:
            return
        if isinstance(error, CoreUnavailable):  # said once per absence, not at every try
            level = logging.DEBUG if self._failures else logging.INFO
            log.log(level, "the core does not answer (%s); trying again", error)
        else:
            log.error("reading the core failed: %s", error)
        self._failures += 1
        self._away = True
        if isinstance(error, CoreNotTrusted):
            self._set_state(ConnectionState.NOT_TRUSTED)
        elif not self.following:
            self._set_state(ConnectionState.RECONNECTING)
        self.read_failed.emit(error)
        if self.finder is not None and self._failures % self.timings.rediscover_after_polls == 0:
            self._rediscover()
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        if self._stopped or self._reading or self._retry.isActive():
            return
        if self._polls and self._poll.isActive():
            return  # the polls are the retries
        delay = self.timings.retry.delay(max(0, self._failures - 1))
        self._retry.start(round(delay * 1000))

    def _poll_once(self) -> None:
        if self.state is ConnectionState.CONNECTED:
            self._poll.stop()
        else:
            self.refresh()

    # --- the stream --------------------------------------------------------------------------

    def _on_event(self, event: CoreEvent) -> None:
        if self._stopped:
            return
        if isinstance(event, StreamSnapshot):
            self.last_seq = event.seq
        else:
            self.last_seq = max(self.last_seq, event.seq)
        self.event_received.emit(event)

    def _on_state(self, state: ConnectionState) -> None:
        if self._stopped:
            return
        if state is ConnectionState.CONNECTED:
            self._closures = 0
            self._poll.stop()
            self._set_state(state)
            if self._away:  # what changed while away is read again
                self._away = False
                self.refresh()
            return
        if state in _AWAY:
            self._away = True
        if self._polls and self._started and not self._poll.isActive():
            self._poll.start()
        self._set_state(state)
        if state in _ENDED and self.following:
            delay = self.timings.retry.delay(self._closures)
            self._closures += 1
            log.info("event stream closed; opening it again after seq %d in %.1f s",
                     self.last_seq, delay)  # fmt: skip
            self._reopen.start(round(delay * 1000))

    def _open_again(self) -> None:
        if self.state in _ENDED:
            self.bridge.resume_stream()

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    # --- a core that moved ---------------------------------------------------------------

    def _rediscover(self) -> None:
        finder = self.finder
        assert finder is not None

        async def find(_core: CoreClient) -> str:
            return await finder()

        self.bridge.call(find, self._found, lambda error: log.info("no core found: %s", error))

    def _found(self, url: str) -> None:
        if self._stopped or url.rstrip("/") == self.bridge.base_url.rstrip("/"):
            return
        log.warning("core moved: %s -> %s", self.bridge.base_url, url)
        self.bridge.set_endpoint(url, self.bridge.token)
        self.bridge.resume_stream()
