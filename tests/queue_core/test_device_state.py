"""One rule for a paired device (``domain/devices.py``): a table of its cases, then Hypothesis
holding the console's list and alerts and doctor's verdict to it, for any device."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_core.console.live import DEVICE_ALERTS, Limits, device_health
from queue_core.domain.devices import DeviceState, device_state
from queue_core.domain.health import Status, judge_device
from queue_core.store import Device, DeviceRole

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
LIMIT = timedelta(seconds=180)
LONG_AGO = NOW - timedelta(days=2)
S = DeviceState

CASES = [
    # role, paired, seen (seconds ago; None: never), printer, paperless -> state
    ("kiosk", 60, None, None, False, S.NEVER),
    ("counter", 180, None, None, False, S.NEVER),  # the limit itself is not past it
    ("counter", 181, None, None, False, S.LOST),  # never heard from since paired that long ago
    ("board", 86_400, None, None, False, S.LOST),
    ("board", 86_400, 20, None, False, S.OK),  # a board sends no printer
    ("counter", 86_400, 180, None, False, S.OK),
    ("counter", 86_400, 181, None, False, S.LOST),
    ("kiosk", 86_400, 600, "paper_out", False, S.LOST),  # silent first: its printer is old news
    ("kiosk", 86_400, 20, "ok", False, S.OK),
    ("kiosk", 86_400, 20, " OK ", False, S.OK),
    ("kiosk", 86_400, 20, "paper_low", False, S.PAPER_LOW),
    ("kiosk", 86_400, 20, "paper_out", False, S.PAPER_OUT),
    ("kiosk", 86_400, 20, "paper_out", True, S.PAPER_OUT),  # tickets on screen; the roll wanted
    ("kiosk", 86_400, 20, "offline", False, S.PRINTER_OFFLINE),
    ("kiosk", 86_400, 20, "timeout", False, S.PRINTER_OFFLINE),
    ("kiosk", 86_400, 20, "cover_open", False, S.PRINTER_FAULT),
    ("kiosk", 86_400, 20, "config", False, S.PRINTER_FAULT),
    ("kiosk", 86_400, 20, "on_fire", False, S.PRINTER_FAULT),  # a state this release does not know
    ("kiosk", 86_400, 20, "none", False, S.NO_PRINTER),
    ("kiosk", 86_400, 20, "none", True, S.OK),  # paperless: a kiosk may go without one
    ("board", 86_400, 20, "none", False, S.OK),
]


@pytest.mark.parametrize(("role", "paired", "seen", "printer", "paperless", "state"), CASES)
def test_a_device_is_in_the_state_its_last_heartbeat_says(
    role: str, paired: int, seen: int | None, printer: str | None, paperless: bool, state: S
) -> None:
    last_seen = None if seen is None else NOW - timedelta(seconds=seen)
    paired_at = NOW - timedelta(seconds=paired)
    got = device_state(role, paired_at, last_seen, printer, NOW, LIMIT, paperless=paperless)
    assert got is state


def test_revoked_is_revoked_whatever_it_last_said() -> None:
    got = device_state("kiosk", LONG_AGO, None, None, NOW, LIMIT, paperless=False, revoked=True)
    assert got is S.REVOKED


def test_the_states_that_raise_an_alert_are_the_ones_the_console_words() -> None:
    alerting = {state for state in S if state.alerts}
    assert alerting == set(DEVICE_ALERTS)
    assert alerting == {S.LOST, S.PAPER_OUT, S.PRINTER_OFFLINE, S.PRINTER_FAULT, S.NO_PRINTER}
    assert {state for state in S if state.printer_problem} == alerting - {S.LOST}


# --- the console and doctor, for any device ---------------------------------------------------

CODES = st.one_of(
    st.none(),
    st.sampled_from(
        ["", "ok", "paper_low", "paper_out", "cover_open", "offline", "timeout", "config", "none"]
    ),
    st.text(max_size=12),
)
SECONDS = st.integers(min_value=0, max_value=3 * 86_400)


@given(
    role=st.sampled_from(list(DeviceRole)),
    paired=SECONDS,
    seen=st.one_of(st.none(), SECONDS),
    printer=CODES,
    paperless=st.booleans(),
    limit=st.integers(min_value=10, max_value=86_400),
)
def test_the_console_and_doctor_judge_every_device_alike(
    role: DeviceRole,
    paired: int,
    seen: int | None,
    printer: str | None,
    paperless: bool,
    limit: int,
) -> None:
    paired_at = NOW - timedelta(seconds=paired)
    last_seen = None if seen is None else NOW - timedelta(seconds=seen)
    device = Device(1, "D", role, paired_at, None, last_seen, "1.0", 60, printer)
    state = device_health(device, NOW, Limits(device_lost_seconds=limit), paperless)
    finding = judge_device(
        "device 1", "D", role.value, paired_at, last_seen, printer, NOW,
        timedelta(seconds=limit), paperless,
    )  # fmt: skip
    # doctor says ok exactly when the console does; what fails doctor raises the console's alert
    assert (finding.status is Status.OK) == (state is S.OK)
    if finding.status is Status.FAIL:
        assert state.alerts
    # an alert doctor only warns of is a printer's where tickets are shown on screen instead
    if state.alerts and finding.status is not Status.FAIL:
        assert paperless and state.printer_problem and finding.status is Status.WARN
    if state is S.LOST:
        assert finding.status is Status.FAIL
    if state in (S.NEVER, S.PAPER_LOW):
        assert finding.status is Status.WARN
    assert finding.status is not Status.SKIP  # every paired app beats: none is beyond judging
