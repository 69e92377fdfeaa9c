"""Who may change whom, walked whole through the paths a change can take: the console (a
supervisor, an administrator; a clerk gets no console) and `luot-core` (the operator), against
a real core; and the store reading the actor's role again in the change's transaction."""

from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from queue_core.cli import main
from queue_core.domain import Actor, NotFound, Role
from queue_core.errors import AccessDenied
from queue_core.store import (
    Account,
    Store,
    add_staff,
    audit_entries,
    disable_staff,
    get_account,
    reset_pin,
    stored_pin_hash,
)
from tests.queue_core.conftest import SMALL_SITE
from tests.queue_core.console.conftest import log_in
from tests.queue_core.console.test_admin import post
from tests.queue_core.test_roles import MATRIX, OPERATOR
from tests.support.server import CoreServer

ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)


def account(core: CoreServer, username: str) -> Account | None:
    store = core.store()
    try:
        return get_account(store.conn, username)
    except NotFound:
        return None
    finally:
        store.close()


def pin_hash(core: CoreServer, username: str) -> str | None:
    store = core.store()
    try:
        return stored_pin_hash(store.conn, username)
    finally:
        store.close()


def audited(core: CoreServer) -> int:
    store = core.store()
    try:
        return len(audit_entries(store.conn))
    finally:
        store.close()


@pytest.fixture
def admin_console(core_server: CoreServer) -> Iterator[httpx.Client]:
    """The console, logged in as the administrator ``chef``."""
    core_server.add_staff("chef", "777777", "admin")
    with httpx.Client(base_url=core_server.base_url, timeout=10) as client:
        assert log_in(client, "chef", "777777").status_code == 303
        yield client


def walk_console(core: CoreServer, console: httpx.Client, reach: dict[Role, bool]) -> None:
    """Every change of every kind of account through the console's forms: made, with its
    audit row, exactly when ``reach`` allows it; otherwise 403 and nothing changed."""

    def check(response: httpx.Response, allowed: bool, rows: int, what: str) -> None:
        if allowed:
            assert response.status_code == 303, (what, response.text[-400:])
            assert audited(core) == rows + 1, what
        else:
            assert response.status_code == 403, what
            assert "error-staff-" in response.text, what
            assert audited(core) == rows, what

    for role in ROLES:
        rows = audited(core)
        new = f"new-{role.value}"
        fields = {"username": new, "display_name": "N", "role": role, "pin": "135790"}
        response = post(console, "staff-add", **fields)
        check(response, reach[role], rows, f"add a {role}")
        assert (account(core, new) is not None) is reach[role]

        target = f"off-{role.value}"
        core.add_staff(target, "135790", role)
        rows = audited(core)
        check(post(console, "staff-disable", username=target), reach[role], rows, f"disable {role}")
        assert account(core, target).active is not reach[role]  # type: ignore[union-attr]

        target = f"pin-{role.value}"
        core.add_staff(target, "135790", role)
        before, rows = pin_hash(core, target), audited(core)
        response = post(console, "staff-pin", username=target, pin="246800")
        check(response, reach[role], rows, f"new PIN for {role}")
        assert (pin_hash(core, target) != before) is reach[role]

    for was, becomes in itertools.product(ROLES, ROLES):
        target = f"re-{was.value}-{becomes.value}"
        core.add_staff(target, "135790", was)
        rows = audited(core)
        response = post(
            console, "staff-add", username=target, display_name="R", role=becomes, pin="246800"
        )
        allowed = reach[was] and reach[becomes]
        check(response, allowed, rows, f"{was} made {becomes}")
        assert account(core, target).role is (becomes if allowed else was)  # type: ignore[union-attr]


def test_a_supervisor_changes_clerks_only(core_server: CoreServer, console: httpx.Client) -> None:
    walk_console(core_server, console, MATRIX[Role.SUPERVISOR])


def test_an_administrator_changes_anyone(
    core_server: CoreServer, admin_console: httpx.Client
) -> None:
    walk_console(core_server, admin_console, MATRIX[Role.ADMIN])


def test_a_clerk_changes_nobody_and_gets_no_console(core_server: CoreServer) -> None:
    assert not any(MATRIX[Role.CLERK].values())
    with httpx.Client(base_url=core_server.base_url, timeout=10) as client:
        assert log_in(client, "lan", "1234").status_code == 403
        token = core_server.login("lan", "1234", 1)
        client.cookies.set("luot_console", token, path="/console")
        pin = {"username": "boss", "pin": "555555"}
        refused = client.post("/console/admin/staff-pin", data=pin)
        assert refused.status_code in (401, 403)
    assert audited(core_server) == 0


def test_nobody_changes_their_own_account(
    core_server: CoreServer, admin_console: httpx.Client
) -> None:
    before = pin_hash(core_server, "chef")
    for action, data in (
        ("staff-pin", {"username": "chef", "pin": "121212"}),
        ("staff-disable", {"username": "chef"}),
        ("staff-add", {"username": "chef", "display_name": "C", "role": "clerk", "pin": "121212"}),
    ):
        response = post(admin_console, action, **data)
        assert response.status_code == 422 and "your own account" in response.text, action
    assert pin_hash(core_server, "chef") == before
    assert account(core_server, "chef").role is Role.ADMIN  # type: ignore[union-attr]
    assert audited(core_server) == 0


def test_an_actor_acts_with_the_role_their_account_has_now(store: Store) -> None:
    """The console's session was opened as a supervisor; the store reads the role again in
    the change's own transaction, so a demotion or a disabling meanwhile counts."""
    now = datetime.now(UTC)
    with store.transaction() as conn:
        add_staff(conn, "boss", "Boss", Role.CLERK, "999999")  # was a supervisor
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
    with pytest.raises(AccessDenied), store.transaction() as conn:
        reset_pin(conn, Actor.staff("boss", Role.SUPERVISOR), now, "lan", "5656")
    with store.transaction() as conn:
        add_staff(conn, "boss", "Boss", Role.SUPERVISOR, "999999")
        disable_staff(conn, Actor.operator("op"), now, "boss")
    with pytest.raises(AccessDenied), store.transaction() as conn:
        reset_pin(conn, Actor.staff("boss", Role.SUPERVISOR), now, "lan", "5656")
    assert audit_entries(store.conn)[0].action == "staff.disable"


# --- the operator ---------------------------------------------------------------------------


def cli(db: Path, *args: str, stdin: str = "") -> int:
    before = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(["--db", str(db), *args])
    finally:
        sys.stdin = before


def test_the_operator_changes_anyone_through_luot_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert all(MATRIX[OPERATOR].values())
    monkeypatch.setenv("SUDO_USER", "lan")
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    db = tmp_path / "luot.db"
    assert cli(db, "init", str(site)) == 0
    for role in ROLES:
        name = f"op-{role.value}"
        assert cli(db, "staff", "add", name, "--name", "O", "--role", role, stdin="135790\n") == 0
        assert cli(db, "staff", "pin", name, stdin="246800\n") == 0
        assert cli(db, "staff", "disable", name) == 0
    for was, becomes in itertools.product(ROLES, ROLES):
        name = f"re-{was.value}-{becomes.value}"
        for role, pin in ((was, "135790\n"), (becomes, "246800\n")):
            assert cli(db, "staff", "add", name, "--name", "R", "--role", role, stdin=pin) == 0
    capsys.readouterr()
    store = Store.open(db)
    try:
        for role in ROLES:
            made = get_account(store.conn, f"op-{role.value}")
            assert made.role is role and not made.active
        for was, becomes in itertools.product(ROLES, ROLES):
            assert get_account(store.conn, f"re-{was.value}-{becomes.value}").role is becomes
        entries = audit_entries(store.conn)
    finally:
        store.close()
    staff_rows = [e for e in entries if e.action.startswith("staff.")]
    assert len(staff_rows) == 3 * 3 + 9 * 2
    assert {e.actor for e in staff_rows} == {"lan (luot-core)"}
