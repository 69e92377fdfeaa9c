"""Guessing limited where it comes from: wrong pairing codes by address, wrong PINs by address,
by account at an address and by account, so that no one address can lock the centre out."""

from __future__ import annotations

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
    """Failures per key within a sliding window of ``window`` seconds."""

    window: float
    _seen: dict[Hashable, deque[float]] = field(default_factory=dict)

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


@dataclass
class PairingGuard:
    """Counts wrong pairing codes per address; too many make that address wait, no other."""

    clock: Callable[[], float] = time.monotonic
    failures: Failures = field(default_factory=lambda: Failures(PAIR_WINDOW))

    def check(self, address: str) -> None:
        now = self.clock()
        if self.failures.count(address, now) >= PAIR_FAILURES:
            wait = self.failures.wait(address, PAIR_FAILURES, now)
            raise ApiError(
                429,
                "too_many_attempts",
                f"Too many wrong pairing codes from this device; try again in {_minutes(wait)}.",
                field="code",
                retry_after=wait,
            )

    def failed(self, address: str) -> None:
        self.failures.add(address, self.clock())


@dataclass
class PinGuard:
    """Counts wrong PINs three ways (see the limits above) and refuses a sign-in before its
    PIN is compared: 429 for an address that guessed too much, 423 for an account locked at
    this address, or locked everywhere it has not signed in from before."""

    clock: Callable[[], float] = time.monotonic
    by_address: Failures = field(default_factory=lambda: Failures(PIN_WINDOW))
    at_address: Failures = field(default_factory=lambda: Failures(PIN_LOCK))
    by_account: Failures = field(default_factory=lambda: Failures(PIN_WINDOW))

    def check(self, username: str, address: str, known_address: bool) -> None:
        """``known_address``: the account signed in from ``address`` before."""
        now = self.clock()
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
        if (
            not known_address
            and self.by_account.count(username, now) >= PIN_FAILURES_PER_ACCOUNT
        ):
            raise _locked(self.by_account.wait(username, PIN_FAILURES_PER_ACCOUNT, now))

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        self.by_address.add(address, now)
        self.at_address.add((username, address), now)
        self.by_account.add(username, now)

    def succeeded(self, username: str, address: str) -> None:
        """The right PIN: the account's wrong ones at this address are forgotten."""
        self.at_address.clear((username, address))


def _locked(wait: float) -> Conflict:
    return Conflict(
        "account_locked",
        "Too many wrong PINs: this account is locked here; try again in "
        f"{_minutes(wait)} or ask a supervisor.",
    )


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
