"""Ratings come from the citizen (issue 20, point 2): only the display paired to the counter that
served a ticket rates it, once, within RATING_WINDOW of the end of its service. A clerk's
session, another counter's clerk or display, a supervisor, a kiosk: 403, and nothing changed."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from queue_core.cli import main
from queue_core.domain import (
    RATING_WINDOW,
    CallNext,
    CounterState,
    FinishService,
    IssueTicket,
    RateTicket,
    SetCounterState,
    StartService,
)
from queue_core.errors import Conflict
from queue_core.store import Store, TicketView, audit_entries, list_devices, pair_device
from tests.queue_core.api.test_security import bearer, refused, unchanged
from tests.queue_core.conftest import MORNING, SMALL_SITE
from tests.support.server import CoreServer


class Counter:
    """One counter of the test hall: its clerk's panel (the device and the clerk's session)
    and its paired display."""

    def __init__(self, core: CoreServer, number: int, clerk: str, pin: str) -> None:
        self.number = number
        self.panel = bearer(core.pair_device("counter", f"Quầy {number}, cán bộ"))
        self.clerk = bearer(core.login(clerk, pin, number))
        self.display = bearer(core.pair_device("counter-display", f"Quầy {number}", counter=number))


@pytest.fixture
def api(core_server: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=core_server.base_url) as client:
        yield client


@pytest.fixture
def counters(core_server: CoreServer, api: httpx.Client) -> tuple[Counter, Counter]:
    core_server.add_staff("minh", "5678")
    one, two = Counter(core_server, 1, "lan", "1234"), Counter(core_server, 2, "minh", "5678")
    for counter in (one, two):
        assert api.post(f"/api/v1/counters/{counter.number}/open", headers=counter.clerk).is_success
    return one, two


def served_at(core: CoreServer, api: httpx.Client, counter: Counter) -> int:
    """A ticket issued, called, served and finished at ``counter``; its id."""
    kiosk = bearer(core.pair_device("kiosk"))
    ticket = api.post("/api/v1/tickets", json={"service": "chungthuc"}, headers=kiosk).json()
    for step in ("next", "start", "finish"):
        response = api.post(f"/api/v1/counters/{counter.number}/{step}", headers=counter.clerk)
        assert response.status_code == 200, response.text
    return int(ticket["id"])


def rate(api: httpx.Client, ticket: int, who: dict[str, str], score: int = 1) -> httpx.Response:
    return api.post(f"/api/v1/tickets/{ticket}/rating", json={"score": score}, headers=who)


def test_the_clerk_who_served_it_cannot_rate_and_the_display_then_can(
    core_server: CoreServer, api: httpx.Client, counters: tuple[Counter, Counter]
) -> None:
    one, _two = counters
    ticket = served_at(core_server, api, one)
    with unchanged(core_server):
        refused(rate(api, ticket, one.clerk), 403, "not_allowed")
    rated = rate(api, ticket, one.display, 2)
    assert rated.status_code == 200 and rated.json()["rating"] == 2
    refused(rate(api, ticket, one.display), 409, "already_rated")


def test_nobody_but_the_display_of_the_counter_that_served_it_rates(
    core_server: CoreServer, api: httpx.Client, counters: tuple[Counter, Counter]
) -> None:
    one, two = counters
    ticket = served_at(core_server, api, one)
    boss = bearer(core_server.login("boss", "999999", None))
    kiosk = bearer(core_server.pair_device("kiosk"))
    board = bearer(core_server.pair_device("board"))
    with unchanged(core_server):
        for who in (one.panel, two.clerk, two.display, two.panel, boss, kiosk, board):
            refused(rate(api, ticket, who), 403, "not_allowed")
        refused(rate(api, ticket, {}), 401, "token_required")
    assert rate(api, ticket, one.display).status_code == 200


def test_a_display_paired_before_counters_were_named_rates_nothing(
    core_server: CoreServer, api: httpx.Client, counters: tuple[Counter, Counter]
) -> None:
    one, _two = counters
    ticket = served_at(core_server, api, one)
    store = core_server.store()
    try:
        with store.transaction() as conn:  # as the upgrade leaves a display paired before it
            conn.execute("UPDATE devices SET counter = NULL")
    finally:
        store.close()
    with unchanged(core_server):
        refused(rate(api, ticket, one.display), 403, "not_allowed")


def test_a_rating_comes_within_the_window_after_the_service(store: Store) -> None:
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING)
    finished: list[tuple[int, datetime]] = []
    for minute in (1, 2):
        view = store.execute(IssueTicket("lltp"), MORNING).result
        assert isinstance(view, TicketView)
        store.execute(CallNext(1), MORNING + timedelta(minutes=minute))
        store.execute(StartService(1), MORNING + timedelta(minutes=minute))
        done = MORNING + timedelta(minutes=minute, seconds=30)
        store.execute(FinishService(1), done)
        finished.append((view.ticket.id, done))
    (first, first_done), (second, second_done) = finished
    store.execute(RateTicket(first, 1, counter=1), first_done + RATING_WINDOW)
    with pytest.raises(Conflict) as late:
        store.execute(
            RateTicket(second, 1, counter=1), second_done + RATING_WINDOW + timedelta(seconds=1)
        )
    assert late.value.code == "rating_closed"
    assert "5 minutes" in late.value.message
    assert store.ticket(second).rating is None  # type: ignore[union-attr]


def cli(db: Path, *args: str) -> int:
    before = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        return main(["--db", str(db), *args])
    finally:
        sys.stdin = before


def test_luot_core_pairs_a_counter_display_to_its_counter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    db = tmp_path / "luot.db"
    assert cli(db, "init", str(site)) == 0
    capsys.readouterr()
    assert cli(db, "pair", "--role", "counter-display") == 2
    assert "--role counter-display needs --counter N" in capsys.readouterr().err
    assert cli(db, "pair", "--role", "kiosk", "--counter", "1") == 2
    assert cli(db, "pair", "--role", "counter", "--counter", "1") == 2  # a clerk's panel
    assert cli(db, "pair", "--role", "counter-display", "--counter", "9") == 2
    assert "no counter 9" in capsys.readouterr().err
    assert cli(db, "pair", "--json", "--role", "counter-display", "--counter", "2") == 0
    code = json.loads(capsys.readouterr().out)["code"]
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            _token, device = pair_device(conn, code, "Màn hình quầy 2", MORNING)
        assert device.counter == 2 and list_devices(store.conn)[0].counter == 2
        after = audit_entries(store.conn)[0].after
        assert after is not None and (after["role"], after["counter"]) == ("counter-display", 2)
    finally:
        store.close()
