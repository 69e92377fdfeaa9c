"""Who may change whose staff account, and at which counters a clerk may sign in: pure rules.

The matrix (docs/security.md, "Roles and who may change whom"): the installation's operator
(``luot-core`` at the shell, with the database file in reach) changes anyone; an administrator
changes anyone but themselves; a supervisor changes clerks only; a clerk changes nobody. One's
own account is changed by someone above or beside it, never by oneself: a session left open
must not be enough to take an account over (a new PIN) or to promote it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from queue_core.domain.site import Role, Site
from queue_core.errors import AccessDenied, DomainError

__all__ = [
    "MAY_CHANGE",
    "Actor",
    "StaffChange",
    "check_sign_in",
    "check_staff_change",
    "may_open",
]


class StaffChange(enum.StrEnum):
    """What one staff member's account may be given."""

    ADD = "add"
    """A new account, or an existing one given its name, role and PIN again (``staff add``)."""
    DISABLE = "disable"
    NEW_PIN = "new_pin"
    ASSIGN = "assign"
    """A clerk given a counter for today, or that counter taken back."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit log names them, and with what authority: a staff
    member's role, or ``None`` for the installation's operator at the shell."""

    name: str
    role: Role | None

    @classmethod
    def operator(cls, name: str) -> Actor:
        return cls(name, None)

    @classmethod
    def staff(cls, username: str, role: Role) -> Actor:
        return cls(username, role)

    @property
    def is_operator(self) -> bool:
        return self.role is None


MAY_CHANGE: Mapping[Role | None, frozenset[Role]] = {
    None: frozenset(Role),
    Role.ADMIN: frozenset(Role),
    Role.SUPERVISOR: frozenset({Role.CLERK}),
    Role.CLERK: frozenset(),
}
"""Whose accounts each may change, by the actor's role (``None``: the operator)."""

_ROLE_NAMES = {
    None: "the operator",
    Role.ADMIN: "an administrator",
    Role.SUPERVISOR: "a supervisor",
    Role.CLERK: "a clerk",
}


_REACH: dict[Role | None, str] = {
    Role.SUPERVISOR: "a supervisor changes clerks' accounts only.",
    Role.CLERK: "a clerk changes no account.",
}


def check_staff_change(
    actor: Actor,
    change: StaffChange,
    username: str,
    current: Role | None,
    new: Role | None = None,
) -> None:
    """Refuse ``change`` of ``username``'s account (now ``current``, None when there is none;
    to become ``new``, when the change gives a role) unless the matrix lets ``actor`` make it.

    Yourself: ``not_yourself`` (422), as the console never offers it. Anyone else out of
    reach, either as they are or as they would become: ``not_allowed`` (403).
    """
    if not actor.is_operator and username == actor.name:
        raise DomainError(
            "not_yourself",
            "You cannot change your own account: ask an administrator.",
            "username",
        )
    reach = MAY_CHANGE[actor.role]
    for role in (current, new):
        if role is not None and role not in reach:
            raise AccessDenied(
                "not_allowed",
                f"{_ROLE_NAMES[role].capitalize()}'s account ({username!r}) is out of your "
                f"reach: {_REACH[actor.role]}",
                "role" if role is new and role is not current else "username",
            )
    if change is StaffChange.ASSIGN and current is not Role.CLERK:
        raise DomainError(
            "not_a_clerk",
            f"{username!r} is not a clerk: supervisors and administrators work at any counter.",
            "username",
        )


def may_open(site: Site, counter: int, username: str, assigned_today: Collection[int]) -> bool:
    """Whether a clerk may sign in at ``counter``: a counter that lists its ``staff`` takes
    those clerks; one that lists none (no ``staff`` in the site file) takes any clerk whom no
    counter lists and no supervisor assigned today; a supervisor's assignment for today adds
    its counters to those the site file lists the clerk at."""
    if counter in assigned_today:
        return True
    here = site.counter(counter)
    if here is None:
        return False
    if here.staff is not None:
        return username in here.staff
    if assigned_today:  # a clerk sent to a counter today works there, not wherever is free
        return False
    return all(c.staff is None or username not in c.staff for c in site.counters)


def check_sign_in(
    site: Site, counter: int, username: str, role: Role, assigned_today: Collection[int]
) -> None:
    """A clerk signs in only where ``may_open`` says; supervisors and administrators anywhere."""
    if role is not Role.CLERK or may_open(site, counter, username, assigned_today):
        return
    raise AccessDenied(
        "not_assigned",
        f"You do not work at counter {counter} today: sign in at your own counter, or ask a "
        "supervisor to assign you here.",
        "counter",
    )
