"""What every console page shares: its templates, the context each page is drawn with, the
guards in front of pages and fragments; and the routes of its static files and language."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from queue_core import __version__, clock
from queue_core.console import auth
from queue_core.console.text import LANGS, translator
from queue_core.errors import ApiError
from queue_core.store import Principal

HERE = Path(__file__).parent


templates = Jinja2Templates(directory=HERE / "templates")


STATIC = {
    "console.css": ("text/css; charset=utf-8", HERE / "static" / "console.css"),
    "console.js": ("text/javascript; charset=utf-8", HERE / "static" / "console.js"),
}


def page_router() -> APIRouter:
    """A router for one page's routes, under ``/console`` and out of the OpenAPI document."""
    return APIRouter(prefix="/console", include_in_schema=False)


router = page_router()


PAGES = (
    ("hall", "/console"),
    ("devices", "/console/devices"),
    ("admin", "/console/admin"),
    ("bookings", "/console/bookings"),
    ("audit", "/console/audit"),
    ("reports", "/console/reports"),
)


def lang_of(request: Request) -> str:
    lang = request.cookies.get(auth.LANG_COOKIE, "vi")
    return lang if lang in LANGS else "vi"


def page_context(
    request: Request, page: str, who: Principal | None, **extra: Any
) -> dict[str, Any]:
    runtime = auth.runtime_of(request)
    site = runtime.site
    lang = lang_of(request)
    token = request.cookies.get(auth.COOKIE, "")
    return {
        "t": translator(lang),
        "lang": lang,
        "page": page,
        "pages": PAGES,
        "who": who,
        "csrf": auth.csrf_token(token) if token else "",
        "site": site,
        "site_name": site.name_en if lang == "en" and site.name_en else site.name,
        "version": __version__,
        "here": request.url.path,
        "short_pin": who is not None and request.cookies.get(auth.SHORT_PIN_COOKIE) == "1",
        "now": site.local(clock.now()),
        "local": lambda moment: (
            "" if moment is None else site.local(moment).strftime("%d/%m/%Y %H:%M")
        ),
        **extra,
    }


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"  # the rest: api/headers.py, on every answer
    return response


async def page_guard(request: Request) -> Principal | Response:
    """A page: without a session, to the login page; a clerk or a device, refused."""
    who = await auth.principal(request)
    if who is None:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/console/login?next={target}", status_code=303)
    auth.refuse_unless_supervisor(who)
    await auth.used(request)
    return who


async def fragment_guard(request: Request) -> Principal:
    return auth.refuse_unless_supervisor(await auth.principal(request))


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise ApiError(404, "not_found", "There is nothing at this address.")
    kind, path = STATIC[name]
    return Response(path.read_bytes(), media_type=kind, headers={"Cache-Control": "no-cache"})


def safe_next(target: str | None) -> str:
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return "/console"


@router.get("/lang")
async def switch_language(request: Request, to: str = "vi", next: str | None = None) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_cookie(request, response, auth.LANG_COOKIE, to if to in LANGS else "vi")
    return response
