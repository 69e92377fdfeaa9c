"""Sessions that end, each rule at the moment it says (time passed in): a clerk's when signed
out, when its counter closes and when its business day ends; a console session after 30 idle
minutes and 12 hours at most; every session of an account disabled or given a new PIN."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from queue_core.domain import Actor, CounterState, IssueTicket, ResetDay, Role, SetCounterState
from queue_core.errors import NotAuthenticated
from queue_core.store import (
    CONSOLE_IDLE,
    CONSOLE_LONGEST,
    Principal,
    SessionKind,
    Store,
    add_staff,
    authenticate,
    create_staff,
    disable_staff,
    end_session,
    get_account,
    open_session,
    reset_pin,
    touch_session,
)
from tests.queue_core.conftest import MORNING

BOSS = Actor.staff("boss", Role.SUPERVISOR)
OPERATOR = Actor.operator("root (luot-core)")

SECOND = timedelta(seconds=1)
# The small test site's day turns at midnight in Hà Nội (UTC+7): 17:00 UTC.
MIDNIGHT = datetime(2026, 11, 25, 17, 0, tzinfo=MORNING.tzinfo)


@pytest.fixture(autouse=True)
def staff(store: Store) -> None:
    """A clerk ``lan`` and a supervisor ``boss``."""
    with store.transaction() as conn:
        add_staff(conn, "lan", "Lan", Role.CLERK, "1234")
        add_staff(conn, "boss", "Boss", Role.SUPERVISOR, "999999")


def sign_in(
    store: Store,
    username: str = "lan",
    counter: int | None = 1,
    kind: SessionKind = SessionKind.COUNTER,
    at: datetime = MORNING,
) -> str:
    with store.transaction() as conn:
        account = get_account(conn, username)
        return open_session(conn, store.site, account, counter, at, kind=kind)


def holds(store: Store, token: str, at: datetime) -> Principal:
    return authenticate(store.conn, token, at)


def over(store: Store, token: str, at: datetime) -> str:
    """Why the session is over at ``at`` (the refusal's message); fails if it holds."""
    with pytest.raises(NotAuthenticated) as refused:
        authenticate(store.conn, token, at)
    assert refused.value.code == "session_ended"
    return refused.value.message


def test_a_clerk_session_ends_when_signed_out(store: Store) -> None:
    token = sign_in(store)
    assert holds(store, token, MORNING).counter == 1
    with store.transaction() as conn:
        end_session(conn, token, MORNING + SECOND)
    assert "signed out" in over(store, token, MORNING + 2 * SECOND)


def test_a_clerk_session_ends_when_its_counter_closes(store: Store) -> None:
    token = sign_in(store, counter=1)
    elsewhere = sign_in(store, counter=3)
    console = sign_in(store, "boss", None, SessionKind.CONSOLE)
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING)
    store.execute(SetCounterState(1, CounterState.PAUSED, "lan"), MORNING + SECOND)
    assert holds(store, token, MORNING + 2 * SECOND).username == "lan"  # a pause is no close
    store.execute(SetCounterState(1, CounterState.CLOSED, "lan"), MORNING + 3 * SECOND)
    assert "counter was closed" in over(store, token, MORNING + 4 * SECOND)
    assert holds(store, elsewhere, MORNING + 4 * SECOND).counter == 3
    assert holds(store, console, MORNING + 4 * SECOND).session_kind is SessionKind.CONSOLE


def test_a_clerk_session_ends_with_its_business_day(store: Store) -> None:
    token = sign_in(store)
    assert holds(store, token, MIDNIGHT - SECOND).username == "lan"
    assert "run its time" in over(store, token, MIDNIGHT)


def test_a_day_ended_early_ends_the_clerks_sessions_of_that_day(store: Store) -> None:
    token = sign_in(store, counter=2)
    console = sign_in(store, "boss", None, SessionKind.CONSOLE)
    store.execute(ResetDay("closing early"), MORNING + SECOND)
    assert "business day ended" in over(store, token, MORNING + 2 * SECOND)
    assert holds(store, console, MORNING + 2 * SECOND).username == "boss"


def test_a_new_day_rolled_by_its_first_command_leaves_that_days_sessions(store: Store) -> None:
    store.execute(IssueTicket("lltp"), MORNING)  # Wednesday is the day in the database
    thursday = MORNING + timedelta(days=1)
    early = sign_in(store, counter=1, at=thursday)  # signed in before Thursday's first command
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), thursday + SECOND)  # rolls the day
    assert holds(store, early, thursday + 2 * SECOND).counter == 1


def test_a_console_session_ends_after_30_idle_minutes(store: Store) -> None:
    token = sign_in(store, "boss", None, SessionKind.CONSOLE)
    assert holds(store, token, MORNING + CONSOLE_IDLE - SECOND).username == "boss"
    assert "idle" in over(store, token, MORNING + CONSOLE_IDLE)


def test_using_the_console_starts_its_idle_time_again(store: Store) -> None:
    token = sign_in(store, "boss", None, SessionKind.CONSOLE)
    used = MORNING + CONSOLE_IDLE - SECOND
    with store.transaction() as conn:
        touch_session(conn, token, used)
    assert holds(store, token, used + CONSOLE_IDLE - SECOND).username == "boss"
    assert "idle" in over(store, token, used + CONSOLE_IDLE)


def test_a_console_session_ends_12_hours_after_it_began_however_used(store: Store) -> None:
    token = sign_in(store, "boss", None, SessionKind.CONSOLE)
    moment = MORNING
    while moment + timedelta(minutes=20) < MORNING + CONSOLE_LONGEST:
        moment += timedelta(minutes=20)
        with store.transaction() as conn:
            touch_session(conn, token, moment)
        assert holds(store, token, moment).username == "boss"
    assert holds(store, token, MORNING + CONSOLE_LONGEST - SECOND).username == "boss"
    assert "run its time" in over(store, token, MORNING + CONSOLE_LONGEST)


def test_a_counter_session_has_no_idle_time(store: Store) -> None:
    token = sign_in(store)
    assert holds(store, token, MORNING + 3 * CONSOLE_IDLE).username == "lan"


def test_disabling_an_account_ends_its_sessions_for_good(store: Store) -> None:
    clerk = sign_in(store)
    sign_in(store, "boss", None, SessionKind.CONSOLE)
    with store.transaction() as conn:
        disable_staff(conn, BOSS, MORNING, "lan")
    assert over(store, clerk, MORNING + SECOND)
    with store.transaction() as conn:  # enabled again, with a PIN: the old session stays over
        create_staff(conn, BOSS, MORNING, "lan", "Lan", Role.CLERK, "1234")
    assert over(store, clerk, MORNING + SECOND)


def test_a_new_pin_ends_every_session_of_the_account(store: Store) -> None:
    counter = sign_in(store)
    console = sign_in(store, "boss", None, SessionKind.CONSOLE)
    with store.transaction() as conn:
        reset_pin(conn, BOSS, MORNING, "lan", "5678")
    assert "PIN was changed" in over(store, counter, MORNING + SECOND)
    assert holds(store, console, MORNING + SECOND).username == "boss"  # another account's
    with store.transaction() as conn:
        # the same PIN again, by the operator (nobody changes their own account)
        create_staff(conn, OPERATOR, MORNING, "boss", "Boss", Role.SUPERVISOR, "999999")
    assert "PIN was changed" in over(store, console, MORNING + SECOND)  # set again: a new hash


def test_an_unknown_token_is_not_a_session(store: Store) -> None:
    with pytest.raises(NotAuthenticated) as refused:
        authenticate(store.conn, "luot_s_nothing", MORNING)
    assert refused.value.code == "invalid_token"
