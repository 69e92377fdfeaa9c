"""The pairing throttle: ten wrong codes from one address make that address wait ten minutes;
pairing from every other address goes on."""

from __future__ import annotations

import pytest

from queue_core.api.guards import PAIR_FAILURES, PAIR_WINDOW, PairingGuard
from queue_core.errors import ApiError
from tests.support.addresses import client_from
from tests.support.server import CoreServer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wrong(guard: PairingGuard, address: str) -> None:
    attempt = guard.try_attempt(address)
    assert attempt is not None, "it had to wait"
    attempt.judged(wrong=True)


def test_the_guard_refuses_an_address_after_the_limit_and_forgets_after_the_window() -> None:
    clock = FakeClock()
    guard = PairingGuard(clock=clock)
    for _ in range(PAIR_FAILURES):
        wrong(guard, "10.0.0.9")
        clock.now += 1
    with pytest.raises(ApiError) as refused:
        guard.try_attempt("10.0.0.9")
    assert (refused.value.status, refused.value.code) == (429, "too_many_attempts")
    assert refused.value.retry_after == PAIR_WINDOW - PAIR_FAILURES
    wrong(guard, "10.0.0.10")  # another address is not held up
    clock.now += PAIR_WINDOW - PAIR_FAILURES  # the first failure is now out of the window
    wrong(guard, "10.0.0.9")
    with pytest.raises(ApiError):
        guard.try_attempt("10.0.0.9")


def test_codes_being_looked_at_count_until_judged_and_a_right_one_not_at_all() -> None:
    guard = PairingGuard(clock=FakeClock())
    judging = [guard.try_attempt("10.0.0.9") for _ in range(PAIR_FAILURES + 5)]
    assert sum(a is not None for a in judging) == PAIR_FAILURES  # the rest wait
    for attempt in judging:
        if attempt is not None:
            attempt.judged(wrong=False)  # right codes, all of them
    for _ in range(PAIR_FAILURES):
        wrong(guard, "10.0.0.9")
    with pytest.raises(ApiError):
        guard.try_attempt("10.0.0.9")


def test_wrong_codes_from_one_address_pause_pairing_there_only(core_server: CoreServer) -> None:
    right = core_server.pairing_code("kiosk")
    wrong = "000000" if right != "000000" else "111111"
    with client_from(core_server, "127.0.0.2") as guesser:
        for _ in range(PAIR_FAILURES):
            answer = guesser.post("/api/v1/pair", json={"code": wrong, "name": "Kiosk"})
            assert answer.status_code == 401, answer.text
            assert answer.json()["error"]["code"] == "invalid_code"
        paused = guesser.post("/api/v1/pair", json={"code": right, "name": "Kiosk"})
    assert paused.status_code == 429, paused.text
    assert paused.json()["error"]["code"] == "too_many_attempts"
    assert paused.json()["error"]["field"] == "code"
    assert 0 < int(paused.headers["Retry-After"]) <= PAIR_WINDOW
    with client_from(core_server, "127.0.0.3") as kiosk:
        paired = kiosk.post("/api/v1/pair", json={"code": right, "name": "Kiosk"})
    assert paired.status_code == 201, paired.text
    store = core_server.store()
    try:
        assert store.conn.execute("SELECT name FROM devices").fetchall() == [("Kiosk",)]
    finally:
        store.close()
