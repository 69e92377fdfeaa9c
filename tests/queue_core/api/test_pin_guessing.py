"""PIN guessing is limited by address and by account, so that no one address can lock the
centre out: a thousand wrong PINs from one laptop leave every clerk elsewhere signing in.

The core sees each client's own address: the clients here are bound to other addresses of the
loopback network (127.0.0.2, 127.0.0.3…), as devices on the LAN would be."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from queue_core.api.guards import (
    PIN_FAILURES_AT_ADDRESS,
    PIN_FAILURES_PER_ACCOUNT,
    PIN_FAILURES_PER_ADDRESS,
    PIN_LOCK,
    PIN_WINDOW,
    PinGuard,
)
from queue_core.errors import ApiError, Conflict
from tests.support.addresses import client_from
from tests.support.server import CoreServer

CLERKS = [(f"clerk{n:02d}", f"{4000 + n}") for n in range(1, 13)]


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def wrong(guard: PinGuard, username: str, address: str, known: bool = False) -> None:
    """One sign-in let through, its PIN then found wrong."""
    attempt = guard.try_attempt(username, address, known_address=known)
    assert attempt is not None, "it had to wait"
    attempt.judged(wrong=True)


def test_one_address_waits_after_its_wrong_pins_whoever_they_were_for() -> None:
    guard = PinGuard(clock=FakeClock())
    for n in range(PIN_FAILURES_PER_ADDRESS):
        wrong(guard, f"clerk{n}", "10.0.0.66")
    with pytest.raises(ApiError) as refused:
        guard.check("clerk99", "10.0.0.66")
    assert (refused.value.status, refused.value.code) == (429, "too_many_attempts")
    assert refused.value.retry_after == PIN_WINDOW
    for n in range(PIN_FAILURES_PER_ADDRESS):
        guard.check(f"clerk{n}", "10.0.0.7")  # elsewhere, all sign in
        assert guard.try_attempt(f"clerk{n}", "10.0.0.7", known_address=False) is not None


def test_wrong_pins_for_one_account_lock_it_at_that_address_for_five_minutes() -> None:
    clock = FakeClock()
    guard = PinGuard(clock=clock)
    for _ in range(PIN_FAILURES_AT_ADDRESS):
        wrong(guard, "lan", "10.0.0.5", known=True)
    with pytest.raises(Conflict) as locked:
        guard.check("lan", "10.0.0.5")
    assert locked.value.code == "account_locked"
    wrong(guard, "lan", "10.0.0.6")  # not at the next counter
    wrong(guard, "hoa", "10.0.0.5", known=True)  # nor for a colleague here
    clock.now += PIN_LOCK
    guard.check("lan", "10.0.0.5")


def test_sign_ins_being_judged_count_against_the_limit_until_they_are() -> None:
    """Sign-ins sent at once: no more are let through to have their PIN compared than the wrong
    ones still allowed; the next waits (None) to learn whether those were wrong."""
    guard = PinGuard(clock=FakeClock())
    let_through = [guard.try_attempt("lan", "10.0.0.5", known_address=True) for _ in range(200)]
    judging = [a for a in let_through if a is not None]
    assert len(judging) == PIN_FAILURES_AT_ADDRESS
    assert guard.try_attempt("hoa", "10.0.0.6", known_address=True) is not None  # not others
    judging[0].judged(wrong=False)  # a right PIN after all: one more may be compared
    last = guard.try_attempt("lan", "10.0.0.5", known_address=True)
    assert last is not None
    assert guard.try_attempt("lan", "10.0.0.5", known_address=True) is None
    for attempt in judging[1:]:
        attempt.judged(wrong=True)
    assert guard.try_attempt("lan", "10.0.0.5", known_address=True) is None  # one still judged
    last.judged(wrong=True)
    with pytest.raises(Conflict):
        guard.try_attempt("lan", "10.0.0.5", known_address=True)


def test_a_waiting_sign_in_is_refused_once_those_before_it_were_wrong() -> None:
    guard = PinGuard(clock=FakeClock())

    async def at_once() -> list[str]:
        async def sign_in() -> str:
            try:
                attempt = await guard.attempt("lan", "10.0.0.5", known_address=True)
            except Conflict as locked:
                return locked.code
            await asyncio.sleep(0)  # its PIN compared, off the loop
            attempt.judged(wrong=True)
            return "wrong_pin"

        return list(await asyncio.gather(*(sign_in() for _ in range(50))))

    outcomes = asyncio.run(at_once())
    assert outcomes.count("wrong_pin") == PIN_FAILURES_AT_ADDRESS
    assert outcomes.count("account_locked") == 50 - PIN_FAILURES_AT_ADDRESS


def test_a_right_pin_forgets_the_wrong_ones_at_that_address() -> None:
    guard = PinGuard(clock=FakeClock())
    for _ in range(PIN_FAILURES_AT_ADDRESS - 1):
        wrong(guard, "lan", "10.0.0.5", known=True)
    right = guard.try_attempt("lan", "10.0.0.5", known_address=True)
    assert right is not None
    right.judged(wrong=False)
    guard.succeeded("lan", "10.0.0.5")
    wrong(guard, "lan", "10.0.0.5", known=True)
    guard.check("lan", "10.0.0.5")


def test_an_account_guessed_from_many_addresses_is_locked_but_where_it_signs_in() -> None:
    clock = FakeClock()
    guard = PinGuard(clock=clock)
    addresses = PIN_FAILURES_PER_ACCOUNT // PIN_FAILURES_AT_ADDRESS
    for a in range(addresses):
        for _ in range(PIN_FAILURES_AT_ADDRESS):
            wrong(guard, "lan", f"10.0.1.{a}")
    guard.check("lan", "10.0.2.1")  # the lock everywhere needs to know where it signed in
    with pytest.raises(Conflict) as locked:
        guard.try_attempt("lan", "10.0.2.1", known_address=False)
    assert locked.value.code == "account_locked"
    assert guard.try_attempt("lan", "10.0.0.5", known_address=True) is not None  # its counter
    clock.now += PIN_WINDOW
    assert guard.try_attempt("lan", "10.0.2.1", known_address=False) is not None


def test_one_address_alone_never_locks_an_account_for_others() -> None:
    """What one address can send before it must wait is under the account's limit."""
    assert PIN_FAILURES_PER_ADDRESS < PIN_FAILURES_PER_ACCOUNT
    guard = PinGuard(clock=FakeClock())
    sent = 0
    while True:
        try:
            wrong(guard, "lan", "10.0.0.66")
        except (ApiError, Conflict):
            break
        sent += 1
    assert sent == PIN_FAILURES_AT_ADDRESS
    assert guard.try_attempt("lan", "10.0.0.9", known_address=False) is not None


@pytest.fixture
def staffed(core_server: CoreServer) -> Iterator[CoreServer]:
    for username, pin in CLERKS:
        core_server.add_staff(username, pin, "clerk")
    yield core_server


def login(client: httpx.Client, username: str, pin: str, counter: int = 1) -> httpx.Response:
    body: dict[str, Any] = {"username": username, "pin": pin, "counter": counter}
    return client.post("/api/v1/session", json=body)


def test_a_thousand_wrong_pins_from_one_laptop_lock_no_clerk_out(staffed: CoreServer) -> None:
    statuses: dict[int, int] = {}
    with client_from(staffed, "127.0.0.2") as laptop:
        for n in range(1000):
            username, pin = CLERKS[n % len(CLERKS)]
            wrong = f"{(int(pin) + 1 + n) % 10_000:04d}"
            status = login(laptop, username, wrong).status_code
            statuses[status] = statuses.get(status, 0) + 1
        assert login(laptop, *CLERKS[0]).status_code == 429  # the laptop itself waits
    assert statuses == {401: PIN_FAILURES_PER_ADDRESS, 429: 1000 - PIN_FAILURES_PER_ADDRESS}
    for n, (username, pin) in enumerate(CLERKS):
        with client_from(staffed, f"127.0.0.{10 + n}") as counter_pc:
            answer = login(counter_pc, username, pin)
            assert answer.status_code == 201, answer.text


def test_an_account_guessed_from_many_addresses_still_signs_in_where_it_did(
    staffed: CoreServer,
) -> None:
    username, pin = CLERKS[0]
    with client_from(staffed, "127.0.0.2") as own:
        assert login(own, username, pin).status_code == 201  # its counter, some day before
    addresses = PIN_FAILURES_PER_ACCOUNT // PIN_FAILURES_AT_ADDRESS
    for a in range(addresses):
        with client_from(staffed, f"127.0.1.{a + 1}") as guesser:
            for _ in range(PIN_FAILURES_AT_ADDRESS):
                assert login(guesser, username, "0000").status_code == 401
            assert login(guesser, username, "0000").status_code == 423
    with client_from(staffed, "127.0.2.1") as stranger:
        locked = login(stranger, username, pin)
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "account_locked"
    with client_from(staffed, "127.0.0.2") as own:
        assert login(own, username, pin).status_code == 201


def test_the_console_counts_wrong_pins_by_address_too(staffed: CoreServer) -> None:
    staffed.add_staff("boss2", "222222", "supervisor")
    with client_from(staffed, "127.0.0.2") as laptop:
        for n in range(PIN_FAILURES_PER_ADDRESS):
            assert login(laptop, CLERKS[n][0], "0000").status_code == 401
        page = laptop.get("/console/login")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        tried = laptop.post(
            "/console/login", data={"username": "boss2", "pin": "222222", "csrf": csrf}
        )
        assert tried.status_code == 429
        assert "Máy này đã nhập sai PIN quá nhiều lần" in tried.text
    with client_from(staffed, "127.0.0.3") as desk:
        page = desk.get("/console/login")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        form = {"username": "boss2", "pin": "222222", "csrf": csrf}
        done = desk.post("/console/login", data=form)
        assert done.status_code == 303, done.text
