"""Riding out a core that goes away: retry with backoff, and note every 5xx and drop seen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from queue_core.client import Backoff, CoreFault, CoreUnavailable
from simulator.results import ServerError

T = TypeVar("T")

BACKOFF = Backoff(initial=0.05, maximum=1.0)
GIVE_UP_AFTER = 180.0
"""Wall seconds one request keeps trying while the core is away, before the run fails."""


class Link:
    """Every call to the core goes through ``call``: a connection error, a timeout, a 503 or
    any 5xx is retried with backoff (the request may have been carried out: the caller
    decides what a refusal on the retry means); a 4xx is raised at once as CoreRefused."""

    def __init__(
        self,
        give_up_after: float = GIVE_UP_AFTER,
        on_trouble: Callable[[str, int | None], None] | None = None,
    ) -> None:
        self.give_up_after = give_up_after
        self.on_trouble = on_trouble
        self.server_errors: list[ServerError] = []
        self.unavailable = 0

    def _note(self, what: str, error: CoreUnavailable | CoreFault) -> None:
        status = error.status
        if status is not None and status >= 500:
            self.server_errors.append(ServerError(status, what, datetime.now(UTC), str(error)))
        else:
            self.unavailable += 1
        if self.on_trouble is not None:
            self.on_trouble(what, status)

    async def call(self, what: str, make: Callable[[], Awaitable[T]]) -> T:
        """``await make()`` until it answers; ``what`` names the request in the error list."""
        deadline = time.monotonic() + self.give_up_after
        attempt = 0
        while True:
            try:
                return await make()
            except (CoreUnavailable, CoreFault) as error:
                if isinstance(error, CoreFault) and error.status is None:
                    raise  # an answer that breaks the contract is a bug, not an outage
                self._note(what, error)
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(BACKOFF.delay(attempt))
            attempt += 1
