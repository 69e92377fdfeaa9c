"""Administration through the console: each change made by the queue's commands, each audited,
bad input re-shown with its error and nothing changed."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.sync.client import connect

from tests.queue_core.console.conftest import csrf_of, log_in
from tests.support.server import CoreServer


def post(console: httpx.Client, action: str, **data: str) -> httpx.Response:
    return console.post(f"/console/admin/{action}", data={"csrf": csrf_of(console), **data})


def services(core: CoreServer) -> dict[str, dict[str, Any]]:
    agencies = httpx.get(core.base_url + "/api/v1/services").json()
    return {s["id"]: s for a in agencies for s in a["services"]}


def audit_rows(console: httpx.Client) -> list[str]:
    page = console.get("/console/audit").text
    return [row.split("</tr>")[0] for row in page.split('<tr class="audit-row"')[1:]]


def test_closing_a_service_shows_on_the_services_list_with_the_reason(
    core_server: CoreServer, console: httpx.Client
) -> None:
    response = post(console, "service", service="lltp", reason="Hết phôi phiếu", do="close")
    assert response.status_code == 303
    lltp = services(core_server)["lltp"]
    assert lltp["available"] is False and lltp["reason"] == "closed_today"
    assert "Hết phôi phiếu" in lltp["reason_message"]
    assert post(console, "service", service="lltp", do="reopen").status_code == 303
    assert services(core_server)["lltp"]["available"] is True
    rows = audit_rows(console)
    assert 'data-action="service.open"' in rows[0] and 'data-action="service.close"' in rows[1]
    assert "boss" in rows[1] and "Hết phôi phiếu" in rows[1]


def test_a_close_without_a_reason_is_reshown_with_the_error(
    core_server: CoreServer, console: httpx.Client
) -> None:
    response = post(console, "service", service="lltp", reason="", do="close")
    assert response.status_code == 422
    assert 'id="error-service"' in response.text and "Say why" in response.text
    unknown = post(console, "service", service="nope", reason="x", do="close")
    assert unknown.status_code == 404 and "There is no service" in unknown.text
    assert all(s["available"] for s in services(core_server).values())
    assert audit_rows(console) == []


def test_changing_a_counters_services_changes_whom_it_calls(
    core_server: CoreServer, console: httpx.Client
) -> None:
    assert post(console, "counter", counter="2", services="datdai, chungthuc").status_code == 303
    counters = httpx.get(core_server.base_url + "/api/v1/counters").json()
    assert next(c for c in counters if c["number"] == 2)["services"] == ["datdai", "chungthuc"]
    kiosk = core_server.pair_device("kiosk")
    ticket = httpx.post(
        core_server.base_url + "/api/v1/tickets",
        json={"service": "datdai"},
        headers={"Authorization": f"Bearer {kiosk}"},
    ).json()
    clerk = httpx.Client(
        base_url=core_server.base_url,
        headers={"Authorization": f"Bearer {core_server.login('lan', '1234', 2)}"},
    )
    with clerk:
        clerk.post("/api/v1/counters/2/open")
        assert clerk.post("/api/v1/counters/2/next").json()["number"] == ticket["number"]
    bad = post(console, "counter", counter="2", services="datdai, nope")
    assert bad.status_code == 404 and "nope" in bad.text
    empty = post(console, "counter", counter="2", services=" ")
    assert empty.status_code == 422
    counters = httpx.get(core_server.base_url + "/api/v1/counters").json()
    assert next(c for c in counters if c["number"] == 2)["services"] == ["datdai", "chungthuc"]
    row = audit_rows(console)[0]
    assert 'data-action="counter.services"' in row and 'data-target="2"' in row
    assert "chungthuc" in row and "datdai, chungthuc" in row


def test_a_posted_notice_reaches_a_subscriber_and_can_be_withdrawn(
    core_server: CoreServer, console: httpx.Client
) -> None:
    with connect(
        core_server.ws_url + "?since=0", additional_headers=core_server.stream_headers()
    ) as ws:
        assert post(console, "notice", text="Nghỉ trưa 11:30–13:30").status_code == 303
        event = json.loads(ws.recv(timeout=30))
        assert event["type"] == "notice.changed"
        assert event["notices"] == ["Nghỉ trưa 11:30–13:30"]
        assert post(console, "notice-withdraw", text="Nghỉ trưa 11:30–13:30").status_code == 303
        assert json.loads(ws.recv(timeout=30))["notices"] == []
    assert httpx.get(core_server.base_url + "/api/v1/board").json()["notices"] == []
    actions = [r.split('data-action="')[1].split('"')[0] for r in audit_rows(console)]
    assert actions == ["notice.withdraw", "notice.schedule"]


def test_a_scheduled_notice_waits_for_its_time(
    core_server: CoreServer, console: httpx.Client
) -> None:
    response = post(
        console,
        "notice",
        text="Bảo trì hệ thống",
        show_at="2099-01-01T08:00",
        hide_at="2099-01-01T17:00",
    )
    assert response.status_code == 303
    assert httpx.get(core_server.base_url + "/api/v1/board").json()["notices"] == []
    admin = console.get("/console/admin").text
    assert 'id="scheduled-list"' in admin and "Bảo trì hệ thống" in admin
    assert "01/01/2099" not in admin and "2099-01-01 08:00" in admin
    backwards = post(
        console, "notice", text="Sai", show_at="2099-01-02T08:00", hide_at="2099-01-01T08:00"
    )
    assert backwards.status_code == 422 and "end after it starts" in backwards.text
    garbled = post(console, "notice", text="Sai", show_at="tomorrow")
    assert garbled.status_code == 422


def test_cancelling_a_waiting_ticket_and_ending_the_day(
    core_server: CoreServer, console: httpx.Client
) -> None:
    kiosk = core_server.pair_device("kiosk")
    api = httpx.Client(base_url=core_server.base_url, headers={"Authorization": f"Bearer {kiosk}"})
    with api:
        first = api.post("/api/v1/tickets", json={"service": "lltp"}).json()
        api.post("/api/v1/tickets", json={"service": "lltp"})
    no_reason = post(console, "ticket-cancel", ticket=str(first["id"]), reason="")
    assert no_reason.status_code == 422
    done = post(console, "ticket-cancel", ticket=str(first["id"]), reason="Công dân về")
    assert done.status_code == 303
    ticket = httpx.get(
        f"{core_server.base_url}/api/v1/tickets/{first['id']}", params={"t": first["public_token"]}
    ).json()
    assert ticket["status"] == "cancelled"
    again = post(console, "ticket-cancel", ticket=str(first["id"]), reason="again")
    assert again.status_code == 409
    unconfirmed = post(console, "day-end", reason="Mất điện")
    assert unconfirmed.status_code == 422 and services(core_server)["lltp"]["waiting"] == 1
    assert post(console, "day-end", reason="Mất điện", confirm="yes").status_code == 303
    assert services(core_server)["lltp"]["waiting"] == 0
    actions = [r.split('data-action="')[1].split('"')[0] for r in audit_rows(console)]
    assert actions == ["day.end", "ticket.cancel"]


def test_staff_are_added_disabled_and_re_pinned(
    core_server: CoreServer, console: httpx.Client
) -> None:
    added = post(
        console,
        "staff-add",
        username="hoa",
        display_name="Nguyễn Thị Hoa",
        role="clerk",
        pin="2468",
    )
    assert added.status_code == 303
    assert core_server.login("hoa", "2468", 1).startswith("luot_s_")
    short = post(console, "staff-add", username="minh", display_name="Minh", role="clerk", pin="1")
    assert short.status_code == 422 and "4 to 12 digits" in short.text
    assert post(console, "staff-pin", username="hoa", pin="1357").status_code == 303
    assert core_server.login("hoa", "1357", 1)
    assert post(console, "staff-disable", username="hoa").status_code == 303
    refused = httpx.post(
        core_server.base_url + "/api/v1/session",
        json={"username": "hoa", "pin": "1357", "counter": 1},
    )
    assert refused.status_code == 401
    myself = post(console, "staff-disable", username="boss")
    assert myself.status_code == 422
    actions = [r.split('data-action="')[1].split('"')[0] for r in audit_rows(console)]
    assert actions == ["staff.disable", "staff.reset_pin", "staff.add"]
    assert "1357" not in console.get("/console/audit").text  # PINs are never written down


def test_the_audit_page_lists_each_change_made_in_the_test(
    core_server: CoreServer, console: httpx.Client
) -> None:
    post(console, "service", service="datdai", reason="Mất mạng", do="close")
    post(console, "counter", counter="1", services="chungthuc")
    post(console, "notice", text="Xin chào")
    post(console, "staff-add", username="thu", display_name="Thu", role="clerk", pin="8642")
    core_server.add_staff("tuan", "864200", "supervisor")  # a supervisor adds no supervisor
    with httpx.Client(base_url=core_server.base_url) as other:
        assert log_in(other, "tuan", "864200").status_code == 303
        post(other, "notice-clear")
    rows = audit_rows(console)
    assert [r.split('data-action="')[1].split('"')[0] for r in rows] == [
        "notice.set",
        "staff.add",
        "notice.schedule",
        "counter.services",
        "service.close",
    ]
    assert "<td>tuan</td>" in rows[0] and "<td>boss</td>" in rows[1]
    assert "Mất mạng" in rows[4]
