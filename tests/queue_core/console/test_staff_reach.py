"""Issue 20, point 1, as measured: a supervisor took an administrator's account over through the
console (a new PIN, an overwrite as a clerk, a disabling). Each is refused now (403, shown by its
form) and changes nothing: no new PIN, no audit row."""

from __future__ import annotations

import httpx

from queue_core.domain import Role
from tests.queue_core.console.conftest import log_in
from tests.queue_core.console.test_admin import audit_rows, post
from tests.support.server import CoreServer


def staff_row(core: CoreServer, username: str = "quantri") -> tuple[Role, str, bool] | None:
    """The account as the database holds it: role, name, active."""
    store = core.store()
    try:
        row = store.conn.execute(
            "SELECT role, display_name, active FROM staff WHERE username = ?", (username,)
        ).fetchone()
    finally:
        store.close()
    return None if row is None else (Role(row[0]), row[1], bool(row[2]))


def test_a_supervisor_cannot_give_an_admin_a_new_pin(
    core_server: CoreServer, console: httpx.Client
) -> None:
    core_server.add_staff("quantri", "808080", "admin")
    response = post(console, "staff-pin", username="quantri", pin="424242")
    assert response.status_code == 403
    assert 'id="error-staff-pin"' in response.text and "clerks" in response.text
    with httpx.Client(base_url=core_server.base_url, timeout=10) as admin:
        assert log_in(admin, "quantri", "424242").status_code == 401
        assert log_in(admin, "quantri", "808080").status_code == 303
    assert audit_rows(console) == []


def test_a_supervisor_cannot_overwrite_an_admin_as_a_clerk(
    core_server: CoreServer, console: httpx.Client
) -> None:
    core_server.add_staff("quantri", "808080", "admin")
    response = post(
        console, "staff-add", username="quantri", display_name="Q", role="clerk", pin="424242"
    )
    assert response.status_code == 403 and 'id="error-staff-add"' in response.text
    assert staff_row(core_server) == (Role.ADMIN, "Quantri", True)
    assert audit_rows(console) == []


def test_a_supervisor_cannot_disable_an_admin(
    core_server: CoreServer, console: httpx.Client
) -> None:
    core_server.add_staff("quantri", "808080", "admin")
    response = post(console, "staff-disable", username="quantri")
    assert response.status_code == 403 and 'id="error-staff-disable"' in response.text
    assert staff_row(core_server) == (Role.ADMIN, "Quantri", True)
    assert audit_rows(console) == []


def test_only_an_admin_adds_an_admin_refused_as_access_denied(
    core_server: CoreServer, console: httpx.Client
) -> None:
    response = post(
        console, "staff-add", username="moi", display_name="M", role="admin", pin="424200"
    )
    assert response.status_code == 403 and 'id="error-staff-add"' in response.text
    assert staff_row(core_server, "moi") is None
