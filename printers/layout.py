"""The ticket drawn once: render_ticket (and the test page) -> a 1-bit Pillow image."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw
from qrcode.constants import ERROR_CORRECT_M

from printers.fonts import Line, Weight, fit_size, font, line_box, wrap_balanced
from printers.texts import Lang, text
from printers.tickets import PrintableTicket, TicketSite

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "render_test_page", "render_ticket"]

MIN_WIDTH = 256
MAX_WIDTH = 1024

BLACK = 0
WHITE = 255

_Op = Callable[[ImageDraw.ImageDraw, Image.Image], None]


@dataclass
class _Sheet:
    """A column of blocks drawn top to bottom, centred, then cut to its height."""

    width: int
    scale: float = field(init=False)
    margin: int = field(init=False)
    y: int = 0
    ops: list[_Op] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scale = self.width / 384
        self.margin = round(12 * self.scale)

    @property
    def inner(self) -> int:
        return self.width - 2 * self.margin

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def space(self, value: float) -> None:
        self.y += self.px(value)

    def lines(self, lines: Sequence[Line], weight: Weight, leading: float = 1.0) -> None:
        for line in lines:
            ascent, descent = line_box(weight, line.size)
            stamp, (left, top) = _stamp(line.text, weight, line.size)
            position = (self.width // 2 + left, self.y + ascent + top)

            def op(
                _: ImageDraw.ImageDraw,
                canvas: Image.Image,
                stamp: Image.Image = stamp,
                position: tuple[int, int] = position,
            ) -> None:
                canvas.paste(BLACK, position, mask=stamp)

            self.ops.append(op)
            self.y += round((ascent + descent) * leading)

    def paragraph(self, value: str, weight: Weight, size: float, leading: float = 1.0) -> None:
        self.lines(wrap_balanced(value, weight, self.px(size), self.inner), weight, leading)

    def rule(self, thickness: float = 2, dashed: bool = False) -> None:
        top, height = self.y, max(1, self.px(thickness))
        left, right = self.margin, self.width - self.margin
        dash = self.px(8)

        def op(d: ImageDraw.ImageDraw, _: Image.Image) -> None:
            if not dashed:
                d.rectangle((left, top, right - 1, top + height - 1), fill=BLACK)
                return
            for x in range(left, right, 2 * dash):
                d.rectangle((x, top, min(x + dash, right) - 1, top + height - 1), fill=BLACK)

        self.ops.append(op)
        self.y += height

    def big(self, value: str, weight: Weight, cap: float) -> None:
        """``value`` as large as the inner width allows, up to ``cap`` pixels per em."""
        size = fit_size(value, weight, self.px(cap), self.inner)
        face = font(weight, size)
        left, top, right, bottom = face.getbbox(value, anchor="ls")
        x = (self.width - (right - left)) // 2 - left
        baseline = self.y - top

        def op(d: ImageDraw.ImageDraw, _: Image.Image) -> None:
            d.text((x, baseline), value, font=face, fill=BLACK, anchor="ls")

        self.ops.append(op)
        self.y += int(bottom - top)

    def badge(self, value: str, size: float) -> None:
        """White bold text on a black band across the inner width."""
        size_px = fit_size(value, Weight.BOLD, self.px(size), self.inner - 16)
        face = font(Weight.BOLD, size_px)
        ascent, descent = line_box(Weight.BOLD, size_px)
        pad = self.px(6)
        top, bottom = self.y, self.y + ascent + descent + 2 * pad
        left, right, centre = self.margin, self.width - self.margin - 1, self.width // 2

        def op(d: ImageDraw.ImageDraw, _: Image.Image) -> None:
            d.rounded_rectangle((left, top, right, bottom), radius=self.px(8), fill=BLACK)
            d.text((centre, top + pad + ascent), value, font=face, fill=WHITE, anchor="ms")

        self.ops.append(op)
        self.y = bottom + 1

    def picture(self, image: Image.Image) -> None:
        position = ((self.width - image.width) // 2, self.y)

        def op(_: ImageDraw.ImageDraw, canvas: Image.Image) -> None:
            canvas.paste(image, position)

        self.ops.append(op)
        self.y += image.height

    def frame(self, thickness: int) -> None:
        """A border around the whole sheet (drawn last, at its final height)."""

        def op(d: ImageDraw.ImageDraw, canvas: Image.Image) -> None:
            w, h = canvas.size
            for i in range(thickness):
                d.rectangle((i, i, w - 1 - i, h - 1 - i), outline=BLACK)

        self.ops.append(op)

    def render(self) -> Image.Image:
        canvas = Image.new("1", (self.width, self.y), WHITE)
        draw = ImageDraw.Draw(canvas)
        for op in self.ops:
            op(draw, canvas)
        return canvas


@lru_cache(maxsize=512)
def _stamp(value: str, weight: Weight, size: int) -> tuple[Image.Image, tuple[int, int]]:
    """``value`` drawn once as a mask (ink = 255), and where its top left sits from the
    point that is the middle of its baseline. Cached: names repeat on every ticket."""
    face = font(weight, size)
    left, top, right, bottom = (int(edge) for edge in face.getbbox(value, anchor="ms"))
    stamp = Image.new("1", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(stamp).text((-left, -top), value, font=face, fill=255, anchor="ms")
    return stamp, (left, top)


def _check_width(width_dots: int) -> None:
    if not (MIN_WIDTH <= width_dots <= MAX_WIDTH and width_dots % 8 == 0):
        raise ValueError(
            f"paper width must be a multiple of 8 dots in {MIN_WIDTH}..{MAX_WIDTH}, "
            f"e.g. 384 (58 mm) or 576 (80 mm); got {width_dots}"
        )


def _qr(url: str, target: int) -> Image.Image:
    """The QR code of ``url`` with its quiet zone, about ``target`` dots wide, sharp modules."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    cells = bytes(BLACK if cell else WHITE for row in matrix for cell in row)
    small = Image.frombytes("L", (n, n), cells)
    module = max(2, target // n)
    return small.resize((n * module, n * module), Image.Resampling.NEAREST).convert("1")


def _when(issued_at: datetime, lang: Lang) -> str:
    """Date and time of issue, in the offset the core gave (the centre's own time)."""
    return text(
        lang, "issued", time=issued_at.strftime("%H:%M"), date=issued_at.strftime("%d/%m/%Y")
    )


def ahead_text(n: int, lang: Lang) -> str:
    """How many wait ahead, as the ticket says it (and the kiosk's screen of that ticket)."""
    if n == 0:
        return text(lang, "ahead_none")
    return text(lang, "ahead_one") if n == 1 else text(lang, "ahead_many", n=n)


SHORT_WAIT_MINUTES = 5
"""A range whose top is at most this reads "under 5 minutes" (``queue_core``'s SHORT_WAIT)."""


def estimate_text(
    minutes: int | None, lang: Lang, wait_range: tuple[int, int] | None = None
) -> str:
    """The estimated wait, as the ticket says it (and the kiosk's screen of that ticket): the
    range where the core gave one, else the minutes."""
    if wait_range is not None:
        low, high = wait_range
        if high <= SHORT_WAIT_MINUTES:
            return text(lang, "estimate_short", m=SHORT_WAIT_MINUTES)
        return text(lang, "estimate_range", low=low, high=high)
    if minutes is None:
        return text(lang, "estimate_unknown")
    if minutes == 0:
        return text(lang, "estimate_none")
    return text(lang, "estimate_one") if minutes == 1 else text(lang, "estimate_many", m=minutes)


def render_ticket(ticket: PrintableTicket, site: TicketSite, width_dots: int) -> Image.Image:
    """Draw ``ticket`` for paper ``width_dots`` wide: a mode "1" image, black = printed dot.

    Pure: the same arguments give the same pixels; the preview PNG is this image.
    """
    _check_width(width_dots)
    lang = ticket.lang
    sheet = _Sheet(width_dots)
    sheet.space(10)
    sheet.paragraph(site.centre_name.upper(), Weight.BOLD, 19)
    sheet.space(8)
    sheet.rule()
    sheet.space(10)
    sheet.paragraph(ticket.agency_name, Weight.MEDIUM, 20)
    sheet.space(2)
    sheet.paragraph(ticket.service_name, Weight.BOLD, 22)
    if lang is Lang.EN:
        english = [n for n in (ticket.agency_name_en, ticket.service_name_en) if n]
        if english:
            sheet.space(6)
        for name in english:
            sheet.paragraph(name, Weight.REGULAR, 17)
    sheet.space(10)
    sheet.rule()
    sheet.space(12)
    sheet.paragraph(text(lang, "number_label"), Weight.MEDIUM, 17)
    sheet.space(8)
    sheet.big(ticket.number, Weight.BOLD, cap=200)
    sheet.space(14)
    if ticket.priority:
        mark = text(Lang.VI, "priority")
        if lang is Lang.EN:
            mark = f"{mark} · {text(Lang.EN, 'priority')}"
        sheet.badge(mark, 26)
        sheet.space(12)
    if ticket.appointment_at is not None:
        slot = f"{ticket.appointment_at.astimezone(ticket.issued_at.tzinfo):%H:%M}"
        mark = text(Lang.VI, "appointment", time=slot)
        if lang is Lang.EN:
            mark = f"{mark} · {text(Lang.EN, 'appointment', time=slot)}"
        sheet.badge(mark, 24)
        sheet.space(12)
    sheet.paragraph(_when(ticket.issued_at, lang), Weight.REGULAR, 18)
    sheet.space(6)
    sheet.paragraph(ahead_text(ticket.ahead, lang), Weight.MEDIUM, 20)
    sheet.paragraph(
        estimate_text(ticket.estimate_minutes, lang, ticket.estimate_range), Weight.MEDIUM, 20
    )
    sheet.space(6)
    sheet.picture(_qr(site.ticket_url(ticket), sheet.px(170)))
    sheet.paragraph(text(lang, "scan"), Weight.REGULAR, 16)
    sheet.space(10)
    sheet.rule(2, dashed=True)
    sheet.space(8)
    sheet.paragraph(site.footer_for(lang) or text(lang, "footer_default"), Weight.REGULAR, 16)
    sheet.space(14)
    return sheet.render()


def render_test_page(width_dots: int, details: Sequence[str], printed_at: datetime) -> Image.Image:
    """The technician's test page: a frame on the paper's edges, every Vietnamese
    diacritic, the printer's details and the time. Pure, like render_ticket."""
    _check_width(width_dots)
    sheet = _Sheet(width_dots)
    sheet.space(14)
    sheet.paragraph(
        f"{text(Lang.VI, 'test_title')} · {text(Lang.EN, 'test_title')}", Weight.BOLD, 24
    )
    sheet.space(8)
    sheet.rule()
    sheet.space(10)
    for lang in Lang:
        sheet.paragraph(text(lang, "test_sample"), Weight.REGULAR, 20)
        sheet.space(4)
    sheet.space(6)
    for detail in details:
        sheet.paragraph(detail, Weight.MEDIUM, 17)
    sheet.paragraph(printed_at.strftime("%d/%m/%Y %H:%M:%S"), Weight.MEDIUM, 17)
    sheet.space(10)
    sheet.big("0123456789", Weight.BOLD, cap=120)
    sheet.space(10)
    for lang in Lang:
        sheet.paragraph(text(lang, "test_edges"), Weight.REGULAR, 16)
    sheet.space(14)
    sheet.frame(2)
    return sheet.render()
