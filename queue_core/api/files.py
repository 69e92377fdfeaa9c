"""The files the core's own pages load (the phone pages' stylesheets and scripts) and the API's
docs page, with the core's own copy of Swagger UI: nothing is fetched from another site."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import FileResponse, HTMLResponse, Response

from queue_core.errors import ApiError

HERE = Path(__file__).parent
STATIC = HERE / "static"
SWAGGER_UI = STATIC / "swagger-ui"
"""swagger-ui-dist, vendored unchanged with its licence (see SOURCE.txt there)."""

DOCS_PATH = "/api/v1/docs"
OPENAPI_PATH = "/api/v1/openapi.json"

CSS, JS, WOFF = "text/css; charset=utf-8", "text/javascript; charset=utf-8", "font/woff"
PAGE_FILES = {
    "ticket.css": (CSS, STATIC / "ticket.css"),
    "ticket.js": (JS, STATIC / "ticket.js"),
    "dossier.css": (CSS, STATIC / "dossier.css"),
    "dossier.js": (JS, STATIC / "dossier.js"),
}
FONT_FILES = {  # Be Vietnam Pro cut down to the pages' letters (harness/font_subset.py)
    name: (WOFF, STATIC / "fonts" / name)
    for name in ("be-vietnam-pro-400.woff", "be-vietnam-pro-700.woff")
}
DOCS_FILES = {
    "swagger-ui.css": (CSS, SWAGGER_UI / "swagger-ui.css"),
    "swagger-ui-bundle.js": (JS, SWAGGER_UI / "swagger-ui-bundle.js"),
    "api-docs.js": (JS, STATIC / "api-docs.js"),
}

templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)


def _file(files: dict[str, tuple[str, Path]], name: str, cache: str) -> Response:
    if name not in files:
        raise ApiError(404, "not_found", "There is nothing at this address.")
    kind, path = files[name]
    return FileResponse(path, media_type=kind, headers={"Cache-Control": cache})


@router.get("/static/{name}")
async def page_file(name: str) -> Response:
    # a phone keeps them, but asks again whether they changed (an upgraded core)
    return _file(PAGE_FILES, name, "no-cache")


@router.get("/static/fonts/{name}")
async def font_file(name: str) -> Response:
    return _file(FONT_FILES, name, "max-age=604800")  # a week: a font never changes under its name


@router.get(DOCS_PATH, response_class=HTMLResponse)
async def docs_page(request: Request) -> Response:
    context = {"title": request.app.title, "openapi_url": OPENAPI_PATH}
    return templates.TemplateResponse(request, "api-docs.html", context)


@router.get(DOCS_PATH + "/{name}")
async def docs_file(name: str) -> Response:
    return _file(DOCS_FILES, name, "max-age=86400")
