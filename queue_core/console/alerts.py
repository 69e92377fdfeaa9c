"""The server's periodic checker: alerts raised and cleared (the hall's, the devices', a kiosk
taking tickets too fast, the backups', the shipping to the province's), scheduled notices put
up and down.

Both go through the writer as commands, so their events get seqs and reach every subscriber;
the store keeps the raised alerts, so each is raised once and cleared once, across restarts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from queue_core import clock
from queue_core.api.runtime import ApiRuntime
from queue_core.console.live import (
    Limits,
    active_alerts,
    backup_alerts,
    compute_alerts,
    due_notices,
    province_alerts,
)
from queue_core.console.texting import texts_alerts
from queue_core.domain import Alert, ApplyNoticeSchedule, SweepBookings, SyncAlerts
from queue_core.store import Store, list_devices, missed_due

log = logging.getLogger("luot.console.alerts")


def flooding_alerts(store: Store, flooding: list[int]) -> tuple[Alert, ...]:
    """The kiosks refused lately for taking tickets faster than a person can (``api.issue_rate``):
    a token copied off a kiosk, most likely. Revoking the device ends the alert."""
    alerts = []
    for device in list_devices(store.conn):
        if device.id in flooding and device.revoked_at is None:
            alerts.append(
                Alert(
                    f"device:{device.id}:flooding",
                    "device_flooding",
                    str(device.id),
                    f"Thiết bị {device.name}: lấy số nhanh hơn người lấy được, đã bị từ chối; "
                    "nếu không rõ vì sao, hãy thu hồi thiết bị (mã của nó có thể đã bị sao chép)",
                    f"Device {device.name}: taking tickets faster than a person can, refused; "
                    "unless you know why, revoke it (its token may have been copied)",
                )
            )
    return tuple(alerts)


async def check_once(runtime: ApiRuntime) -> None:
    now = clock.now()
    backups = backup_alerts(runtime.backups.state() if runtime.backups else None, now)
    backups += province_alerts(runtime.shipper.state() if runtime.shipper else None, now)
    backups += texts_alerts(runtime.notifier.state() if runtime.notifier else None)
    flooding = runtime.issues.flooding(now.timestamp())

    def read(store: Store) -> tuple[SyncAlerts | None, bool, bool]:
        wanted = compute_alerts(store, now) + flooding_alerts(store, flooding) + backups
        stored = {(a["key"], a["message"]) for a in active_alerts(store)}
        changed = stored != {(a.key, a.message) for a in wanted}
        sync = SyncAlerts(wanted) if changed else None
        return sync, due_notices(store, now), missed_due(store.conn, store.site, now)

    sync, notices_due, bookings_missed = await runtime.reader.read(read)
    if sync is not None:
        await runtime.writer.run_command(sync)
    if notices_due:
        await runtime.writer.run_command(ApplyNoticeSchedule())
    if bookings_missed:  # a holder past their grace is missed within a round of the checker
        await runtime.writer.run_command(SweepBookings())


async def run_checker(runtime: ApiRuntime) -> None:
    while True:
        try:
            await check_once(runtime)
        except asyncio.CancelledError:
            raise
        except Exception:  # the next round tries again; a bug is logged with its trace
            log.exception("alert check failed")
        await asyncio.sleep(Limits.of(runtime.site).check_seconds)


@asynccontextmanager
async def checker_lifespan(app: Any) -> AsyncIterator[None]:
    """Runs inside the app's lifespan, after the core has started."""
    runtime: ApiRuntime = app.state.runtime
    task = asyncio.create_task(run_checker(runtime), name="luot-console-checker")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
