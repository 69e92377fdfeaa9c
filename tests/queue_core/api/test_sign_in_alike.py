"""Signing in tells no one which usernames exist: an unknown one, a disabled account, one with no
PIN and a wrong PIN get the same answer after the same work (one scrypt comparison); a locked
account is refused before any comparison, known or not, as an address that guessed too much is.

The work is counted on a real core's sign-in in this process (each scrypt the PIN thread runs);
the answers are read from a real core over HTTP, at the API and at the console."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from queue_core.api.errors import status_of
from queue_core.api.guards import PIN_FAILURES_AT_ADDRESS, PIN_FAILURES_PER_ADDRESS
from queue_core.api.pins import sign_in
from queue_core.api.runtime import ApiRuntime
from queue_core.domain import Actor, Role
from queue_core.errors import LuotError
from queue_core.store import Account, Store, add_staff, disable_staff
from tests.queue_core.conftest import MORNING, open_store
from tests.queue_core.console.conftest import login_csrf
from tests.support.addresses import client_from
from tests.support.server import CoreServer

OPERATOR = Actor.operator("root (luot-core)")  # above every account: the rules here are others

Answer = tuple[int, str, str, str | None]
"""A refusal as its caller sees it: status, code, message, field; or (201, username, "", None)."""


def staff(store: Store) -> None:
    with store.transaction() as conn:
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
        add_staff(conn, "gone", "Gone", Role.CLERK, "1234")
        add_staff(conn, "boss", "Boss", Role.SUPERVISOR, "999999")
        disable_staff(conn, OPERATOR, MORNING, "gone")
        conn.execute(
            "INSERT INTO staff(username, display_name, role, active) "
            "VALUES ('nopin', 'No PIN', 'clerk', 1)"  # as a site file's [[staff]] makes one
        )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "luot.db")
    staff(store)
    store.close()
    return tmp_path / "luot.db"


@pytest.fixture
def scrypts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every scrypt run from now on, on any thread."""
    made: list[bytes] = []
    lock = threading.Lock()
    scrypt = hashlib.scrypt

    def counted(password: bytes, **kwargs: Any) -> bytes:
        with lock:
            made.append(password)
        return scrypt(password, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    yield made


def attempts(db: Path, made: list[bytes], tries: list[tuple[str, str, str]]) -> list[Any]:
    """Each (username, pin, address) signed in on a core started here: its answer, and the
    scrypt comparisons it cost."""

    def opened(_store: Store, _now: datetime, account: Account) -> str:
        return account.username

    async def run() -> list[tuple[Answer, int]]:
        runtime = ApiRuntime(db)
        runtime.start()
        try:
            found = []
            for username, pin, address in tries:
                before = len(made)
                answer: Answer
                try:
                    answer = (201, await sign_in(runtime, username, pin, address, opened), "", None)
                except LuotError as refused:
                    answer = (status_of(refused), refused.code, refused.message, refused.field)
                found.append((answer, len(made) - before))
            return found
        finally:
            runtime.stop()

    return asyncio.run(run())


def test_unknown_disabled_no_pin_and_wrong_pin_answer_alike_after_one_comparison(
    db: Path, scrypts: list[bytes]
) -> None:
    tries = [
        ("lan", "0000", "10.0.0.1"),  # a wrong PIN
        ("nobody", "1234", "10.0.0.2"),  # no such username
        ("gone", "1234", "10.0.0.3"),  # disabled: its right PIN
        ("nopin", "1234", "10.0.0.4"),  # an account with no PIN
        ("lan", "1234", "10.0.0.5"),  # the right PIN
    ]
    *refused, right = attempts(db, scrypts, tries)
    wrong = ((401, "wrong_pin", "The username or PIN is not right.", "pin"), 1)
    assert refused == [wrong] * 4
    assert right == ((201, "lan", "", None), 1)


def test_a_locked_account_known_or_not_is_refused_before_any_comparison(
    db: Path, scrypts: list[bytes]
) -> None:
    guesses = [("lan", "0000", "10.0.0.8"), ("nobody", "0000", "10.0.0.9")]
    tries = [g for g in guesses for _ in range(PIN_FAILURES_AT_ADDRESS)] + guesses
    *guessed, lan, nobody = attempts(db, scrypts, tries)
    assert {cost for _, cost in guessed} == {1}
    assert lan == nobody
    (status, code, message, _), cost = lan
    assert (status, code, cost) == (423, "account_locked", 0)
    assert message.startswith("Too many wrong PINs: this account is locked here")


def test_an_address_that_guessed_too_much_waits_before_any_comparison(
    db: Path, scrypts: list[bytes]
) -> None:
    tries = [(f"user{n}", "0000", "10.0.0.7") for n in range(PIN_FAILURES_PER_ADDRESS + 2)]
    found = attempts(db, scrypts, tries)
    assert [cost for _, cost in found] == [1] * PIN_FAILURES_PER_ADDRESS + [0, 0]
    assert {answer[:2] for answer, _ in found[PIN_FAILURES_PER_ADDRESS:]} == {
        (429, "too_many_attempts")
    }


def test_a_real_core_answers_them_alike_at_the_api_and_the_console(
    core_server: CoreServer,
) -> None:
    store = core_server.store()
    try:
        with store.transaction() as conn:
            add_staff(conn, "gone", "Gone", Role.SUPERVISOR, "246810")
            disable_staff(conn, OPERATOR, MORNING, "gone")
    finally:
        store.close()
    tries = [("boss", "000000"), ("nobody", "999999"), ("gone", "246810")]
    api, console = [], []
    for n, (username, pin) in enumerate(tries):
        with client_from(core_server, f"127.0.0.{20 + n}") as client:
            answer = client.post("/api/v1/session", json={"username": username, "pin": pin})
            api.append((answer.status_code, answer.json()))
            form = {"username": username, "pin": pin, "csrf": login_csrf(client)}
            page = client.post("/console/login", data=form)
            console.append((page.status_code, error(page.text)))
    assert api[0][0] == 401 and api[0][1]["error"]["code"] == "wrong_pin"
    assert api == [api[0]] * 3
    assert console[0][0] == 401 and "Tên đăng nhập hoặc mã PIN không đúng." in console[0][1]
    assert console == [console[0]] * 3


def error(page: str) -> str:
    """The login page's refusal (the page also holds the username typed, and a new CSRF)."""
    return page.split('id="login-error"')[1].split("</p>")[0]
