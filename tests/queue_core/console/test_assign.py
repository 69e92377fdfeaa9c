"""A clerk works where assigned (issue 20, point 3): the site file's counters name who may open
them, signing in elsewhere is refused (403 ``not_assigned``), and a supervisor assigns a clerk
for the rest of the day from the console, audited, or takes it back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from queue_core.domain import Actor, Role
from queue_core.errors import AccessDenied
from queue_core.store import Store, add_staff, assign_counter, check_counter_sign_in
from tests.queue_core.conftest import MORNING, open_store
from tests.queue_core.console.conftest import log_in
from tests.queue_core.console.test_admin import audit_rows, post
from tests.queue_core.test_roles import LISTED_SITE
from tests.support.server import CoreServer, running_core

STAFF = (
    ("lan", "1234", "clerk"),  # listed nowhere: any counter that lists nobody (3)
    ("hoa", "2222", "clerk"),  # listed at counter 1
    ("boss", "999999", "supervisor"),
    ("tuan", "333333", "supervisor"),
)
PINS = {username: pin for username, pin, _role in STAFF}


@pytest.fixture
def core(tmp_path: Path) -> Iterator[CoreServer]:
    """Counter 1 lists hoa and minh, counter 2 lists nobody (``staff = []``), counter 3 has
    no list."""
    with running_core(tmp_path, LISTED_SITE, STAFF) as server:
        yield server


def sign_in(core: CoreServer, username: str, counter: int | None) -> httpx.Response:
    return httpx.post(
        core.base_url + "/api/v1/session",
        json={"username": username, "pin": PINS[username], "counter": counter},
    )


def test_a_clerk_cannot_sign_in_at_a_counter_that_is_not_theirs(core: CoreServer) -> None:
    refused = sign_in(core, "lan", 1)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_assigned"
    assert refused.json()["error"]["field"] == "counter"
    assert sign_in(core, "lan", 2).status_code == 403  # a counter that lists nobody
    assert sign_in(core, "hoa", 3).status_code == 403  # listed at 1: not at the unlisted 3
    counters = httpx.get(core.base_url + "/api/v1/counters").json()
    assert all(c["state"] == "closed" and c["staff"] is None for c in counters)


def test_each_signs_in_where_they_work_and_a_supervisor_anywhere(core: CoreServer) -> None:
    assert sign_in(core, "hoa", 1).status_code == 201
    assert sign_in(core, "lan", 3).status_code == 201
    for counter in (1, 2, 3, None):
        assert sign_in(core, "boss", counter).status_code == 201


@pytest.fixture
def console(core: CoreServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=core.base_url, timeout=10) as client:
        assert log_in(client, "boss", "999999").status_code == 303
        yield client


def test_a_supervisor_assigns_a_clerk_for_today_and_takes_it_back(
    core: CoreServer, console: httpx.Client
) -> None:
    assert post(console, "staff-assign", username="lan", counter="1").status_code == 303
    page = console.get("/console/admin").text
    assert 'id="assignment-list"' in page and "<b>Quầy 1</b> — lan" in page
    signed = sign_in(core, "lan", 1)
    assert signed.status_code == 201
    clerk = {"Authorization": f"Bearer {signed.json()['token']}"}
    assert httpx.post(core.base_url + "/api/v1/counters/1/open", headers=clerk).status_code == 200
    # sent to counter 1 today, lan no longer takes whichever unlisted counter is free
    assert sign_in(core, "lan", 3).status_code == 403

    undone = post(console, "staff-assign", username="lan", counter="1", do="unassign")
    assert undone.status_code == 303
    assert sign_in(core, "lan", 1).status_code == 403
    ended = httpx.post(core.base_url + "/api/v1/counters/1/pause", headers=clerk)
    assert ended.status_code == 401  # the session the assignment let in ends with it
    rows = audit_rows(console)
    assert ['data-action="staff.unassign"' in rows[0], 'data-action="staff.assign"' in rows[1]] == [
        True,
        True,
    ]
    assert "<td>boss</td>" in rows[1] and "counter 1" in rows[1]


def test_an_assignment_is_refused_where_it_makes_no_sense(
    core: CoreServer, console: httpx.Client
) -> None:
    other = post(console, "staff-assign", username="tuan", counter="1")
    assert other.status_code == 403  # a supervisor's account is out of a supervisor's reach
    nowhere = post(console, "staff-assign", username="lan", counter="9")
    assert nowhere.status_code == 404
    assert post(console, "staff-assign", username="lan", counter="1").status_code == 303
    again = post(console, "staff-assign", username="lan", counter="1")
    assert again.status_code == 409
    assert len(audit_rows(console)) == 1


def test_an_assignment_lasts_the_business_day(tmp_path: Path) -> None:
    store: Store = open_store(tmp_path / "luot.db", LISTED_SITE)
    try:
        with store.transaction() as conn:
            add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
            assign_counter(conn, Actor.operator("op"), MORNING, store.site, "lan", 1)
        evening = MORNING + timedelta(hours=14)  # 23:00 the same day in Hà Nội
        check_counter_sign_in(store.conn, store.site, "lan", Role.CLERK, 1, evening)
        with pytest.raises(AccessDenied):
            check_counter_sign_in(
                store.conn, store.site, "lan", Role.CLERK, 1, evening + timedelta(hours=2)
            )
    finally:
        store.close()
