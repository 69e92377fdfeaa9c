"""Paired devices and their health, the alerts raised; renaming and revoking a device."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from queue_core import clock
from queue_core.api.errors import status_of
from queue_core.console import auth, live
from queue_core.console.rendering import (
    fragment_guard,
    page_context,
    page_guard,
    page_router,
    render,
)
from queue_core.errors import LuotError
from queue_core.store import Principal, Store, rename_device, revoke_device_audited

router = page_router()

DeviceId = Annotated[int, Path(ge=1, le=2**53)]
"""A device's row id, as the API bounds a ticket's: a larger number is no row, and past 2**63
SQLite cannot even be asked."""


async def _devices(request: Request) -> dict[str, Any]:
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        return {
            "devices": live.devices(store, now),
            "alerts": live.active_alerts(store),
            "alert_kinds": live.DEVICE_ALERT_KINDS,
            "seq": store.last_seq(),
        }

    return await auth.runtime_of(request).reader.read(read)


@router.get("/devices")
async def devices_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    context = page_context(request, "devices", who, **await _devices(request))
    return render(request, "devices.html", context)


@router.get("/fragment/devices")
async def devices_fragment(request: Request) -> Response:
    who = await fragment_guard(request)
    context = page_context(request, "devices", who, **await _devices(request))
    return render(request, "_devices.html", context)


@router.post("/devices/{device_id}/rename")
async def device_rename(request: Request, device_id: DeviceId) -> Response:
    who, form = await auth.acting(request)
    name = form.get("name", "")
    return await _device_action(
        request,
        who,
        lambda store, now: rename_device(store.conn, who.username or "", now, device_id, name),
    )


@router.post("/devices/{device_id}/revoke")
async def device_revoke(request: Request, device_id: DeviceId) -> Response:
    who, _form = await auth.acting(request)
    return await _device_action(
        request,
        who,
        lambda store, now: revoke_device_audited(store.conn, who.username or "", now, device_id),
    )


async def _device_action(
    request: Request, who: Principal, work: Callable[[Store, datetime], object]
) -> Response:
    try:
        await auth.runtime_of(request).writer.transaction(work)
    except LuotError as error:
        context = page_context(request, "devices", who, error=error, **await _devices(request))
        return render(request, "devices.html", context, status_of(error))
    return RedirectResponse("/console/devices?done=1", status_code=303)
