"""The pairing throttle: ten wrong codes in a minute pause pairing until the minute is over."""

from __future__ import annotations

import httpx
import pytest

from queue_core.api.runtime import PAIR_FAILURES_PER_MINUTE, PairingGuard
from queue_core.errors import ApiError
from tests.support.server import CoreServer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_guard_refuses_after_the_limit_and_forgets_after_a_minute() -> None:
    clock = FakeClock()
    guard = PairingGuard(clock=clock)
    for _ in range(PAIR_FAILURES_PER_MINUTE):
        guard.check()
        guard.failed()
        clock.now += 1
    with pytest.raises(ApiError) as refused:
        guard.check()
    assert (refused.value.status, refused.value.code) == (429, "too_many_attempts")
    clock.now += 51  # the first failure is now just over a minute old
    guard.check()
    guard.failed()
    with pytest.raises(ApiError):
        guard.check()


def test_wrong_codes_over_http_pause_pairing_even_for_a_right_code(
    core_server: CoreServer,
) -> None:
    right = core_server.pairing_code("kiosk")
    wrong = "000000" if right != "000000" else "111111"
    with httpx.Client(base_url=core_server.base_url) as api:
        for _ in range(PAIR_FAILURES_PER_MINUTE):
            answer = api.post("/api/v1/pair", json={"code": wrong, "name": "Kiosk"})
            assert answer.status_code == 401, answer.text
            assert answer.json()["error"]["code"] == "invalid_code"
        paused = api.post("/api/v1/pair", json={"code": right, "name": "Kiosk"})
    assert paused.status_code == 429, paused.text
    assert paused.json()["error"] == {
        "code": "too_many_attempts",
        "message": "Too many wrong pairing codes; wait a minute and try again.",
        "field": "code",
    }
    store = core_server.store()
    try:
        assert store.conn.execute("SELECT count(*) FROM devices").fetchone()[0] == 0
    finally:
        store.close()
