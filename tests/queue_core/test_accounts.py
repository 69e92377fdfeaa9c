"""PINs: a comparison made off the writer counts only while the stored hash is the same."""

from __future__ import annotations

import pytest

from queue_core.domain import Role
from queue_core.errors import DomainError, NotAuthenticated
from queue_core.store import Store, add_staff, check_pin, stored_pin_hash, verify_pin


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
