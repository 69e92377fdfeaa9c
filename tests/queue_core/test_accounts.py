"""PINs: a comparison made off the writer counts only while the stored hash is the same; a PIN
is 4 to 12 ASCII digits, 6 at least for a supervisor or an administrator (one an earlier release
set shorter still signs in); no account costs the comparison a wrong PIN does."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from queue_core.domain import Actor, Role
from queue_core.errors import DomainError, NotAuthenticated
from queue_core.store import (
    Store,
    add_staff,
    check_pin,
    min_pin_digits,
    reset_pin,
    stored_pin_hash,
    verify_pin,
)
from tests.queue_core.conftest import MORNING

OPERATOR = Actor.operator("root (luot-core)")  # above every account: the rules here are others


def test_a_precheck_is_used_and_a_stale_one_is_compared_again(store: Store) -> None:
    with store.transaction() as conn:
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
        old = stored_pin_hash(conn, "lan")
    assert old is not None
    right, wrong = check_pin("1234", old), check_pin("0000", old)
    assert right.matches and not wrong.matches
    with store.transaction() as conn:
        assert verify_pin(conn, "lan", "1234", right).username == "lan"
        with pytest.raises(NotAuthenticated) as refused:
            verify_pin(conn, "lan", "1234", wrong)  # the precheck is what counts
        assert refused.value.code == "wrong_pin"
        add_staff(conn, "lan", "Lan", Role.CLERK, "5678")  # the PIN changes meanwhile
        with pytest.raises(NotAuthenticated):
            verify_pin(conn, "lan", "1234", right)
        assert verify_pin(conn, "lan", "5678", right).username == "lan"
    assert stored_pin_hash(store.conn, "nobody") is None


@pytest.mark.parametrize("pin", ["²²²²", "١٢٣٤", "12a4", "123", "1" * 13])
def test_a_pin_is_four_to_twelve_ascii_digits(store: Store, pin: str) -> None:
    with store.transaction() as conn, pytest.raises(DomainError, match="4 to 12 digits"):
        add_staff(conn, "hoa", "Hoa", Role.CLERK, pin)
    found = store.conn.execute("SELECT count(*) FROM staff WHERE username = 'hoa'").fetchone()
    assert found[0] == 0


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_a_supervisors_and_an_administrators_pin_is_six_to_twelve_digits(
    store: Store, role: Role
) -> None:
    with store.transaction() as conn:
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")  # a clerk's may be four
        for short in ("1234", "12345"):
            with pytest.raises(DomainError, match="administrator's PIN is 6 to 12 digits") as bad:
                add_staff(conn, "hoa", "Hoa", role, short)
            assert (bad.value.code, bad.value.field) == ("invalid_pin", "pin")
        add_staff(conn, "hoa", "Hoa", role, "123456")
        with pytest.raises(DomainError, match="6 to 12 digits"):
            reset_pin(conn, OPERATOR, MORNING, "hoa", "2468")
        with pytest.raises(DomainError, match="A PIN is 4 to 12 digits"):
            reset_pin(conn, OPERATOR, MORNING, "lan", "123")
        reset_pin(conn, OPERATOR, MORNING, "lan", "2468")
        reset_pin(conn, OPERATOR, MORNING, "hoa", "24682468")
        assert verify_pin(conn, "hoa", "24682468").role is role
        assert verify_pin(conn, "lan", "2468").role is Role.CLERK


def test_a_supervisor_whose_four_digit_pin_an_earlier_release_set_still_signs_in(
    tmp_path: Path,
) -> None:
    db = tmp_path / "luot.db"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "luot-schema-5.db", db)
    store = Store.open(db)
    try:
        with store.transaction() as conn:
            account = verify_pin(conn, "boss", "2468")  # set by the release of schema 5
        assert account.role is Role.SUPERVISOR and min_pin_digits(account.role) == 6
    finally:
        store.close()


def test_no_account_costs_the_same_comparison_as_a_wrong_pin(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction() as conn:
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
    stored = stored_pin_hash(store.conn, "lan")
    assert stored is not None
    made: list[bytes] = []
    scrypt = hashlib.scrypt

    def counted(password: bytes, **kwargs: Any) -> bytes:
        made.append(password)
        return scrypt(password, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    assert check_pin("0000", None) is None
    wrong = check_pin("0000", stored)
    assert not wrong.matches
    assert made == [b"0000", b"0000"]  # one scrypt each, at the same cost
