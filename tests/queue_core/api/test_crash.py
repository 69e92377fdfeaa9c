"""SIGKILL under a load of issuing clients: every 201 survives, numbers unique, seq continuous."""

from __future__ import annotations

import threading
from collections import Counter

import httpx

from tests.support.server import CoreServer

CLIENTS = 6
SERVICES = ("chungthuc", "datdai")


def issue_until_refused(base_url: str, token: str, service: str, got: list[dict[str, str]]) -> None:
    """Issue until the server goes away; keep every ticket that was answered 201."""
    with httpx.Client(base_url=base_url, timeout=10) as api:
        for _ in range(400):
            try:
                response = api.post(
                    "/api/v1/tickets",
                    json={"service": service},
                    headers={"Authorization": f"Bearer {token}"},
                )
            except httpx.TransportError:
                return
            if response.status_code != 201:
                continue  # e.g. a daily cap reached
            got.append(response.json())


def test_sigkill_loses_no_acknowledged_ticket(core_server: CoreServer) -> None:
    token = core_server.pair_device("kiosk")
    acknowledged: list[dict[str, str]] = []
    threads = [
        threading.Thread(
            target=issue_until_refused,
            args=(core_server.base_url, token, SERVICES[i % 2], acknowledged),
        )
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 50:  # the load is on
        threading.Event().wait(0.01)
    core_server.kill()
    for thread in threads:
        thread.join()
    core_server.start()

    store = core_server.store()
    try:
        tickets = store.table_tickets()
        seqs = [row[0] for row in store.conn.execute("SELECT seq FROM events ORDER BY seq")]
        assert store.integrity_check() == "ok"
    finally:
        store.close()
    for ticket in acknowledged:
        stored = tickets[int(ticket["id"])]
        assert (stored["number"], stored["public_token"]) == (
            ticket["number"],
            ticket["public_token"],
        )
    numbers = Counter((t["service_id"], t["business_day"], t["number"]) for t in tickets.values())
    assert max(numbers.values()) == 1
    assert seqs == list(range(1, len(seqs) + 1))
    health = httpx.get(core_server.base_url + "/api/v1/health").json()
    assert health["seq"] == len(seqs)
