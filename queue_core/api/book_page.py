"""The citizens' booking page `/book`, phone-sized, Vietnamese first and English: a service, a
day, a slot, the name and phone, then the code and its QR. Plain forms and links, no script, no
file from another site; a booking is made in the writer's transaction like any other."""

from __future__ import annotations

import base64
import io
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import FileResponse, HTMLResponse, Response

from queue_core import clock
from queue_core.api.access import client_address, runtime_of
from queue_core.api.ratelimit import RateLimiter
from queue_core.bookings import booking_json, services_json
from queue_core.domain import Book, DomainError
from queue_core.domain.appointments import Booking, appointment_rules
from queue_core.errors import ApiError
from queue_core.store import Store, slots_of_day

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
bookings_made = RateLimiter(limit=10, window=600.0)
"""Ten bookings from one address in ten minutes: a family books, a script does not."""
MAX_FORM_BYTES = 4096


@dataclass(frozen=True)
class Texts:
    lang: str

    def __call__(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _days(store: Store, service: str, now: datetime) -> list[dict[str, Any]]:
    """The coming days with a free slot (within the days ahead the site allows)."""
    site = store.site
    today = site.local(now).date()
    found = []
    for offset in range(appointment_rules(site).days_ahead + 1):
        day = today + timedelta(days=offset)
        free = sum(s.free for s in slots_of_day(store.conn, site, service, day) if s.slot_at > now)
        if free:
            found.append({"day": day, "free": free})
    return found


def _slots(store: Store, service: str, day: date, now: datetime) -> list[dict[str, Any]]:
    site = store.site
    return [
        {"at": s.slot_at, "local": site.local(s.slot_at), "free": s.free}
        for s in slots_of_day(store.conn, site, service, day)
        if s.slot_at > now and s.free
    ]


@router.get("/book", response_class=HTMLResponse)
async def book_page(request: Request) -> Response:
    runtime = runtime_of(request)
    lang, now = _lang(request), clock.now()
    service = request.query_params.get("service") or None
    day_text = request.query_params.get("day") or None

    def read(store: Store) -> dict[str, Any]:
        site = store.site
        offered = {s["id"]: s for s in services_json(site)}
        context: dict[str, Any] = {"services": list(offered.values()), "step": "service"}
        if service is not None and service in offered:
            context.update(service=offered[service], step="day", days=_days(store, service, now))
            day = _day(day_text)
            if day is not None:
                context.update(day=day, step="slot", slots=_slots(store, service, day, now))
        return context

    context = await runtime.reader.read(read)
    return _page(request, lang, context)


def _day(text: str | None) -> date | None:
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None


def _page(request: Request, lang: str, context: dict[str, Any], status: int = 200) -> Response:
    site = runtime_of(request).site
    return templates.TemplateResponse(
        request,
        "book.html",
        {**context, "t": Texts(lang), "lang": lang, "site": site},
        status_code=status,
    )


async def _form(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise ApiError(415, "unsupported_media_type", "Send the booking form as a form.")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ApiError(413, "body_too_large", "The booking form is larger than it can be.")
    fields = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=10)
    return {key: values[-1].strip() for key, values in fields.items()}


@router.post("/book", response_class=HTMLResponse)
async def book(request: Request) -> Response:
    runtime = runtime_of(request)
    form = await _form(request)
    lang = "en" if form.get("lang") == "en" else "vi"
    t = Texts(lang)
    wait = bookings_made.hit(client_address(request), time.monotonic())
    if wait is not None:
        raise ApiError(
            429, "too_many_bookings",
            f"Too many bookings from this address; try again in {wait:.0f} s.", retry_after=wait,
        )  # fmt: skip
    try:
        slot = datetime.fromisoformat(form.get("slot", ""))
        if slot.tzinfo is None:
            raise ValueError("no offset")
    except ValueError:
        return _page(request, lang, {"step": "service", "services": [],
                                     "problem": t("Hãy chọn một giờ hẹn.", "Choose a time.")},
                     422)  # fmt: skip
    command = Book(
        form.get("service", ""), slot, form.get("name", ""), form.get("phone") or None, "web"
    )
    try:
        outcome = await runtime.writer.run_command(command)
        made = outcome.unwrap()
    except DomainError as refused:
        return _page(request, lang, {"step": "service", "services": services_json(runtime.site),
                                     "problem": _why(t, refused)}, 409
                     if refused.code in ("slot_full", "slot_past") else 422)  # fmt: skip
    assert isinstance(made, Booking)
    shown = booking_json(runtime.site, made)
    rules = appointment_rules(runtime.site)
    context = {"step": "done", "booking": shown, "slot": runtime.site.local(made.slot_at),
               "qr": qr_svg(made.code), "early": rules.early_minutes,
               "grace": rules.grace_minutes}  # fmt: skip
    return _page(request, lang, context, 201)


def _why(t: Texts, refused: DomainError) -> str:
    words = {
        "slot_full": t("Giờ này vừa hết chỗ; xin chọn giờ khác.", "That time has just filled up; "
                       "please choose another."),
        "slot_past": t("Giờ này đã qua; xin chọn giờ khác.", "That time has passed; please "
                       "choose another."),
        "invalid_name": t("Xin ghi họ và tên (2 đến 80 chữ).", "Please give your full name "
                          "(2 to 80 letters)."),
        "invalid_phone": t("Số điện thoại gồm 10 chữ số, ví dụ 0912 345 678.", "A phone number "
                           "is 10 digits, like 0912 345 678."),
    }  # fmt: skip
    return words.get(refused.code, t("Không đặt được lịch: ", "Could not book: ") + refused.message)


def qr_svg(code: str) -> str:
    """The booking's QR (its code alone, as the kiosk's scanner reads it) as a ``data:`` URI of
    an SVG: the page shows it with no file from anywhere, under the pages' own policy."""
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@router.get("/book/book.css")
async def book_css() -> Response:
    return FileResponse(
        HERE / "static" / "book.css",
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )
