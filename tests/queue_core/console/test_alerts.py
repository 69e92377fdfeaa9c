"""Alerts: what raises them, and each raised once and cleared once, through the store's command."""

from __future__ import annotations

from datetime import timedelta

import pytest

from queue_core.console.live import Limits, compute_alerts, device_health, devices
from queue_core.domain import Alert, CounterState, IssueTicket, SetCounterState, SyncAlerts
from queue_core.domain.devices import DeviceState
from queue_core.store import DeviceRole, Store, create_pairing_code, pair_device, record_heartbeat
from tests.queue_core.conftest import MORNING


def _keys(store: Store, minutes: float) -> set[str]:
    return {a.key for a in compute_alerts(store, MORNING + timedelta(minutes=minutes))}


def test_a_wait_past_the_services_target_raises_an_alert(store: Store) -> None:
    store.execute(IssueTicket("lltp"), MORNING)
    assert _keys(store, 30) == set()  # the default target is 30 minutes: not yet past it
    assert _keys(store, 31) == {"wait:lltp"}
    alert = next(iter(compute_alerts(store, MORNING + timedelta(minutes=31))))
    assert "31 phút" in alert.message and "31 min" in alert.message_en


def test_a_counter_paused_or_idle_too_long_raises_an_alert(store: Store) -> None:
    store.execute(SetCounterState(1, CounterState.OPEN, "lan"), MORNING)
    store.execute(SetCounterState(2, CounterState.OPEN, "boss"), MORNING)
    store.execute(SetCounterState(2, CounterState.PAUSED), MORNING)
    limits = Limits()
    assert _keys(store, limits.paused_minutes) == set()
    assert _keys(store, limits.paused_minutes + 1) == {"paused:2"}
    assert _keys(store, limits.idle_minutes + 1) == {"paused:2", "idle:1"}


def test_a_device_with_its_printer_out_of_paper_or_silent_raises_an_alert(store: Store) -> None:
    with store.transaction() as conn:
        code, _ = create_pairing_code(conn, DeviceRole.KIOSK, "Kiosk A", MORNING)
        _token, device = pair_device(conn, code, "Kiosk A", MORNING)
        record_heartbeat(conn, device.id, MORNING, "1.0", 60, "paper_out")
    assert _keys(store, 1) == {f"device:{device.id}:paper_out"}
    lost = Limits().device_lost_seconds / 60 + 1
    assert _keys(store, lost) == {f"device:{device.id}:lost"}
    with store.transaction() as conn:
        fresh = record_heartbeat(conn, device.id, MORNING, "1.0", 60, "paper_low")
    assert device_health(fresh, MORNING, Limits(), paperless=False) is DeviceState.PAPER_LOW
    assert _keys(store, 1) == set()  # paper low shows on the device row; it is no alert


@pytest.mark.parametrize(
    ("role", "printer", "kind", "health"),
    [
        (DeviceRole.KIOSK, "cover_open", "device_printer_fault", "printer_fault"),
        (DeviceRole.KIOSK, "config", "device_printer_fault", "printer_fault"),
        (DeviceRole.KIOSK, "timeout", "device_printer_offline", "printer_offline"),
        (DeviceRole.KIOSK, "none", "device_no_printer", "no_printer"),  # no paperless tickets
        (DeviceRole.KIOSK, "paper_low", None, "paper_low"),
        (DeviceRole.COUNTER, None, None, "ok"),
        (DeviceRole.BOARD, None, None, "ok"),
    ],
)
def test_every_printer_state_doctor_fails_raises_an_alert(
    store: Store, role: DeviceRole, printer: str | None, kind: str | None, health: str
) -> None:
    """The console's list and alerts follow the rule doctor judges by (domain/devices.py)."""
    with store.transaction() as conn:
        code, _ = create_pairing_code(conn, role, "Thiết bị A", MORNING)
        _token, device = pair_device(conn, code, "Thiết bị A", MORNING)
        record_heartbeat(conn, device.id, MORNING, "1.0", 60, printer)
    alerts = compute_alerts(store, MORNING + timedelta(seconds=20))
    assert [a.kind for a in alerts] == ([] if kind is None else [kind])
    (listed,) = devices(store, MORNING + timedelta(seconds=20))
    assert listed["health"] == health and listed["alerting"] == (kind is not None)


def test_a_counter_or_board_never_heard_from_is_lost_after_the_limit(store: Store) -> None:
    with store.transaction() as conn:
        for role in (DeviceRole.COUNTER, DeviceRole.BOARD):
            code, _ = create_pairing_code(conn, role, role.value, MORNING)
            pair_device(conn, code, role.value, MORNING)
    limit = Limits().device_lost_seconds
    assert [d["health"] for d in devices(store, MORNING + timedelta(seconds=limit))] == [
        "never",
        "never",
    ]
    assert _keys(store, limit / 60 + 1 / 60) == {"device:1:lost", "device:2:lost"}


def _alert(key: str, message: str = "m") -> Alert:
    return Alert(key, "service_wait", "lltp", message, message + " (en)")


def _events(store: Store) -> list[tuple[str, object]]:
    return [(e["type"], e["detail"]["key"]) for e in store.events_since(0) if "alert" in e["type"]]


def test_each_alert_is_raised_once_and_cleared_once(store: Store) -> None:
    store.execute(SyncAlerts((_alert("wait:lltp"),)), MORNING)
    store.execute(SyncAlerts((_alert("wait:lltp", "later figures"),)), MORNING)
    store.execute(SyncAlerts((_alert("wait:lltp"), _alert("idle:1"))), MORNING)
    store.execute(SyncAlerts((_alert("idle:1"),)), MORNING)
    store.execute(SyncAlerts(()), MORNING)
    store.execute(SyncAlerts(()), MORNING)
    assert _events(store) == [
        ("alert.raised", "wait:lltp"),
        ("alert.raised", "idle:1"),
        ("alert.cleared", "wait:lltp"),
        ("alert.cleared", "idle:1"),
    ]
