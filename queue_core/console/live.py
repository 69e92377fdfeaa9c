"""What the console shows live: the hall per service and counter, the devices, the alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from queue_core.domain import Alert, BackupState, CounterState, ShippingState, Site
from queue_core.domain.devices import DEVICE_LOST_SECONDS, DeviceState, device_state
from queue_core.domain.waitrange import SHORT_WAIT
from queue_core.shapes import counter_json, services_json, today_figures
from queue_core.store import Device, Store, list_devices


@dataclass(frozen=True)
class Limits:
    """The site's ``[console]`` section."""

    paused_minutes: int = 15
    idle_minutes: int = 20
    device_lost_seconds: int = DEVICE_LOST_SECONDS
    check_seconds: int = 10

    @classmethod
    def of(cls, site: Site) -> Limits:
        section = site.extra.get("console")
        return cls(**section) if isinstance(section, dict) else cls()


def _minutes(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds() // 60))


def hall(store: Store, now: datetime) -> dict[str, Any]:
    """Per service and per counter, what a supervisor needs to see at a glance."""
    site = store.site
    day = site.business_day(now)
    waits = store.oldest_waiting(day)
    closures = store.closures(day)
    services = []
    for agency in services_json(store, now):
        for service in agency["services"]:
            oldest = waits.get(service["id"])
            longest = _minutes(oldest, now) if oldest else 0
            services.append(
                {
                    **service,
                    "agency": agency["name"],
                    "agency_en": agency["name_en"],
                    "longest_wait_minutes": longest if oldest else None,
                    "closed_reason": closures.get(service["id"]),
                    "over_target": bool(longest and longest > service["target_wait_minutes"]),
                    "short_wait": SHORT_WAIT,
                }
            )
    counters = []
    for status in store.counter_statuses():
        data = counter_json(store, status)
        ticket = data["ticket"]
        called = (
            datetime.fromisoformat(ticket["called_at"]) if ticket and ticket["called_at"] else None
        )
        counters.append(
            {
                **data,
                "ticket_minutes": _minutes(called, now),
                "state_minutes": _minutes(status.since, now),
                "served_today": data["today"]["served"],
            }
        )
    return {
        "seq": store.last_seq(),
        "services": services,
        "counters": counters,
        "today": today_figures(store, day),
        "awaiting_check_in": store.awaiting_check_in(day),
        "alerts": active_alerts(store),
        "notices": store.notices(),
        "restored": restored(store, day),
    }


def restored(store: Store, day: date) -> dict[str, Any] | None:
    """Today's restore from a backup, if there was one: when, from what, and each service whose
    numbers were skipped, by name."""
    restore = store.last_restore(day)
    if restore is None:
        return None
    site = store.site
    skipped = []
    for entry in restore["services"]:
        service = site.service(entry["service"])
        if entry["skipped"] and service is not None:
            skipped.append({**entry, "name": service.name, "name_en": service.name_en})
    return {**restore, "skipped": skipped}


def active_alerts(store: Store) -> list[dict[str, Any]]:
    return store.raised_alerts()


# --- devices ---------------------------------------------------------------------------


def device_health(device: Device, now: datetime, limits: Limits, paperless: bool) -> DeviceState:
    """The device by the one rule doctor judges it by too (``domain/devices.py``)."""
    return device_state(
        device.role.value,
        device.paired_at,
        device.last_seen,
        device.printer,
        now,
        timedelta(seconds=limits.device_lost_seconds),
        paperless=paperless,
        revoked=device.revoked_at is not None,
    )


def devices(store: Store, now: datetime) -> list[dict[str, Any]]:
    site = store.site
    limits = Limits.of(site)
    out = []
    for device in list_devices(store.conn):
        health = device_health(device, now, limits, site.rules.paperless_tickets)
        out.append(
            {
                "device": device,
                "health": health.value,
                "alerting": health.alerts,
                "seen_minutes": _minutes(device.last_seen, now),
            }
        )
    return out


# --- alerts ----------------------------------------------------------------------------

DEVICE_ALERTS = {
    DeviceState.PAPER_OUT: ("máy in hết giấy", "printer out of paper"),
    DeviceState.PRINTER_OFFLINE: ("máy in mất kết nối", "printer offline"),
    DeviceState.PRINTER_FAULT: ("máy in bị lỗi, không in được", "printer fault: it cannot print"),
    DeviceState.NO_PRINTER: (
        "không có máy in, không phát được phiếu",
        "no printer: it refuses tickets",
    ),
    DeviceState.LOST: ("mất liên lạc", "not heard from"),
}
"""What a device's alert says of it (Vietnamese, English), for each state that raises one."""
DEVICE_ALERT_KINDS = (*(f"device_{state}" for state in DEVICE_ALERTS), "device_flooding")
"""The alerts the devices page shows: each state's, and a kiosk taking tickets faster than a
person (``console/alerts.py``), beside the device's revoke button."""


def compute_alerts(store: Store, now: datetime) -> tuple[Alert, ...]:
    """Every alert that holds now, each under a stable key (so it is raised only once)."""
    site = store.site
    limits = Limits.of(site)
    day = site.business_day(now)
    alerts: list[Alert] = []
    for service_id, oldest in sorted(store.oldest_waiting(day).items()):
        service = site.service(service_id)
        waited = _minutes(oldest, now) or 0
        if service is not None and waited > service.target_wait_minutes:
            alerts.append(
                Alert(
                    f"wait:{service_id}",
                    "service_wait",
                    service_id,
                    f"{service.name}: có người đã chờ {waited} phút "
                    f"(mục tiêu {service.target_wait_minutes} phút)",
                    f"{service.name_en}: someone has waited {waited} min "
                    f"(target {service.target_wait_minutes} min)",
                )
            )
    activity = store.last_activity(day)
    for status in store.counter_statuses():
        counter = site.counter(status.number)
        name = counter.name if counter else f"Quầy {status.number}"
        if status.state is CounterState.PAUSED and status.since is not None:
            paused = _minutes(status.since, now) or 0
            if paused > limits.paused_minutes:
                alerts.append(
                    Alert(
                        f"paused:{status.number}",
                        "counter_paused",
                        str(status.number),
                        f"{name} tạm dừng đã {paused} phút",
                        f"Counter {status.number} has been paused for {paused} min",
                    )
                )
        elif status.state is CounterState.OPEN and status.ticket_id is None:
            since = (
                max(d for d in (status.since, activity.get(status.number)) if d)
                if (status.since or activity.get(status.number))
                else None
            )
            idle = _minutes(since, now) or 0
            if idle > limits.idle_minutes:
                alerts.append(
                    Alert(
                        f"idle:{status.number}",
                        "counter_idle",
                        str(status.number),
                        f"{name} mở nhưng không phục vụ ai đã {idle} phút",
                        f"Counter {status.number} has been open and idle for {idle} min",
                    )
                )
    for device in list_devices(store.conn):
        health = device_health(device, now, limits, site.rules.paperless_tickets)
        if health.alerts:
            vi, en = DEVICE_ALERTS[health]
            alerts.append(
                Alert(
                    f"device:{device.id}:{health}",
                    f"device_{health}",
                    str(device.id),
                    f"Thiết bị {device.name}: {vi}",
                    f"Device {device.name}: {en}",
                )
            )
    return tuple(alerts)


def backup_alerts(state: BackupState | None, now: datetime) -> tuple[Alert, ...]:
    """The core's own backups: the last one failed (until a good one is taken), or none was
    taken for more than twice the interval while the centre is open."""
    if state is None:
        return ()
    alerts: list[Alert] = []
    if state.failing:
        alerts.append(
            Alert(
                "backup:failed",
                "backup_failed",
                "backup",
                f"Sao lưu dữ liệu thất bại: {state.failure}",
                f"The backup failed: {state.failure}",
            )
        )
    stale = state.stale_minutes(now)
    if stale is not None:
        alerts.append(
            Alert(
                "backup:stale",
                "backup_stale",
                "backup",
                f"Đã {stale} phút chưa sao lưu được dữ liệu",
                f"No backup for {stale} min while open",
            )
        )
    return tuple(alerts)


def province_alerts(state: ShippingState | None, now: datetime) -> tuple[Alert, ...]:
    """The event log's shipping to the province: the province refuses this centre (its token
    unknown or revoked there, or unreadable here), or the log has not got through for longer
    than the site's ``unreachable_minutes``."""
    if state is None:
        return ()
    if state.refused is not None:
        return (
            Alert(
                "province:refused",
                "province_refused",
                "province",
                f"Tỉnh từ chối nhận dữ liệu của trung tâm ({state.refused}); "
                "không gửi gì nữa cho đến khi đổi mã (token)",
                f"The province refuses this centre ({state.refused}); nothing is shipped "
                "until the token changes",
            ),
        )
    stuck = state.stuck_minutes(now)
    if stuck is None:
        return ()
    return (  # the count behind is on the hall: in the message it would raise it again and again
        Alert(
            "province:unreachable",
            "province_unreachable",
            "province",
            f"Đã {stuck} phút không gửi được dữ liệu lên tỉnh: {state.error}",
            f"The event log has not reached the province for {stuck} min: {state.error}",
        ),
    )


def shipping(state: ShippingState | None, now: datetime) -> dict[str, Any] | None:
    """What the hall shows of the shipping to the province; None without ``[province]``."""
    if state is None:
        return None
    return {
        "url": state.url,
        "centre": state.centre,
        "acked_seq": state.acked_seq,
        "last_seq": state.last_seq,
        "behind": state.behind,
        "last_contact": state.last_contact,
        "contact_minutes": _minutes(state.last_contact, now),
        "down_minutes": _minutes(state.down_since, now),
        "error": state.error,
        "refused": state.refused,
        "shipped": state.shipped,
        "ok": state.error is None and state.refused is None and state.acked_seq is not None,
    }


def due_notices(store: Store, now: datetime) -> bool:
    """Whether a scheduled notice should go up or come down now."""
    return store.notices_due(now)
