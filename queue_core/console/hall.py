"""The live hall: per service and per counter, re-fetched as a fragment on each event."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from queue_core import clock
from queue_core.console import auth, live
from queue_core.console.rendering import (
    fragment_guard,
    page_context,
    page_guard,
    page_router,
    render,
)
from queue_core.console.texting import texts_panel

router = page_router()


async def _hall(request: Request) -> dict[str, Any]:
    now = clock.now()
    runtime = auth.runtime_of(request)
    hall = await runtime.reader.read(lambda store: live.hall(store, now))
    shipper, notifier = runtime.shipper, runtime.notifier
    return {
        **hall,
        "shipping": live.shipping(shipper.state() if shipper else None, now),
        "texts": texts_panel(notifier.state() if notifier else None, now),
    }


@router.get("")
async def hall_page(request: Request) -> Response:
    who = await page_guard(request)
    if isinstance(who, Response):
        return who
    return render(
        request, "hall.html", page_context(request, "hall", who, hall=await _hall(request))
    )


@router.get("/fragment/hall")
async def hall_fragment(request: Request) -> Response:
    who = await fragment_guard(request)
    context = page_context(request, "hall", who, hall=await _hall(request))
    return render(request, "_hall.html", context)
