"""Dossier lookups: `GET /api/v1/dossiers/{code}`, the month's figures, and the phone page `/d/`."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, JSONResponse, Response

from queue_core import clock
from queue_core.api.errors import ERROR_SCHEMA
from queue_core.api.ratelimit import RateLimiter
from queue_core.api.runtime import ApiRuntime
from queue_core.dossiers.repository import agency_figures, ready_codes
from queue_core.dossiers.service import public_answer
from queue_core.errors import ApiError
from queue_core.store import Store

router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
limiter = RateLimiter()

Code = Annotated[str, PathParam(max_length=64, description="the code on the dossier's receipt")]
UNKNOWN = (
    "unknown_dossier",
    "No dossier has this code. Check the code on your receipt (mã hồ sơ).",
)
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    for status, text in ((404, "no such dossier"), (429, "too many lookups from this address"))
}


def _check_rate(request: Request) -> None:
    address = request.client.host if request.client else "unknown"
    wait = limiter.hit(address, time.monotonic())
    if wait is not None:
        raise _TooMany(wait)


class _TooMany(ApiError):
    def __init__(self, wait: float) -> None:
        super().__init__(
            429,
            "too_many_lookups",
            f"Too many lookups from this address; try again in {wait:.0f} s.",
            retry_after=wait,
        )
        self.wait = wait


async def _answer(request: Request, code: str) -> dict[str, Any] | None:
    runtime: ApiRuntime = request.app.state.runtime
    now = clock.now()
    return await runtime.reader.read(lambda store: public_answer(store, code, now))


@router.get("/api/v1/dossiers", summary="this month's dossier figures per agency, and codes ready")
async def dossier_figures(request: Request) -> dict[str, Any]:
    runtime: ApiRuntime = request.app.state.runtime
    now = clock.now()

    def read(store: Store) -> dict[str, Any]:
        site = store.site
        local = site.local(now)
        start = local.replace(day=1, hour=site.day_reset_hour, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1)
        figures = agency_figures(store.conn, start, end, now, site.timezone)
        return {
            "month": f"{start:%Y-%m}",
            "agencies": [
                {
                    "id": agency.id,
                    "name": agency.name,
                    "name_en": agency.name_en,
                    "received": f.received,
                    "resolved": f.resolved,
                    "early": f.early,
                    "on_time": f.on_time,
                    "late": f.late,
                    "on_time_share": f.on_time_share,
                    "ready_codes": ready_codes(store.conn, agency.id, limit=50),
                }
                for agency in site.agencies
                if (f := figures.get(agency.id)) is not None
            ],
        }

    return await runtime.reader.read(read)


@router.get(
    "/api/v1/dossiers/{code}",
    responses=_ERRORS,
    summary="one dossier's status in plain words; the holder's name masked",
)
async def dossier(request: Request, code: Code) -> Response:
    try:
        _check_rate(request)
    except _TooMany as refused:
        return _too_many(refused)
    answer = await _answer(request, code)
    if answer is None:
        raise ApiError(404, *UNKNOWN)
    return JSONResponse(answer)


@router.get("/d/{code}", response_class=HTMLResponse, include_in_schema=False)
async def dossier_page(request: Request, code: Code) -> Response:
    runtime: ApiRuntime = request.app.state.runtime
    try:
        _check_rate(request)
    except _TooMany as refused:
        return _too_many(refused)
    answer = await _answer(request, code)
    site = runtime.site
    context = {
        "dossier": answer,
        "code": code,
        "site": {"name": site.name, "name_en": site.name_en or site.name},
    }
    return templates.TemplateResponse(
        request, "dossier.html", context, status_code=200 if answer else 404
    )


def _too_many(refused: _TooMany) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": refused.code, "message": refused.message}},
        status_code=429,
        headers={"Retry-After": str(int(refused.wait))},
    )
