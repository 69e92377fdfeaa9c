"""Guesses sent at once are counted before they are checked: a thousand wrong pairing codes and
two hundred wrong PINs from one address, all in flight together, get no more checks than the
limits allow, and a locked account's PIN is never hashed, so a real clerk waits behind none.

A real core; the guesser is bound to 127.0.0.2 and the clerk to 127.0.0.3 (see
tests/support/addresses.py). A PIN is hashed exactly when the answer is 401 ``wrong_pin``
(every account here exists): the number of 401s is the number of PINs compared."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from typing import Any

import httpx

from queue_core.api.guards import PAIR_FAILURES, PIN_FAILURES_AT_ADDRESS, PIN_FAILURES_PER_ADDRESS
from tests.support.addresses import client_from
from tests.support.server import CoreServer

GUESSER = "127.0.0.2"
CLERK = "127.0.0.3"


async def all_at_once(
    core: CoreServer, address: str, path: str, bodies: Iterable[dict[str, Any]]
) -> list[httpx.Response]:
    """Every body posted together over 100 connections from ``address``."""
    transport = httpx.AsyncHTTPTransport(
        local_address=address, limits=httpx.Limits(max_connections=100)
    )
    async with httpx.AsyncClient(
        base_url=core.base_url, transport=transport, trust_env=False, timeout=120
    ) as client:
        return list(await asyncio.gather(*(client.post(path, json=b) for b in bodies)))


def tally(answers: Iterable[httpx.Response]) -> Counter[tuple[int, str]]:
    return Counter((a.status_code, a.json()["error"]["code"]) for a in answers)


def test_a_thousand_wrong_pairing_codes_at_once_get_ten_looked_at(
    core_server: CoreServer,
) -> None:
    right = core_server.pairing_code("kiosk")
    wrong = "000000" if right != "000000" else "111111"
    guesses = [{"code": wrong, "name": "Kiosk"}] * 1000
    answers = asyncio.run(all_at_once(core_server, GUESSER, "/api/v1/pair", guesses))
    assert tally(answers) == {
        (401, "invalid_code"): PAIR_FAILURES,
        (429, "too_many_attempts"): 1000 - PAIR_FAILURES,
    }
    with client_from(core_server, CLERK) as kiosk:
        paired = kiosk.post("/api/v1/pair", json={"code": right, "name": "Kiosk"})
    assert paired.status_code == 201, paired.text


def test_wrong_pins_at_once_for_one_account_hash_five_and_lock_it(
    core_server: CoreServer,
) -> None:
    core_server.add_staff("hoa", "246810", "clerk")
    core_server.add_staff("minh", "135791", "clerk")
    guesses = [{"username": "hoa", "pin": f"{n:06d}", "counter": 1} for n in range(200)]

    async def guessed_while_minh_signs_in() -> tuple[list[httpx.Response], httpx.Response]:
        burst = asyncio.ensure_future(all_at_once(core_server, GUESSER, "/api/v1/session", guesses))
        await asyncio.sleep(0)  # the burst under way first
        minh = {"username": "minh", "pin": "135791", "counter": 2}
        [signed_in] = await all_at_once(core_server, CLERK, "/api/v1/session", [minh])
        return await burst, signed_in

    answers, signed_in = asyncio.run(guessed_while_minh_signs_in())
    assert tally(answers) == {
        (401, "wrong_pin"): PIN_FAILURES_AT_ADDRESS,  # the only PINs hashed
        (423, "account_locked"): 200 - PIN_FAILURES_AT_ADDRESS,
    }
    assert signed_in.status_code == 201, signed_in.text

    # Locked now: another burst is refused whole before any PIN of it is hashed.
    again = asyncio.run(all_at_once(core_server, GUESSER, "/api/v1/session", guesses[:100]))
    assert tally(again) == {(423, "account_locked"): 100}
    with client_from(core_server, CLERK) as counter:
        hoa = counter.post(
            "/api/v1/session", json={"username": "hoa", "pin": "246810", "counter": 1}
        )
    assert hoa.status_code == 201, hoa.text  # locked at the guesser's address only


def test_wrong_pins_at_once_for_many_accounts_hash_ten_and_make_the_address_wait(
    core_server: CoreServer,
) -> None:
    names = [f"clerk{n:02d}" for n in range(12)]
    for name in names:
        core_server.add_staff(name, "246810", "clerk")
    guesses = [
        {"username": names[n % len(names)], "pin": f"{n:06d}", "counter": 1} for n in range(200)
    ]
    answers = asyncio.run(all_at_once(core_server, GUESSER, "/api/v1/session", guesses))
    assert tally(answers) == {
        (401, "wrong_pin"): PIN_FAILURES_PER_ADDRESS,
        (429, "too_many_attempts"): 200 - PIN_FAILURES_PER_ADDRESS,
    }


def test_right_pins_at_once_from_one_address_all_sign_in(core_server: CoreServer) -> None:
    """Twenty clerks signing in together from one machine (the demo and the simulator run every
    counter from one address): each waits its turn behind the PINs being compared, none is
    refused for the others."""
    names = [f"clerk{n:02d}" for n in range(2 * PIN_FAILURES_PER_ADDRESS)]
    for name in names:
        core_server.add_staff(name, "246810", "clerk")
    logins = [{"username": name, "pin": "246810", "counter": 1} for name in names]
    answers = asyncio.run(all_at_once(core_server, GUESSER, "/api/v1/session", logins))
    assert [a.status_code for a in answers] == [201] * len(names), answers[-1].text
