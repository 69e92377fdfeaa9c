"""Guessing limited where it comes from: wrong pairing codes by address, wrong PINs by address,
by account at an address and by account, so that no one address can lock the centre out; the
tries not yet judged counted with the wrong ones, so that guesses sent at once cannot all pass."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from queue_core.errors import ApiError, Conflict

PAIR_FAILURES = 10
"""Wrong pairing codes one address may send within PAIR_WINDOW; then it waits (429)."""
PAIR_WINDOW = 600.0
"""Ten minutes, the life of a pairing code: one address gets ten guesses at a million codes."""

PIN_WINDOW = 900.0
"""Wrong PINs are counted over the last fifteen minutes."""
PIN_FAILURES_PER_ADDRESS = 10
"""Wrong PINs one address may send within PIN_WINDOW, whoever they are for; then it waits (429)."""
PIN_FAILURES_AT_ADDRESS = 5
"""Wrong PINs for one account from one address within PIN_LOCK lock the account there (423)."""
PIN_LOCK = 300.0
PIN_FAILURES_PER_ACCOUNT = 30
"""Wrong PINs for one account from every address within PIN_WINDOW lock it (423) everywhere but
where it signed in before. Three times what one address may send: one address never locks an
account for the others."""
MAX_KEYS = 10_000
"""Beyond this many keys counted, those gone quiet are forgotten (memory stays bounded)."""


@dataclass
class Failures:
    """Failures per key within a sliding window of ``window`` seconds, and the tries per key let
    through and not yet judged (``judging``)."""

    window: float
    _seen: dict[Hashable, deque[float]] = field(default_factory=dict)
    _judging: dict[Hashable, int] = field(default_factory=dict)

    def count(self, key: Hashable, now: float) -> int:
        seen = self._seen.get(key)
        if seen is None:
            return 0
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if not seen:
            del self._seen[key]
            return 0
        return len(seen)

    def add(self, key: Hashable, now: float) -> None:
        self._seen.setdefault(key, deque()).append(now)
        if len(self._seen) > MAX_KEYS:
            for quiet in [k for k, s in self._seen.items() if not s or s[-1] <= now - self.window]:
                del self._seen[quiet]

    def clear(self, key: Hashable) -> None:
        self._seen.pop(key, None)

    def wait(self, key: Hashable, limit: int, now: float) -> float:
        """Seconds until fewer than ``limit`` failures of ``key`` are in the window (call after
        ``count`` said there are ``limit`` or more)."""
        seen = self._seen[key]
        return max(1.0, math.ceil(seen[-limit] + self.window - now))

    def judging(self, key: Hashable) -> int:
        return self._judging.get(key, 0)

    def let_through(self, key: Hashable) -> None:
        self._judging[key] = self._judging.get(key, 0) + 1

    def judged(self, key: Hashable, wrong: bool, now: float) -> None:
        left = self._judging.pop(key) - 1
        if left:
            self._judging[key] = left
        if wrong:
            self.add(key, now)


class Attempt:
    """One try let through, held among those being judged until ``judged`` says whether it was
    a wrong guess (counted) or not (a right PIN or code, or a refusal for another reason)."""

    def __init__(self, judged: Callable[[bool], None]) -> None:
        self._judged: Callable[[bool], None] | None = judged

    def judged(self, wrong: bool) -> None:
        if self._judged is not None:
            self._judged(wrong)
            self._judged = None


class _Turns:
    """Tries that must wait for those being judged: woken, all of them, at each judgment, to
    look again. On the event loop only."""

    def __init__(self) -> None:
        self._waiting: list[asyncio.Future[None]] = []

    async def wait(self) -> None:
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        await turn

    def wake(self) -> None:
        waiting, self._waiting = self._waiting, []
        for turn in waiting:
            if not turn.done():
                turn.set_result(None)


@dataclass
class PairingGuard:
    """Counts wrong pairing codes per address; too many make that address wait, no other.

    A code being looked at counts against the limit until it is judged: with nine wrong ones
    counted, one more may be looked at, and the next waits to learn whether it was wrong."""

    clock: Callable[[], float] = time.monotonic
    failures: Failures = field(default_factory=lambda: Failures(PAIR_WINDOW))
    _turns: _Turns = field(default_factory=_Turns)

    def try_attempt(self, address: str) -> Attempt | None:
        """Refused (429) when ``address`` sent too many wrong codes; None while the codes being
        looked at could still make them too many; else this one, let through."""
        now = self.clock()
        self._check(address, now)
        if self.failures.count(address, now) + self.failures.judging(address) >= PAIR_FAILURES:
            return None
        self.failures.let_through(address)

        def judged(wrong: bool) -> None:
            self.failures.judged(address, wrong, self.clock())
            self._turns.wake()

        return Attempt(judged)

    async def attempt(self, address: str) -> Attempt:
        """``try_attempt``, waiting for its turn."""
        while (attempt := self.try_attempt(address)) is None:
            await self._turns.wait()
        return attempt

    def _check(self, address: str, now: float) -> None:
        if self.failures.count(address, now) >= PAIR_FAILURES:
            wait = self.failures.wait(address, PAIR_FAILURES, now)
            raise ApiError(
                429,
                "too_many_attempts",
                f"Too many wrong pairing codes from this device; try again in {_minutes(wait)}.",
                field="code",
                retry_after=wait,
            )


@dataclass
class PinGuard:
    """Counts wrong PINs three ways (see the limits above) and refuses a sign-in before its
    PIN is compared: 429 for an address that guessed too much, 423 for an account locked at
    this address, or locked everywhere it has not signed in from before.

    A sign-in whose PIN is being compared counts against each limit until it is judged, so no
    more are compared at once than the wrong ones still allowed: the others wait their turn,
    and are refused if those turn out wrong."""

    clock: Callable[[], float] = time.monotonic
    by_address: Failures = field(default_factory=lambda: Failures(PIN_WINDOW))
    at_address: Failures = field(default_factory=lambda: Failures(PIN_LOCK))
    by_account: Failures = field(default_factory=lambda: Failures(PIN_WINDOW))
    _turns: _Turns = field(default_factory=_Turns)

    def check(self, username: str, address: str) -> None:
        """Before anything is read: refused when ``address`` guessed too much (429), or the
        account is locked at ``address`` (423)."""
        self._check(username, address, True, self.clock())

    def try_attempt(self, username: str, address: str, known_address: bool) -> Attempt | None:
        """Refused as by ``check``, and when the account is locked everywhere but where it
        signed in before (``known_address``: it did from ``address``); None while the sign-ins
        being judged could still make it so; else this one, let through."""
        now = self.clock()
        self._check(username, address, known_address, now)
        pair = (username, address)
        counts: list[tuple[Failures, Hashable, int]] = [
            (self.by_address, address, PIN_FAILURES_PER_ADDRESS),
            (self.at_address, pair, PIN_FAILURES_AT_ADDRESS),
        ]
        if not known_address:
            counts.append((self.by_account, username, PIN_FAILURES_PER_ACCOUNT))
        if any(f.count(key, now) + f.judging(key) >= limit for f, key, limit in counts):
            return None
        self.by_address.let_through(address)
        self.at_address.let_through(pair)
        self.by_account.let_through(username)

        def judged(wrong: bool) -> None:
            at = self.clock()
            self.by_address.judged(address, wrong, at)
            self.at_address.judged(pair, wrong, at)
            self.by_account.judged(username, wrong, at)
            self._turns.wake()

        return Attempt(judged)

    async def attempt(self, username: str, address: str, known_address: bool) -> Attempt:
        """``try_attempt``, waiting for its turn."""
        while (attempt := self.try_attempt(username, address, known_address)) is None:
            await self._turns.wait()
        return attempt

    def _check(self, username: str, address: str, known_address: bool, now: float) -> None:
        if self.by_address.count(address, now) >= PIN_FAILURES_PER_ADDRESS:
            wait = self.by_address.wait(address, PIN_FAILURES_PER_ADDRESS, now)
            raise ApiError(
                429,
                "too_many_attempts",
                f"Too many wrong PINs from this device; try again in {_minutes(wait)}.",
                field="pin",
                retry_after=wait,
            )
        pair = (username, address)
        if self.at_address.count(pair, now) >= PIN_FAILURES_AT_ADDRESS:
            raise _locked(self.at_address.wait(pair, PIN_FAILURES_AT_ADDRESS, now))
        if not known_address and self.by_account.count(username, now) >= PIN_FAILURES_PER_ACCOUNT:
            raise _locked(self.by_account.wait(username, PIN_FAILURES_PER_ACCOUNT, now))

    def succeeded(self, username: str, address: str) -> None:
        """The right PIN (its attempt judged not wrong): the account's wrong ones at this
        address are forgotten."""
        self.at_address.clear((username, address))
        self._turns.wake()


def _locked(wait: float) -> Conflict:
    return Conflict(
        "account_locked",
        "Too many wrong PINs: this account is locked here; try again in "
        f"{_minutes(wait)} or ask a supervisor.",
    )


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
