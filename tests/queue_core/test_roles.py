"""The roles' matrix as docs/security.md writes it, walked whole against ``domain.roles``; and
where a clerk may sign in."""

from __future__ import annotations

import itertools

import pytest

from queue_core.config import parse_site
from queue_core.domain import (
    Actor,
    Role,
    StaffChange,
    check_sign_in,
    check_staff_change,
    may_open,
)
from queue_core.errors import AccessDenied, DomainError
from tests.queue_core.conftest import SMALL_SITE

OPERATOR, ADMIN, SUPERVISOR, CLERK = "operator", Role.ADMIN, Role.SUPERVISOR, Role.CLERK

MATRIX = {
    #            whose account: clerk  supervisor  admin
    OPERATOR: {CLERK: True, SUPERVISOR: True, ADMIN: True},
    ADMIN: {CLERK: True, SUPERVISOR: True, ADMIN: True},
    SUPERVISOR: {CLERK: True, SUPERVISOR: False, ADMIN: False},
    CLERK: {CLERK: False, SUPERVISOR: False, ADMIN: False},
}
"""docs/security.md's table, written out again: who may change whose account."""


def actor(who: str | Role) -> Actor:
    return Actor.operator("lan (luot-core)") if who == OPERATOR else Actor.staff("me", Role(who))


def allowed(who: str | Role, change: StaffChange, current: Role | None, new: Role | None) -> bool:
    try:
        check_staff_change(actor(who), change, "them", current, new)
    except AccessDenied as refused:
        assert refused.code == "not_allowed" and refused.field in ("username", "role")
        return False
    return True


ROLES = (CLERK, SUPERVISOR, ADMIN)


@pytest.mark.parametrize("who", MATRIX)
def test_the_whole_matrix(who: str | Role) -> None:
    reach = MATRIX[who]
    for role in ROLES:
        assert allowed(who, StaffChange.ADD, None, role) is reach[role], ("add", role)
        assert allowed(who, StaffChange.DISABLE, role, None) is reach[role], ("disable", role)
        assert allowed(who, StaffChange.NEW_PIN, role, None) is reach[role], ("new PIN", role)
    for was, becomes in itertools.product(ROLES, ROLES):
        # a change is within reach only if both the account as it is and as it would be are
        expected = reach[was] and reach[becomes]
        assert allowed(who, StaffChange.ADD, was, becomes) is expected, (was, becomes)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_changes_their_own_account(role: Role) -> None:
    me = Actor.staff("me", role)
    for change in StaffChange:
        with pytest.raises(DomainError) as refused:
            check_staff_change(me, change, "me", role, role)
        assert refused.value.code == "not_yourself"


def test_the_operator_has_no_account_of_their_own_to_spare() -> None:
    operator = Actor.operator("me")
    check_staff_change(operator, StaffChange.DISABLE, "me", Role.ADMIN)  # a namesake account


def test_only_a_clerk_is_assigned_a_counter() -> None:
    for who in (OPERATOR, ADMIN):
        check_staff_change(actor(who), StaffChange.ASSIGN, "them", CLERK)
        for role in (SUPERVISOR, ADMIN):
            with pytest.raises(DomainError) as refused:
                check_staff_change(actor(who), StaffChange.ASSIGN, "them", role)
            assert refused.value.code == "not_a_clerk"
    check_staff_change(actor(SUPERVISOR), StaffChange.ASSIGN, "them", CLERK)
    with pytest.raises(AccessDenied):
        check_staff_change(actor(SUPERVISOR), StaffChange.ASSIGN, "them", SUPERVISOR)
    with pytest.raises(AccessDenied):
        check_staff_change(actor(CLERK), StaffChange.ASSIGN, "them", CLERK)


LISTED_SITE = SMALL_SITE.replace(
    'number = 1\nservices = ["lltp", "chungthuc"]',
    'number = 1\nservices = ["lltp", "chungthuc"]\nstaff = ["hoa", "minh"]',
).replace(
    'number = 2\nservices = ["chungthuc"]', 'number = 2\nservices = ["chungthuc"]\nstaff = []'
)


def test_where_a_clerk_may_sign_in() -> None:
    site, _ = parse_site(LISTED_SITE)
    assert site.counter(1).staff == ("hoa", "minh")  # type: ignore[union-attr]
    assert site.counter(2).staff == ()  # type: ignore[union-attr]
    assert site.counter(3).staff is None  # type: ignore[union-attr]
    # listed: only those; empty: nobody; not listed: whoever no counter lists
    assert may_open(site, 1, "hoa", ()) and may_open(site, 1, "minh", ())
    assert not may_open(site, 1, "lan", ())
    assert not any(may_open(site, 2, name, ()) for name in ("hoa", "minh", "lan"))
    assert may_open(site, 3, "lan", ()) and not may_open(site, 3, "hoa", ())
    # today's assignment adds to all three
    assert may_open(site, 1, "lan", (1,)) and may_open(site, 2, "hoa", (2,))
    assert may_open(site, 3, "hoa", (3,)) and not may_open(site, 3, "hoa", (2,))
    # a clerk whom no counter lists, assigned today, works there and not at any open counter;
    # one the site file lists still may work where it lists them
    assert may_open(site, 3, "lan", ()) and not may_open(site, 3, "lan", (1,))
    assert may_open(site, 1, "hoa", (3,))
    assert not may_open(site, 9, "lan", ())


def test_a_clerk_elsewhere_is_refused_and_a_supervisor_is_not() -> None:
    site, _ = parse_site(LISTED_SITE)
    with pytest.raises(AccessDenied) as refused:
        check_sign_in(site, 1, "lan", Role.CLERK, ())
    assert refused.value.code == "not_assigned" and refused.value.field == "counter"
    check_sign_in(site, 1, "hoa", Role.CLERK, ())
    for role in (Role.SUPERVISOR, Role.ADMIN):
        check_sign_in(site, 2, "boss", role, ())


def test_without_any_list_every_clerk_opens_every_counter_as_before() -> None:
    site, _ = parse_site(SMALL_SITE)
    assert all(may_open(site, c.number, "lan", ()) for c in site.counters)
