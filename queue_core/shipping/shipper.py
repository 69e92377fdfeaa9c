"""The serving core's shipper: a thread of its own beside the queue that sends the event log to
the province in order, from the last event the province holds, and keeps what the console shows
of it.

It reads the log on its own connection (WAL: a reader never holds up the writer), in bounded
batches; while the log gets through it looks for new events every ``POLL_SECONDS`` and goes on at
once while behind; while the link is down it waits longer each time (``backoff_seconds``) and asks
the province how far it holds the log before sending again. A refused centre sends nothing until
its token changes."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import httpx

from queue_core import clock
from queue_core.domain import (
    ProvinceLink,
    ShippingState,
    Site,
    backoff_seconds,
)
from queue_core.domain.shipping import BACKOFF_CAP_SECONDS, BACKOFF_FIRST_SECONDS
from queue_core.shipping.batches import Batch, read_batch
from queue_core.shipping.link import (
    Acked,
    Gap,
    LinkDown,
    ProvinceClient,
    Refused,
    Rejected,
    TooLarge,
)
from queue_core.store import Store

log = logging.getLogger("luot.shipping")

POLL_SECONDS = 0.5
"""While the log gets through: how often the shipper looks for new events (a commit reaches the
province within about this, plus the request)."""
IDLE_SECONDS = 5.0
"""While the site has no ``[province]`` any more (re-imported without it)."""
REFUSED_SECONDS = 10.0
"""While refused: how often the shipper looks whether the token has changed."""
GROW_AFTER = 32
"""After a 413 halved the batches: this many taken in a row double them again (up to the
site's ``batch_events``)."""
TOKEN_FILE_LONGEST = 4096
CATCH_UP_SHARE = 0.1
"""While behind, the shipper waits after each batch so that its own work (reading, cutting,
gzip, the request) is at most this share of its time: a tenth of one core at the most, however
far behind it is (about 11,000 events a second on the bench: a week of a busy centre in
seconds)."""
BREATHE_SECONDS = 0.002
"""The pause between two chunks of a batch being read (``batches.CHUNK`` events): while the
shipper catches up at full speed, the writer and the event loop never wait on it for long."""
COUNT_BEHIND_UP_TO = 20_000
"""Events behind are counted up to about this many; further behind, told from the seqs."""
STOP_SECONDS = 5.0
"""At the core's stop, how long the shipper's request under way may take to end."""


def read_token(link: ProvinceLink) -> tuple[str | None, str | None]:
    """The token and None, or None and why it cannot be had (never the token itself)."""
    if not link.token_file:
        return link.token, None
    try:
        with open(link.token_file, encoding="utf-8") as file:
            token = file.read(TOKEN_FILE_LONGEST + 1).strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        return None, f"cannot read the token file {link.token_file}: {reason}"
    if not token or len(token) > TOKEN_FILE_LONGEST or not token.isascii():
        return None, f"the token file {link.token_file} does not hold a token"
    if any(not 0x21 <= ord(c) <= 0x7E for c in token):
        return None, f"the token in {link.token_file} has a space or a control character"
    return token, None


class Shipper:
    """Started and stopped with the API (``api.runtime``) when the site has ``[province]``;
    never on the event loop. ``step`` is one look, for the thread and for tests."""

    def __init__(
        self,
        db_path: Path,
        now: Callable[[], datetime] = clock.now,
        transport: httpx.BaseTransport | None = None,
        poll: float = POLL_SECONDS,
        backoff: tuple[float, float] = (BACKOFF_FIRST_SECONDS, BACKOFF_CAP_SECONDS),
        jitter: Callable[[], float] = random.random,
        share: float = CATCH_UP_SHARE,
    ) -> None:
        self._path, self._now, self._transport = db_path, now, transport
        self._poll, self._backoff, self._jitter, self._share = poll, backoff, jitter, share
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="luot-shipping", daemon=True)
        self._lock = threading.Lock()
        self._state: ShippingState | None = None
        self._store: Store | None = None
        self._client: ProvinceClient | None = None
        self._client_for: tuple[ProvinceLink, str] | None = None
        self._acked: int | None = None
        """How far the province holds the log; None: ask it first (at start, after an error)."""
        self._failures = 0
        self._limit: int | None = None
        """Events per batch after a 413, else None (the site's ``batch_events``)."""
        self._taken_in_a_row = 0
        self._refused_token: str | None = None
        self._behind_at: tuple[int, int] | None = None
        """(acked, last seq) the count behind was read at."""

    @classmethod
    def for_site(cls, db_path: Path, site: Site) -> Shipper | None:
        """A shipper when the site has ``[province]``; None without: nothing is shipped."""
        return cls(db_path) if isinstance(site.extra.get("province"), ProvinceLink) else None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ends the thread after its request under way, or lets it go with the process."""
        self._stop.set()
        if self._thread.is_alive():
            # a batch cut short is sent again: nothing to finish but the request under way
            self._thread.join(timeout=STOP_SECONDS)
        else:
            self.close()

    def state(self) -> ShippingState | None:
        """What the console shows; None while the site has no ``[province]``."""
        with self._lock:
            return self._state

    def close(self) -> None:
        self._drop_client()
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- the thread -----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    delay = self.step()
                except Exception:  # a bug here must not end the shipping, nor the core
                    log.exception("shipping crashed")
                    self._acked = None
                    delay = self._backoff[1]
                if self._stop.wait(delay):
                    return
        finally:
            self.close()

    def step(self) -> float:
        """One look: ship what the province does not hold yet, if it can; the seconds to wait
        before the next look (0: go on at once)."""
        if self._store is None:
            self._store = Store.open(self._path)
        store = self._store
        link = store.site.extra.get("province")
        if not isinstance(link, ProvinceLink):
            self._set(None)
            self._drop_client()
            return IDLE_SECONDS
        now = self._now()
        self._keep(link)
        token, problem = read_token(link)
        if token is None:
            self._refuse(problem or "no token", now, token=None)
            return REFUSED_SECONDS
        refused = self.state()
        if refused is not None and refused.refused is not None:
            if token == self._refused_token:
                return REFUSED_SECONDS
            log.info("the province's token changed: shipping again")
            self._refused_token, self._acked = None, None
            self._update(refused=None, error=None)
        client = self._client_of(link, token)
        cpu_began, wall_began = time.thread_time(), time.monotonic()
        try:
            if self._acked is None:
                state = client.state()
                if isinstance(state, Refused):
                    self._refuse(str(state), now, token)
                    return REFUSED_SECONDS
                self._heard(now, state)
            acked = self._acked
            assert acked is not None
            batch = read_batch(
                store, acked, link.centre, self._limit or link.batch_events, breathe=self._breathe
            )
            last = store.last_seq()
            if batch is None:
                if last < acked:
                    return self._failed(
                        now,
                        f"the province holds this centre's log up to seq {acked}, past this "
                        f"database's last ({last}): is this the centre's database?",
                    )
                self._through(now, last)
                return self._poll
            answer = client.ingest(batch)
        except LinkDown as down:
            self._acked = None
            return self._failed(now, str(down))
        delay = self._answered(now, link, batch, answer, last)
        if delay == 0.0:  # behind: at most its share of a core while it catches up
            busy = time.thread_time() - cpu_began
            delay = max(0.0, busy / self._share - (time.monotonic() - wall_began))
        return delay

    def _breathe(self) -> None:
        """Between chunks of a batch: the queue's threads take the interpreter meanwhile."""
        self._stop.wait(BREATHE_SECONDS)

    def _answered(
        self,
        now: datetime,
        link: ProvinceLink,
        batch: Batch,
        answer: Acked | Gap | TooLarge | Refused | Rejected,
        last: int,
    ) -> float:
        if isinstance(answer, Acked):
            self._acked = answer.seq
            self._grow(link)
            with self._lock:
                if self._state is not None:
                    shipped = self._state.shipped + min(batch.count, answer.seq - batch.first + 1)
                    self._state = replace(self._state, shipped=max(self._state.shipped, shipped))
            if batch.restored:
                log.info("the province took the log past the restore, from seq %d", batch.first)
            self._through(now, last)
            return 0.0 if answer.seq < last else self._poll
        if isinstance(answer, Gap):
            if answer.acked_seq == self._acked:
                return self._failed(
                    now,
                    f"the province holds the log up to seq {answer.acked_seq} and will not take "
                    f"seq {batch.first} after it: this log jumps there without day.restored",
                )
            self._heard(now, answer.acked_seq)
            return 0.0
        if isinstance(answer, TooLarge):
            if batch.count == 1:
                return self._failed(
                    now, f"event {batch.first} alone is larger than the province takes"
                )
            self._limit, self._taken_in_a_row = max(1, batch.count // 2), 0
            log.info("the province found %d events too many: sending %d", batch.count, self._limit)
            self._heard(now, self._acked)
            return 0.0
        if isinstance(answer, Refused):
            self._refuse(str(answer), now, self._client_for[1] if self._client_for else None)
            return REFUSED_SECONDS
        self._acked = None
        return self._failed(
            now, f"the province turned seq {batch.first}-{batch.last} down: {answer}"
        )

    # --- the state ------------------------------------------------------------------------

    def _keep(self, link: ProvinceLink) -> None:
        """A state for this url and centre (a new one when they changed), with the site's
        limit."""
        with self._lock:
            state = self._state
            if state is None or (state.url, state.centre) != (link.url, link.centre):
                self._state = ShippingState(link.url, link.centre, link.unreachable_minutes)
                self._acked, self._behind_at = None, None
            elif state.unreachable_minutes != link.unreachable_minutes:
                self._state = replace(state, unreachable_minutes=link.unreachable_minutes)

    def _heard(self, now: datetime, acked: int | None) -> None:
        """The province answered: it holds the log up to ``acked``."""
        if acked is not None and self._acked is None:
            log.info("the province holds this centre's log up to seq %d", acked)
        self._acked = acked
        self._update(acked_seq=acked, last_contact=now)

    def _through(self, now: datetime, last: int) -> None:
        """The log gets through (a batch taken, or nothing left to send)."""
        state = self.state()
        if state is not None and state.down_since is not None:
            log.info(
                "the log gets through to the province again (after %s)", now - state.down_since
            )
        self._failures = 0
        self._update(
            acked_seq=self._acked,
            last_seq=last,
            behind=self._behind(last),
            last_contact=now,
            down_since=None,
            error=None,
        )

    def _failed(self, now: datetime, error: str) -> float:
        """The log did not get through; the seconds to wait before trying again."""
        self._failures += 1
        state = self.state()
        if state is None or state.down_since is None:
            log.warning("the log does not get through to the province: %s", error)
        since = state.down_since if state is not None and state.down_since else now
        self._update(error=error, down_since=since)
        if self._store is not None:
            last = self._store.last_seq()
            self._update(last_seq=last, behind=self._behind(last))
        first, cap = self._backoff
        return backoff_seconds(self._failures, self._jitter(), first, cap)

    def _refuse(self, why: str, now: datetime, token: str | None) -> None:
        state = self.state()
        if state is None or state.refused != why:
            log.error("the province refuses this centre, nothing is shipped: %s", why)
        self._refused_token = token
        self._acked = None
        self._drop_client()
        self._update(refused=why, error=why)

    def _behind(self, last: int) -> int | None:
        """Events after the province's acked seq: counted (again only when either moved) while
        they are a few, else told from the seqs (the log's rows are counted one by one)."""
        if self._acked is None or self._store is None:
            return None
        if last - self._acked > COUNT_BEHIND_UP_TO:
            return last - self._acked  # more by the restore's jump, if one is in between
        state = self.state()
        if self._behind_at == (self._acked, last) and state is not None:
            return state.behind
        self._behind_at = (self._acked, last)
        return self._store.events_after(self._acked)

    def _grow(self, link: ProvinceLink) -> None:
        if self._limit is None:
            return
        self._taken_in_a_row += 1
        if self._taken_in_a_row >= GROW_AFTER:
            self._limit, self._taken_in_a_row = min(link.batch_events, self._limit * 2), 0
            if self._limit >= link.batch_events:
                self._limit = None

    def _update(self, **changes: object) -> None:
        with self._lock:
            if self._state is not None:
                self._state = replace(self._state, **changes)  # type: ignore[arg-type]

    def _set(self, state: ShippingState | None) -> None:
        with self._lock:
            self._state = state

    # --- the connection -------------------------------------------------------------------

    def _client_of(self, link: ProvinceLink, token: str) -> ProvinceClient:
        if self._client is None or self._client_for != (link, token):
            self._drop_client()
            self._client = ProvinceClient(link, token, self._transport)
            self._client_for = (link, token)
            self._acked = None  # another province, centre or token: ask it first
        return self._client

    def _drop_client(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client, self._client_for = None, None
