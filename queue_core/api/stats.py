"""`GET /api/v1/stats`: a supervisor's figures per service, counter or clerk over business days."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from starlette.responses import JSONResponse

from queue_core import clock
from queue_core.api.access import Bearer, api_router, bearer, json, require_supervisor, runtime_of
from queue_core.errors import ApiError
from queue_core.store import GroupBy, Store, authenticate, stats, too_long

router = api_router()


@router.get(
    "/stats", summary="figures per service, counter or clerk over business days (supervisor)"
)
async def get_stats(
    request: Request,
    from_: Annotated[date | None, Query(alias="from", description="first business day")] = None,
    to: Annotated[date | None, Query(description="last business day (inclusive)")] = None,
    by: Literal["service", "counter", "staff"] = "service",
    authorization: Bearer = None,
) -> JSONResponse:
    runtime = runtime_of(request)
    today = runtime.site.business_day(clock.now())
    last = to or today
    first = from_ or last
    if first > last:
        raise ApiError(422, "invalid_range", "`from` must not be after `to`.", field="from")
    if too_long(first, last):
        raise ApiError(422, "range_too_long", "Ask for at most a year at a time.", field="from")
    token = bearer(authorization)

    def read(store: Store) -> dict[str, Any]:
        require_supervisor(authenticate(store.conn, token, clock.now()))
        return stats(store, first, last, GroupBy(by))

    return json(await runtime.reader.read(read))
