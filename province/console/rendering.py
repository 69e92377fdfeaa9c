"""What every page of the provincial console shares: its templates, the context a page is drawn
with, the guard in front of pages and of fragments, downloads and forms; and the routes of its
static files and of the language switch."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from province import __version__
from province.console import auth, charts
from province.console.text import LANGS, translator
from province.errors import ConsoleError

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["rating_bar"] = charts.rating_bar
STATIC = {
    "province.css": ("text/css; charset=utf-8", HERE / "static" / "province.css"),
    "province.js": ("text/javascript; charset=utf-8", HERE / "static" / "province.js"),
}
PAGES = (
    ("overview", "/province", False),
    ("alerts", "/province/alerts", False),
    ("reports", "/province/reports", False),
    ("admin", "/province/admin", True),
    ("audit", "/province/audit", False),
)
"""Each page of the top bar: its key, address, and whether only an admin sees it."""


def page_router() -> APIRouter:
    """A router for one page's routes, under ``/province`` and out of the OpenAPI document."""
    return APIRouter(prefix="/province", include_in_schema=False)


router = page_router()


def lang_of(request: Request) -> str:
    lang = request.cookies.get(auth.LANG_COOKIE, "vi")
    return lang if lang in LANGS else "vi"


def page_context(
    request: Request, page: str, who: auth.Staff | None, **extra: Any
) -> dict[str, Any]:
    settings = auth.settings_of(request)
    lang = lang_of(request)
    zone = settings.zone
    now = settings.now()
    t = translator(lang)

    def local(moment: datetime | None, form: str = "%d/%m/%Y %H:%M") -> str:
        return "" if moment is None else moment.astimezone(zone).strftime(form)

    def ago(moment: datetime | None) -> str:
        if moment is None:
            return t("never")
        minutes = max(0, int((now - moment).total_seconds() // 60))
        if minutes < 60:
            return f"{minutes} {t('minutes')} {t('ago')}"
        hours, rest = divmod(minutes, 60)
        if hours < 48:
            return f"{hours} h {rest:02d} {t('ago')}"
        return f"{hours // 24} {t('day').lower()} {t('ago')}"

    return {
        "t": t,
        "lang": lang,
        "page": page,
        "pages": [(key, url) for key, url, admin in PAGES if who and (who.is_admin or not admin)],
        "who": who,
        "csrf": auth.csrf_token(who.token) if who else "",
        "title": settings.title,
        "version": __version__,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "now": now,
        "local": local,
        "ago": ago,
        "refresh_seconds": settings.refresh_seconds,
        **extra,
    }


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


async def page_guard(request: Request, admin: bool = False) -> auth.Staff | Response:
    """A page: without a session, to the login page; an admin's page refused to a viewer."""
    who = await auth.staff_of(request)
    if who is None:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/province/login?next={target}", status_code=303)
    if admin:
        auth.refuse_unless_admin(who)
    await auth.used(request, who)
    return who


async def fragment_guard(request: Request) -> auth.Staff:
    """A live part or a download: 401 without a session; not use of the session."""
    return auth.required_session(await auth.staff_of(request))


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        raise ConsoleError("There is nothing at this address.", code="not_found")
    kind, path = STATIC[name]
    return Response(path.read_bytes(), media_type=kind, headers={"Cache-Control": "no-cache"})


def safe_next(target: str | None) -> str:
    if (
        target
        and target.startswith("/province")
        and "//" not in target
        and "\\" not in target
        and len(target) <= 500
    ):
        return target
    return "/province"


@router.get("/lang")
async def switch_language(request: Request, to: str = "vi", next: str | None = None) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_cookie(request, response, auth.LANG_COOKIE, to if to in LANGS else "vi")
    return response
