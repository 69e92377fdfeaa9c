"""The phone pages' feed: every followed ticket read again in one batch after commits, the
tickets the commit named first.

A page follows one ticket (``api.page``). Each commit may change any waiting ticket's place
and estimate, so reading each page's ticket on its own after each commit costs a read per page
per event: with 2,000 pages open that is far more than the reader can do, and every page falls
seconds behind. Here one read serves them all: the tickets an event names (the one called,
recalled, transferred) are read at once, alone, so that a citizen called sees it within
milliseconds; then every followed ticket in one transaction sharing one estimate state, at
most once per ``REFRESH_SECONDS``, for the places that moved."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from queue_core.shapes import live_ticket_json, live_tickets_json
from queue_core.store import Store

__all__ = ["LIVE", "MOST_PAGES", "REFRESH_SECONDS", "Followed", "PageFeed"]

log = logging.getLogger("luot.api.follow")

MOST_PAGES = 2000
"""Page streams open at once; past it a page is told to come back (503) and polls."""
REFRESH_SECONDS = 2.0
"""Places and estimates of every followed ticket are read again at most this often."""
LIVE = ("waiting", "called", "serving")
"""A ticket in these states may still change; a page's stream ends after any other."""

CHUNK = 100
"""Followed tickets read in one transaction: a named ticket waits for one chunk at most."""
WAKE_AT_ONCE = 50
"""Pages told of a change in one turn of the event loop."""

T = TypeVar("T")
Read = Callable[[Callable[[Store], T]], Awaitable[T]]


@dataclass
class Followed:
    """One ticket followed by one or more pages (a citizen may open it twice): what they show,
    and each page's signal that it changed."""

    ticket_id: int
    shown: dict[str, Any]
    pages: set[asyncio.Event] = field(default_factory=set)


class PageFeed:
    """Holds the followed tickets; told of each commit by the hub, never waits on a page."""

    def __init__(self, read: Read[Any], read_aside: Read[Any]) -> None:
        """``read`` runs on the core's reader; ``read_aside`` on a reader of the feed's own, for
        the places' refresh, so that a called ticket's read never queues behind it."""
        self._read = read
        self._read_aside = read_aside
        self._followed: dict[str, Followed] = {}
        self._named: set[str] = set()
        self._stale = False
        self._last_refresh = float("-inf")
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    @property
    def pages(self) -> int:
        return sum(len(f.pages) for f in self._followed.values())

    async def first(self, token: str) -> dict[str, Any] | None:
        """The ticket as its page shows it now; None for an unknown token."""
        followed = self._followed.get(token)
        if followed is not None:
            return followed.shown

        def read(store: Store) -> dict[str, Any] | None:
            ticket = store.ticket_by_token(token)
            return None if ticket is None else live_ticket_json(store, ticket)

        return await self._read(read)

    @contextmanager
    def following(self, token: str, first: dict[str, Any]) -> Iterator[asyncio.Event]:
        """While open, the returned event is set each time the ticket's ``shown`` changes
        (read it with ``shown``); ``first`` is what the page read before it followed."""
        followed = self._followed.get(token)
        if followed is None:
            followed = self._followed[token] = Followed(int(first["id"]), first)
        changed = asyncio.Event()
        followed.pages.add(changed)
        try:
            yield changed
        finally:
            followed.pages.discard(changed)
            if not followed.pages and self._followed.get(token) is followed:
                del self._followed[token]

    def shown(self, token: str) -> dict[str, Any] | None:
        """The followed ticket as last read; None once nobody follows it."""
        followed = self._followed.get(token)
        return None if followed is None else followed.shown

    def published(self, events: list[tuple[int, str]]) -> None:
        """Called on the event loop with committed events (seq, contract JSON text)."""
        if not self._followed:
            return
        named = _ticket_ids(events)
        self._named.update(t for t, f in self._followed.items() if f.ticket_id in named)
        self._stale = True
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._refresh())

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _refresh(self) -> None:
        loop = asyncio.get_running_loop()
        while self._named or self._stale:
            if self._named:
                tokens, self._named = self._named, set()
                await self._read_again(tokens, self._read)
                continue
            wait = self._last_refresh + REFRESH_SECONDS - loop.time()
            if wait > 0:
                self._wake.clear()
                with suppress(TimeoutError):  # a named ticket does not wait for the places
                    await asyncio.wait_for(self._wake.wait(), wait)
                if self._named:
                    continue
            self._stale = False
            self._last_refresh = loop.time()
            every = list(self._followed)
            for start in range(0, len(every), CHUNK):
                if self._named:
                    named, self._named = self._named, set()
                    await self._read_again(named, self._read)
                await self._read_again(set(every[start : start + CHUNK]), self._read_aside)

    async def _read_again(self, tokens: set[str], read: Read[Any]) -> None:
        ids = {t: self._followed[t].ticket_id for t in tokens if t in self._followed}
        try:
            shown = await read(lambda store: _read_tickets(store, ids))
        except Exception:  # a page must not end the feed: it is read again at the next commit
            log.exception("cannot read the followed tickets")
            return
        woken = 0
        for token, ticket in shown.items():
            followed = self._followed.get(token)
            if followed is not None and ticket != followed.shown:
                followed.shown = ticket
                for changed in followed.pages:
                    changed.set()
                woken += len(followed.pages)
                if woken >= WAKE_AT_ONCE:  # boards' writes and a called page's read go between
                    woken = 0
                    await asyncio.sleep(0)


def _read_tickets(store: Store, ids: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Each ticket as its page shows it, all in one transaction."""
    by_id = live_tickets_json(store, store.tickets_by_id(list(ids.values())))
    return {token: by_id[i] for token, i in ids.items() if i in by_id}


def _ticket_ids(events: list[tuple[int, str]]) -> set[int]:
    """The tickets the events are about."""
    named = set()
    for _seq, text in events:
        ticket = json.loads(text).get("ticket")
        if isinstance(ticket, dict) and isinstance(ticket.get("id"), int):
            named.add(ticket["id"])
    return named
