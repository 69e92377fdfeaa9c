"""The wait as a range over HTTP: the issue's answer, a read, the kiosk's list and the phone
page give one range, read by the typed client; a short wait reads "under 5 minutes"."""

from __future__ import annotations

import httpx

from queue_core.client import AgencyInfo, TicketInfo
from queue_core.domain import WaitRange
from tests.support.server import CoreServer


def _issue(core: CoreServer, kiosk: str, service: str) -> dict:
    response = httpx.post(
        core.base_url + "/api/v1/tickets",
        json={"service": service},
        headers={"Authorization": f"Bearer {kiosk}"},
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_every_read_of_a_waiting_ticket_gives_its_range(core_server: CoreServer) -> None:
    kiosk = core_server.pair_device("kiosk")
    first = TicketInfo.from_json(_issue(core_server, kiosk, "datdai"))
    # Nobody ahead: no zeros to read, "under 5 minutes" on the page.
    assert first.estimate_range is not None and first.estimate_range.short
    page = httpx.get(f"{core_server.base_url}/t/{first.public_token}").text
    assert "&lt; 5" in page and "8 trên 10 người" in page
    for _ in range(5):
        data = _issue(core_server, kiosk, "datdai")
    last = TicketInfo.from_json(data)
    wait = last.estimate_range
    assert wait is not None and not wait.short
    assert wait.low < last.estimate_minutes < wait.high
    read = httpx.get(
        f"{core_server.base_url}/api/v1/tickets/{last.id}", params={"t": last.public_token}
    ).json()
    assert TicketInfo.from_json(read).estimate_range == wait
    page = httpx.get(f"{core_server.base_url}/t/{last.public_token}").text
    assert f"{wait.low}–{wait.high}" in page
    agencies = httpx.get(core_server.base_url + "/api/v1/services").json()
    listed = {s.id: s.estimate_range for a in agencies for s in AgencyInfo.from_json(a).services}
    # a new ticket now waits behind all six
    assert isinstance(listed["datdai"], WaitRange) and listed["datdai"].high >= wait.high
