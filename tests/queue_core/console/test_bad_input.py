"""Bad input to the console is a 4xx, never a 500: a form with too many fields, dates and
moments outside the bounds the console takes (a page with the error, or the contract's error
shape for a download), and nothing is changed or logged as a bug."""

from __future__ import annotations

import httpx
import pytest

from queue_core.console.auth import MAX_FORM_FIELDS
from queue_core.console.dates import FIRST_DAY, LAST_DAY
from tests.queue_core.console.conftest import csrf_of, login_csrf
from tests.support.server import CoreServer

BOUNDS = f"Give a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."


def no_trace_in(core: CoreServer) -> None:
    log = core.log()
    assert "Traceback" not in log and "unexpected error" not in log, log[-3000:]


def scheduled_notices(core: CoreServer) -> list[tuple[object, ...]]:
    store = core.store()
    try:
        return store.conn.execute("SELECT * FROM scheduled_notices").fetchall()
    finally:
        store.close()


def test_a_login_form_with_more_than_50_fields_is_413_in_the_error_shape(
    core_server: CoreServer,
) -> None:
    with httpx.Client(base_url=core_server.base_url, timeout=10) as client:
        csrf = login_csrf(client)
        fields = {f"extra{i}": "x" for i in range(MAX_FORM_FIELDS)}
        form = {"username": "boss", "pin": "999999", "csrf": csrf, **fields}
        response = client.post("/console/login", data=form)
        assert response.status_code == 413, response.text
        assert response.json() == {
            "error": {
                "code": "too_many_fields",
                "message": f"A form has at most {MAX_FORM_FIELDS} fields.",
            }
        }
        assert "luot_console" not in response.cookies
        # the same login with its own fields only opens the session
        fine = {"username": "boss", "pin": "999999", "csrf": login_csrf(client)}
        assert client.post("/console/login", data=fine).status_code == 303
    no_trace_in(core_server)


@pytest.mark.parametrize(
    ("field", "moment"),
    [
        ("show_at", "0001-01-01T00:00"),
        ("show_at", "9999-12-31T23:59"),
        ("hide_at", "9999-12-31T23:59"),
        ("hide_at", "0001-01-01T00:00+14:00"),
        ("show_at", "1999-12-31T23:59"),
        ("hide_at", "2100-01-01T00:00"),
    ],
)
def test_a_notice_moment_outside_the_bounds_is_reshown_with_its_error(
    core_server: CoreServer, console: httpx.Client, field: str, moment: str
) -> None:
    response = console.post(
        "/console/admin/notice",
        data={"csrf": csrf_of(console), "text": "Nghỉ lễ", field: moment},
    )
    assert response.status_code == 422, response.text
    assert 'id="error-notice"' in response.text and BOUNDS in response.text
    assert scheduled_notices(core_server) == []
    no_trace_in(core_server)


def test_notice_moments_at_the_bounds_are_taken(
    core_server: CoreServer, console: httpx.Client
) -> None:
    response = console.post(
        "/console/admin/notice",
        data={
            "csrf": csrf_of(console),
            "text": "Từ đầu đến cuối",
            "show_at": f"{FIRST_DAY.isoformat()}T00:00",
            "hide_at": f"{LAST_DAY.isoformat()}T23:59",
        },
    )
    assert response.status_code == 303, response.text
    assert len(scheduled_notices(core_server)) == 1
    no_trace_in(core_server)


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize(
    "path", ["/console/reports", "/console/reports.xlsx", "/console/reports.csv"]
)
def test_a_report_in_the_year_9999_is_422_not_500(
    core_server: CoreServer, console: httpx.Client, path: str, period: str
) -> None:
    query = {"from": "9999-12-01", "to": "9999-12-31", "period": period}
    response = console.get(path, params=query)
    assert response.status_code == 422, response.text[:500]
    if path == "/console/reports":
        assert 'id="report-form"' in response.text and BOUNDS in response.text
    else:
        assert response.json() == {
            "error": {"code": "invalid_input", "message": BOUNDS, "field": "from"}
        }
    no_trace_in(core_server)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "0001-01-01", "to": "0001-01-31"}, "from"),
        ({"from": "2026-12-01", "to": "2100-01-01"}, "to"),
        ({"to": "1999-12-31"}, "to"),
    ],
)
def test_report_dates_outside_the_bounds_name_their_field(
    console: httpx.Client, query: dict[str, str], field: str
) -> None:
    response = console.get("/console/reports.csv", params=query)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {"code": "invalid_input", "message": BOUNDS, "field": field}


def test_a_report_up_to_the_last_day_is_drawn(console: httpx.Client) -> None:
    query = {"from": f"{LAST_DAY.year}-01-01", "to": LAST_DAY.isoformat(), "period": "week"}
    for path in ("/console/reports", "/console/reports.xlsx", "/console/reports.csv"):
        assert console.get(path, params=query).status_code == 200
